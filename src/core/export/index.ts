/**
 * The export API in one import, for the app's worker and the server: build the files of
 * an export, zip them, name the ZIP, and read one back with every checksum verified.
 */
export { buildAfterExport, buildBeforeExport, buildBeforeExportOf, type AfterExportInput } from './build';
export type { ExportedCountEvent } from './counts';
export { CsvWriter, FRENCH_CSV, type Column, type CsvDialect, type CsvOutput } from './csv';
export { ERP_COLUMNS, ERP_CSV, erpAdjustmentCsv, erpLines } from './erp';
export { exportFileName } from './fileName';
export type { ExportManifest, ManifestFile, ManifestTotals } from './manifest';
export { openExport, readExport, type ExportEntries, type OpenedExport, type ReadLimits } from './read';
export { joinStockCsv, stockAfter, stockCsv, stockRowsAfter, stockRowsFromLines, type StockCsv } from './stock';
export { EXPORT_FORMAT, FILE, type ExportFile, type ExportHeader, type ExportPhase } from './types';
export { compareExport } from './verify';
export { zipExport } from './zip';
