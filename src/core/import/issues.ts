/**
 * What is wrong with a stock file, where: the row as a spreadsheet numbers it (the header
 * is row 1) and the column (its letter and header), with a stable code the UI translates
 * and an English message for logs, the CLI and API clients. Errors block the import;
 * warnings are shown in the preview and do not.
 */
export type ImportErrorCode =
  // the file as a whole
  | 'empty_file'
  | 'no_header'
  | 'not_a_spreadsheet'
  | 'old_xls'
  | 'ods'
  | 'not_xlsx'
  | 'damaged_xlsx'
  | 'bad_encoding'
  | 'too_many_rows'
  | 'missing_column'
  | 'field_twice'
  | 'location_required'
  | 'unclosed_quote'
  // one cell or row
  | 'formula_cell'
  | 'error_cell'
  | 'control_character'
  | 'invisible_character'
  | 'too_long'
  | 'required'
  | 'invalid_number'
  | 'ambiguous_number'
  | 'scientific_number'
  | 'negative_quantity'
  | 'too_many_decimals'
  | 'too_large'
  | 'whole_quantity'
  | 'serial_quantity'
  | 'unknown_kind'
  | 'unknown_tracking'
  | 'invalid_boolean'
  | 'invalid_product'
  | 'pack_qty_required'
  | 'wrong_cell_count'
  // between rows, or against what the database holds
  | 'duplicate_line'
  | 'conflicting_item'
  | 'barcode_two_items'
  | 'barcode_taken'
  | 'serial_twice'
  | 'lot_required'
  | 'serial_required'
  | 'location_frozen';

export type ImportWarningCode = 'cost_rounded' | 'designation_missing' | 'check_digit';

export interface ImportIssue<C extends string = ImportErrorCode | ImportWarningCode> {
  /** The spreadsheet's row number (header = 1); null for the file as a whole. */
  readonly row: number | null;
  /** 0-based column index; null when the issue is not about one column. */
  readonly column: number | null;
  readonly header: string | null;
  readonly code: C;
  readonly message: string;
  readonly details?: Readonly<Record<string, string | number>>;
}

/** "A", "B", … "Z", "AA": the column as a spreadsheet names it. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "row 12, column D (quantite): …" — where first, then what, in words a user can act on. */
export function describeIssue(i: ImportIssue): string {
  const where = [
    i.row === null ? null : `row ${i.row}`,
    i.column === null ? null : `column ${columnLetter(i.column)}${i.header ? ` (${i.header})` : ''}`,
  ]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${i.message}` : i.message;
}

/** Keeps the first `limit` issues and counts the rest, so a file with a million errors stays cheap. */
export class IssueList<C extends string> {
  readonly items: ImportIssue<C>[] = [];
  count = 0;
  constructor(readonly limit = 100) {}

  add(issue: ImportIssue<C>): void {
    this.count++;
    if (this.items.length < this.limit) this.items.push(issue);
  }
}
