/**
 * variances.csv: the recap line by line, expected vs counted and the valued difference.
 * Uncounted lines are listed too (after the counted ones, as in the recap), marked as
 * such with the rule that set their quantity, so the `valeur_ecart` column adds up to the
 * manifest's total difference to the last digit.
 */
import type { UncountedPolicy } from '../inventory';
import type { Recap, RecapLine } from '../recap';
import { CsvWriter, LINE_NAME_COLUMNS, type Column, type CsvDialect, type CsvOptions } from './csv';
import { FILE, type ExportFile } from './types';

export const VARIANCE_COLUMNS: readonly Column[] = [
  { id: 'cle_ligne', type: 'text' },
  ...LINE_NAME_COLUMNS,
  { id: 'quantite_attendue', type: 'qty' },
  { id: 'quantite_comptee', type: 'qty' },
  { id: 'ecart', type: 'qty' },
  { id: 'cout_unitaire', type: 'money' },
  { id: 'valeur_ecart', type: 'money' },
  { id: 'comptee', type: 'bool' },
  /** Empty for a counted line; `conserver` (kept at expected) or `zero` for an uncounted one. */
  { id: 'regle_non_comptee', type: 'text' },
  { id: 'ajoutee', type: 'bool' },
];

/** How the uncounted-line policy reads in the file. */
export const POLICY_LABEL: Readonly<Record<UncountedPolicy, string>> = { keep: 'conserver', zero: 'zero' };

export function variancesCsv(recap: Recap, dialect: CsvDialect, options: CsvOptions = {}): ExportFile {
  const w = new CsvWriter(VARIANCE_COLUMNS, dialect, options);
  for (const l of recap.lines) row(w, l, true, '');
  const rule = POLICY_LABEL[recap.uncountedPolicy];
  for (const l of recap.uncounted) row(w, l, false, rule);
  const csv = w.finish();
  return { name: FILE.variances, bytes: csv.bytes, rows: csv.rows };
}

function row(w: CsvWriter, l: RecapLine, counted: boolean, rule: string): void {
  w.text(l.key).text(l.itemRef).text(l.designation).text(l.bin).text(l.lot).text(l.serial).text(l.unit);
  w.qty(l.expected).qty(l.counted).qty(l.difference).money(l.unitCost).money(l.differenceValue);
  w.bool(counted).text(rule).bool(l.added).endRow();
}
