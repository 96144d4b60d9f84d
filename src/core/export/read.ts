/**
 * Opens an export ZIP and proves it is whole: a valid manifest.json, exactly the files
 * it lists (none missing, none extra), each with its listed size and SHA-256. The server
 * runs this on every upload, so the ZIP is hostile until checked, and nothing is inflated
 * before it is bounded:
 * - `openExport` reads only the central directory (no inflating) and manifest.json
 *   (at most 1 MB inflated): the caller can check the inventory, phase and listed sizes
 *   before any data file is touched;
 * - every entry's size as the ZIP declares it must be the size manifest.json lists, and
 *   their total under `maxBytes`, before any data file is inflated;
 * - each file is then inflated as a stream and dropped the moment it outgrows the size it
 *   is allowed (`readFile`'s limit), so a lying entry stops there.
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

/** An export whose manifest is read and whose entries are listed, none of its data files inflated yet. */
export interface ExportEntries {
  readonly manifest: ExportManifest;
  /** manifest.json's exact bytes. */
  readonly manifestBytes: Uint8Array;
  readonly fileName: string;
  /**
   * A listed file, inflated with at most `limit` bytes (default: its listed size) and
   * checked against manifest.json's size and SHA-256.
   */
  readFile(name: string, limit?: number): Promise<Result<Uint8Array>>;
}

const MAX_MANIFEST_BYTES = 1024 * 1024;
const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export async function openExport(zipBytes: Uint8Array, limits: ReadLimits = {}): Promise<Result<ExportEntries>> {
  let zip: JSZip;
  try {
    // Reads the central directory and keeps each entry's compressed bytes: nothing inflated.
    zip = await JSZip.loadAsync(zipBytes);
  } catch (e) {
    return fail('invalid_export', `This is not a readable ZIP file (${reason(e)}).`);
  }
  const entry = zip.files[FILE.manifest];
  if (!entry || entry.dir) return fail('invalid_export', 'The ZIP has no manifest.json: it is not a Décompte export.');
  const manifestTooLarge = fail(
    'invalid_export',
    `manifest.json is over ${MAX_MANIFEST_BYTES} bytes: it is not a Décompte export.`,
  );
  if (declaredSize(entry) > MAX_MANIFEST_BYTES) return manifestTooLarge;
  const manifestBytes = await inflate(entry, MAX_MANIFEST_BYTES, manifestTooLarge);
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
  if (total > maxBytes) {
    return fail('export_too_large', `The export's files add up to ${total} bytes, over ${maxBytes}.`, {
      bytes: total,
      maxBytes,
    });
  }
  for (const f of manifest.files) {
    const e = zip.files[f.name];
    if (!e || e.dir)
      return fail('invalid_export', `${f.name} is listed in manifest.json but missing.`, { file: f.name });
    if (declaredSize(e) !== f.bytes) {
      return fail(
        'export_checksum',
        `${f.name}: the ZIP says ${declaredSize(e)} bytes, manifest.json ${f.bytes}: it changed.`,
        { file: f.name },
      );
    }
  }
  return ok({
    manifest,
    manifestBytes: manifestBytes.value,
    fileName: exportFileName(manifest),
    async readFile(name, limit) {
      const f = listed.get(name);
      const e = zip.files[name];
      if (!f || !e) return fail('invalid_export', `${name} is not in this export.`, { file: name });
      const changed = fail('export_checksum', `${f.name} does not match manifest.json: it changed.`, { file: f.name });
      const bytes = await inflate(e, Math.min(limit ?? f.bytes, f.bytes), changed);
      if (!bytes.ok) return bytes;
      if (bytes.value.byteLength !== f.bytes || (await sha256Hex(bytes.value)) !== f.sha256) return changed;
      return ok(bytes.value);
    },
  });
}

/** The whole export, every listed file inflated and checked. */
export async function readExport(zipBytes: Uint8Array, limits: ReadLimits = {}): Promise<Result<OpenedExport>> {
  const opened = await openExport(zipBytes, limits);
  if (!opened.ok) return opened;
  const files = new Map<string, Uint8Array>();
  for (const f of opened.value.manifest.files) {
    const bytes = await opened.value.readFile(f.name);
    if (!bytes.ok) return bytes;
    files.set(f.name, bytes.value);
  }
  return ok({ manifest: opened.value.manifest, files, fileName: opened.value.fileName });
}

/** JSZip documents `internalStream` on entries; its typings leave it and the entry's sizes out. */
type StreamableEntry = JSZip.JSZipObject & {
  internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array>;
  readonly _data?: { readonly uncompressedSize?: number };
};

/** The uncompressed size the ZIP's central directory declares for an entry (-1: unknown). */
const declaredSize = (entry: JSZip.JSZipObject): number => (entry as StreamableEntry)._data?.uncompressedSize ?? -1;

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
          chunks.length = 0;
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
