/**
 * Whether an uploaded export is the one the server would build: every file the builder
 * returns for the server's own data (`rebuilt`, manifest.json included) against the
 * upload, byte for byte through SHA-256. The list of files is the builder's, never a list
 * written here: a file added to an export is verified as soon as the builder makes it.
 *
 * manifest.json is compared first (it lists every file's size and SHA-256, and the
 * totals), so a forged file is found without inflating it; each data file is then
 * inflated with the rebuilt file's size as its ceiling and checked against the manifest.
 */
import { fail, ok, type Result } from '../errors';
import { sha256Hex } from './manifest';
import type { ExportEntries } from './read';
import { FILE, type ExportFile } from './types';

const mismatch = (file: string, why: string) =>
  fail(
    'export_mismatch',
    `${file} is not what the server builds from its own data for this export (${why}): nothing was stored.`,
    { file },
  );

export async function compareExport(upload: ExportEntries, rebuilt: readonly ExportFile[]): Promise<Result<true>> {
  const listed = new Map(upload.manifest.files.map((f) => [f.name, f]));
  const data = rebuilt.filter((f) => f.name !== FILE.manifest);
  for (const f of data) {
    const l = listed.get(f.name);
    if (!l) return mismatch(f.name, 'missing from the upload');
    if (l.bytes !== f.bytes.byteLength) return mismatch(f.name, `${l.bytes} bytes, the server's ${f.bytes.byteLength}`);
    if (l.sha256 !== (await sha256Hex(f.bytes))) return mismatch(f.name, 'other content, same size');
  }
  for (const name of listed.keys()) {
    if (!data.some((f) => f.name === name)) return mismatch(name, 'a file this export does not have');
  }
  const manifest = rebuilt.find((f) => f.name === FILE.manifest);
  if (!manifest || !sameBytes(manifest.bytes, upload.manifestBytes)) {
    return mismatch(FILE.manifest, 'its inventory, location, totals or dialect differ');
  }
  for (const f of data) {
    const bytes = await upload.readFile(f.name, f.bytes.byteLength);
    if (!bytes.ok) return mismatch(f.name, bytes.error.message);
  }
  return ok(true);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
