/**
 * Reading what the app downloads: an export ZIP is opened with the project's own reader
 * (`readExport`, which checks manifest.json, the file list, sizes and SHA-256s, as the
 * server does on upload), and its CSV files are parsed in the French dialect they are
 * written in (UTF-8 with BOM, `;`, decimal comma) into row objects keyed by header.
 */
import Papa from 'papaparse';
import { readExport, type OpenedExport } from '../../../src/core/export/read';

export type { OpenedExport };
export type CsvRow = Record<string, string>;

/** The export, checked; throws with the reader's code and message if it is not whole. */
export async function openExport(zipBytes: Uint8Array): Promise<OpenedExport> {
  const opened = await readExport(zipBytes);
  if (!opened.ok) throw new Error(`not a valid export: ${opened.error.code}: ${opened.error.message}`);
  return opened.value;
}

/** One CSV file of the export (e.g. FILE.stock, 'stock.csv'), parsed. */
export function csvRows(opened: OpenedExport, fileName: string): CsvRow[] {
  const bytes = opened.files.get(fileName);
  if (!bytes) throw new Error(`the export has no ${fileName} (it has ${[...opened.files.keys()].join(', ')})`);
  return parseFrenchCsv(bytes);
}

/**
 * A French CSV into row objects keyed by the header row. Every cell stays the text a
 * spreadsheet would see (a neutralised formula keeps its leading `'`); use
 * `frenchDecimal` on number cells. Throws if the BOM is missing or a row is malformed.
 */
export function parseFrenchCsv(bytes: Uint8Array): CsvRow[] {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  if (!text.startsWith('\uFEFF')) throw new Error('the CSV has no UTF-8 BOM (a French Excel would misread accents)');
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new Error(`malformed CSV: ${e?.message} (row ${e?.row})`);
  }
  const [header, ...rows] = parsed.data;
  if (!header) throw new Error('the CSV is empty (no header row)');
  if (new Set(header).size !== header.length) throw new Error(`the CSV header repeats a column: ${header.join(';')}`);
  return rows.map((cells, i) => {
    if (cells.length !== header.length) {
      throw new Error(`CSV row ${i + 2} has ${cells.length} cells, the header ${header.length}`);
    }
    return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
  });
}

/**
 * ajustement_erp.csv, parsed as an ERP's importer reads it: UTF-8 without BOM, `,`, `.`
 * decimals (its manifest entry says so). Throws if a BOM or a malformed row is found.
 */
export function erpCsvRows(opened: OpenedExport, fileName: string): CsvRow[] {
  const bytes = opened.files.get(fileName);
  if (!bytes) throw new Error(`the export has no ${fileName}`);
  const entry = opened.manifest.files.find((f) => f.name === fileName);
  if (entry?.csv?.separator !== ',' || entry.csv.decimal !== '.' || entry.csv.bom) {
    throw new Error(`manifest.json does not give ${fileName} its own dialect: ${JSON.stringify(entry?.csv)}`);
  }
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  if (text.startsWith('\uFEFF'))
    throw new Error(`${fileName} starts with a BOM (an ERP would read it into the first header)`);
  const parsed = Papa.parse<Record<string, string>>(text, { delimiter: ',', header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`malformed CSV: ${parsed.errors[0]?.message}`);
  return parsed.data;
}

/** "-1234,500" → "-1234.500": a decimal-comma cell as the API's exact decimal string. */
export function frenchDecimal(cell: string): string {
  if (!/^-?\d+(,\d+)?$/.test(cell)) throw new Error(`not a French decimal number: "${cell}"`);
  return cell.replace(',', '.');
}
