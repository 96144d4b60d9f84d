/**
 * Lines added with "Ajouter réf.": on this device, kept until the server lists them; on
 * another phone, as learnt from the server (never sent again), so they show offline too.
 */
import type { LineDto } from '../../core/api/dto';
import { db, type AddedLine, type AddLineRequest } from './schema';

export async function saveAddedLine(
  inventoryId: number,
  line: LineDto,
  request: AddLineRequest,
  pending: boolean,
): Promise<void> {
  await db.addedLines.put({ inventoryId, key: line.key, line, request, pending: pending ? 1 : 0, error: null });
}

export const pendingAddedLines = (inventoryId: number): Promise<AddedLine[]> =>
  db.addedLines.where('[inventoryId+pending]').equals([inventoryId, 1]).toArray();

export async function markLineSent(inventoryId: number, key: string, line: LineDto): Promise<void> {
  await db.addedLines.update([inventoryId, key], { pending: 0, line, error: null });
}

export async function markLineRefused(inventoryId: number, key: string, error: string): Promise<void> {
  await db.addedLines.update([inventoryId, key], { error });
}

/**
 * Lines another device added, as the server listed them: kept with nothing to send
 * (pending 0); a line this device already holds (its own, maybe unsent) is left as it is.
 */
export const keepTeamLines = (inventoryId: number, lines: readonly LineDto[]): Promise<void> =>
  db.transaction('rw', db.addedLines, async () => {
    const held = await db.addedLines.bulkGet(lines.map((l): [number, string] => [inventoryId, l.key]));
    const fresh = lines.filter((_, i) => held[i] === undefined);
    await db.addedLines.bulkPut(
      fresh.map((line): AddedLine => ({
        inventoryId,
        key: line.key,
        line,
        request: requestOf(line),
        pending: 0,
        error: null,
      })),
    );
  });

/** The request a line stands for (kept for the record: a line with pending 0 is never sent). */
const requestOf = (line: LineDto): AddLineRequest => ({
  itemRef: line.itemRef,
  barcode: line.barcodes[0] ?? null,
  designation: line.designation,
  supplier: line.supplier,
  unit: line.unit,
  bin: line.bin,
  lot: line.lot,
  serial: line.serial,
});
