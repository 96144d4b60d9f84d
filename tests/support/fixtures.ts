/**
 * Where the shared barcode photos are (../shared/fixtures/barcodes beside the repository,
 * as the project's guide puts them). A clone elsewhere (a CI work directory) can point at
 * them with BARCODE_FIXTURES; the workspace's own copy is the last resort. A missing folder
 * is a clear error naming every place looked at, not an ENOENT deep in a test.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function barcodeFixturesDir(): string {
  const candidates = [
    process.env.BARCODE_FIXTURES,
    path.resolve(ROOT, '../shared/fixtures/barcodes'),
    '/work/shared/fixtures/barcodes',
  ].filter((c): c is string => Boolean(c));
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'README.md')));
  if (!found) {
    throw new Error(`Barcode fixtures not found (looked in ${candidates.join(', ')}); set BARCODE_FIXTURES.`);
  }
  return found;
}
