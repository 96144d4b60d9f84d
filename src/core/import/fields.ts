/**
 * What a row of a stock file can say, field by field. A file's columns are mapped onto
 * these fields (mapping.ts); a field nobody maps is simply not in the file. Codes that
 * name things (reference, bin, lot, serial, barcode, location) follow the same limits as
 * the API, so whatever an import loads can be counted, added and exported later.
 */
export type ImportField =
  | 'location'
  | 'locationName'
  | 'itemRef'
  | 'designation'
  | 'kind'
  | 'unit'
  | 'decimals'
  | 'unitCost'
  | 'supplier'
  | 'tracking'
  | 'barcode'
  | 'packBarcode'
  | 'packQty'
  | 'bin'
  | 'lot'
  | 'serial'
  | 'qty'
  /** A value column (qty × cost): recognised so it is not mistaken for something else, and ignored. */
  | 'value';

export const IMPORT_FIELDS: readonly ImportField[] = [
  'location',
  'locationName',
  'itemRef',
  'designation',
  'kind',
  'unit',
  'decimals',
  'unitCost',
  'supplier',
  'tracking',
  'barcode',
  'packBarcode',
  'packQty',
  'bin',
  'lot',
  'serial',
  'qty',
  'value',
];

export const isImportField = (v: unknown): v is ImportField =>
  typeof v === 'string' && (IMPORT_FIELDS as readonly string[]).includes(v);

/** Longest text each field takes (the API's own limits). */
export const MAX_LENGTH: Readonly<Partial<Record<ImportField, number>>> = {
  location: 32,
  locationName: 120,
  itemRef: 64,
  designation: 200,
  unit: 16,
  supplier: 120,
  barcode: 640,
  packBarcode: 64,
  bin: 64,
  lot: 64,
  serial: 64,
};

/** Fields that are codes: no invisible or direction-changing character may hide in them. */
export const CODE_FIELDS: ReadonlySet<ImportField> = new Set([
  'location',
  'itemRef',
  'barcode',
  'packBarcode',
  'bin',
  'lot',
  'serial',
]);

/** What an import does: load the catalogue and replace the stock of the file's locations, or the catalogue only. */
export type ImportMode = 'replace' | 'items';
export const IMPORT_MODES: readonly ImportMode[] = ['replace', 'items'];
