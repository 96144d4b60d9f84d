/**
 * The export API in one import, for the app's worker and the server: build the files of
 * an export, zip them, name the ZIP, and read one back with every checksum verified.
 */
export { buildAfterExport, buildBeforeExport, buildBeforeExportOf } from './build';
export type { ExportedCountEvent } from './counts';
export { FRENCH_CSV } from './csv';
export { exportTimeAt, wallClockOf } from './exportTime';
export { exportFileName } from './fileName';
export type { ExportManifest } from './manifest';
export { openExport, readExport } from './read';
export { stockAfter, stockRowsFromLines } from './stock';
export { FILE, type ExportFile, type ExportHeader } from './types';
export { compareExport } from './verify';
export { zipExport } from './zip';
