/**
 * Opens an export ZIP and proves it is whole: a valid manifest.json, exactly the files
 * it lists (none missing, none extra), each with its listed size and SHA-256. The server
 * runs this on every upload, so the ZIP is hostile until checked: entries are inflated
 * as streams and dropped as soon as they outgrow what the manifest announced.
 */
import JSZip from 'jszip';
import { fail, ok, type DomainError, type Result } from '../errors';
import { concatBytes } from './bytes';
import { exportFileName } from './fileName';
import { sha256Hex, type ExportManifest } from './manifest';
import { parseManifest } from './manifestCheck';
import { FILE } from './types';

export interface OpenedExport {
  readonly manifest: ExportManifest;
  /** Every listed file's bytes, by name (manifest.json not included). */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** The name the export is stored and downloaded under, made from the manifest. */
  readonly fileName: string;
}

export interface ReadLimits {
  /** Largest total of the listed files' sizes, uncompressed. */
  readonly maxBytes?: number;
}

const MAX_MANIFEST_BYTES = 1024 * 1024;
const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export async function readExport(zipBytes: Uint8Array, limits: ReadLimits = {}): Promise<Result<OpenedExport>> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch (e) {
    return fail('invalid_export', `This is not a readable ZIP file (${reason(e)}).`);
  }
  const entry = zip.files[FILE.manifest];
  if (!entry || entry.dir) return fail('invalid_export', 'The ZIP has no manifest.json: it is not a Décompte export.');
  const manifestBytes = await inflate(
    entry,
    MAX_MANIFEST_BYTES,
    fail('invalid_export', `manifest.json is over ${MAX_MANIFEST_BYTES} bytes: it is not a Décompte export.`),
  );
  if (!manifestBytes.ok) return manifestBytes;
  const parsed = parseManifest(new TextDecoder().decode(manifestBytes.value));
  if (!parsed.ok) return parsed;
  const manifest = parsed.value;

  const listed = new Map(manifest.files.map((f) => [f.name, f]));
  for (const name of Object.keys(zip.files)) {
    if (name !== FILE.manifest && !listed.has(name)) {
      return fail('invalid_export', `The ZIP holds ${name}, which manifest.json does not list.`, { file: name });
    }
  }
  const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (total > maxBytes) return fail('invalid_export', `The export's files add up to ${total} bytes, over ${maxBytes}.`);

  const files = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    const e = zip.files[f.name];
    if (!e || e.dir) {
      return fail('invalid_export', `${f.name} is listed in manifest.json but missing.`, { file: f.name });
    }
    const changed = fail('export_checksum', `${f.name} does not match manifest.json: it changed.`, { file: f.name });
    const bytes = await inflate(e, f.bytes, changed);
    if (!bytes.ok) return bytes;
    if (bytes.value.byteLength !== f.bytes || (await sha256Hex(bytes.value)) !== f.sha256) return changed;
    files.set(f.name, bytes.value);
  }
  return ok({ manifest, files, fileName: exportFileName(manifest) });
}

/** JSZip documents `internalStream` on entries; its typings just leave it out. */
type StreamableEntry = JSZip.JSZipObject & {
  internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array>;
};

/** An entry's content, or `tooLarge` once it passes `limit` bytes (a ZIP bomb stops there). */
function inflate(
  entry: JSZip.JSZipObject,
  limit: number,
  tooLarge: { readonly ok: false; readonly error: DomainError },
): Promise<Result<Uint8Array>> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: Result<Uint8Array>): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const stream = (entry as StreamableEntry).internalStream('uint8array');
    stream
      .on('data', (chunk) => {
        if (settled) return;
        size += chunk.byteLength;
        if (size > limit) {
          stream.pause();
          settle(tooLarge);
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (e) => settle(fail('invalid_export', `${entry.name} cannot be read (${reason(e)}).`)))
      .on('end', () => settle(ok(concatBytes(chunks))))
      .resume();
  });
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));
