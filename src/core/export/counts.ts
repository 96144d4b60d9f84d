/**
 * counts.csv: every count event as received, late ones included and flagged, so the
 * accountant can trace each counted quantity to a device, a person and a time. Events
 * are absolute counts per device (see counting.ts), not deltas: summing the column
 * means nothing, the recap does the arithmetic. A withdrawal (a device taking back its
 * count of a line, qty null) is a row too: `quantite` empty and `retrait` = oui, so it
 * cannot be read as a count of 0. `tour` is the count round (0: first count, n: the n-th
 * recount opened for the line): a recount replaces the line's count, but both rows stay.
 */
import type { CountEvent } from '../counting';
import type { LineIdentity } from '../lineKey';
import { CsvWriter, type Column, type CsvDialect, type CsvOptions } from './csv';
import { FILE, type ExportFile } from './types';

export type ExportedCountEvent = CountEvent & {
  /** Arrived after the inventory was closed: kept, but not in the recap. */
  readonly late: boolean;
  /** The server's order for the event, when the events come from the server. */
  readonly cursor?: number;
};

export const COUNT_COLUMNS: readonly Column[] = [
  { id: 'id_evenement', type: 'text' },
  { id: 'cle_ligne', type: 'text' },
  { id: 'reference', type: 'text' },
  { id: 'emplacement', type: 'text' },
  { id: 'lot', type: 'text' },
  { id: 'serie', type: 'text' },
  { id: 'appareil', type: 'text' },
  { id: 'compteur', type: 'text' },
  { id: 'date', type: 'text' },
  { id: 'quantite', type: 'qty' },
  /** oui: the device withdrew its count of the line (quantite is then empty). */
  { id: 'retrait', type: 'bool' },
  { id: 'seq', type: 'int' },
  { id: 'tardif', type: 'bool' },
  { id: 'curseur', type: 'int' },
  /** Last, so readers of the older layout still find every column where it was. */
  { id: 'tour', type: 'int' },
];

/** Events in the order given (the server's cursor order); the line's reference, bin, lot and serial when `lines` has it. */
export function countsCsv(
  events: Iterable<ExportedCountEvent>,
  lines: ReadonlyMap<string, LineIdentity>,
  dialect: CsvDialect,
  options: CsvOptions = {},
): ExportFile {
  const w = new CsvWriter(COUNT_COLUMNS, dialect, options);
  for (const e of events) {
    const l = lines.get(e.lineKey);
    w.text(e.id).text(e.lineKey);
    if (l) w.text(l.itemRef).text(l.bin).text(l.lot).text(l.serial);
    else w.text(null).text(null).text(null).text(null);
    w.text(e.deviceId)
      .text(e.counter)
      .text(e.at)
      .qty(e.qty)
      .bool(e.qty === null)
      .int(e.seq)
      .bool(e.late)
      .int(e.cursor ?? null)
      .int(e.round)
      .endRow();
  }
  const csv = w.finish();
  return { name: FILE.counts, bytes: csv.bytes, rows: csv.rows };
}
