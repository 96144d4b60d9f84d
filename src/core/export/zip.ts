/**
 * Packs the built files into a ZIP. Every entry carries the export's own time rather
 * than the clock's, so the same export always gives the same bytes (and the same
 * SHA-256 on the server). `onProgress` only watches: it never changes the bytes.
 *
 * Big files come deflated already (ExportFile.deflated, see deflate.ts). JSZip has no
 * call that takes an entry's deflated bytes, but it keeps the bytes of the entries it
 * loads from a ZIP and writes them out as they are when the compression is the same: so
 * those entries are handed to it as a ZIP of their own (`deflatedZip`), which it reads
 * and then writes with the rest. JSZip stays the one that writes the export.
 */
import CRC32 from 'crc-32';
import JSZip from 'jszip';
import { DEFLATE_AHEAD, deflateRaw, ZIP_DEFLATE_LEVEL } from './deflate';
import { wallClockDate, wallClockOf } from './exportTime';
import type { ExportFile } from './types';

/** `onProgress` gets the fraction packed so far, 0 to 1. */
export async function zipExport(
  files: readonly ExportFile[],
  generatedAt: string,
  onProgress?: (fraction: number) => void,
): Promise<Uint8Array> {
  // A ZIP entry's date has no zone, and JSZip writes it from the UTC fields: given the
  // export's wall clock as UTC, a file manager shows the time the shop's clock said.
  // ZIP dates start in 1980.
  const wall = wallClockOf(generatedAt);
  if (!wall || wall.year < 1980) throw new Error(`generatedAt cannot date a ZIP entry: ${generatedAt}`);
  const date = wallClockDate(wall);
  const ready = deflateBig(files, (fraction) => onProgress?.(0.9 * fraction));
  const zip = new JSZip();
  // Every file in the export's order; a deflated one first as an empty placeholder that
  // the loaded entry of the same name replaces in its place.
  for (const f of ready) zip.file(f.name, f.deflated ? '' : f.bytes, { date, binary: true });
  const deflated = ready.filter((f) => f.deflated);
  if (deflated.length > 0) await zip.loadAsync(deflatedZip(deflated, date));
  return zip.generateAsync(
    {
      type: 'uint8array',
      compression: 'DEFLATE',
      compressionOptions: { level: ZIP_DEFLATE_LEVEL },
      platform: 'DOS',
    },
    onProgress && ((meta) => onProgress(0.9 + meta.percent / 1000)),
  );
}

function deflateBig(files: readonly ExportFile[], progress: (fraction: number) => void): ExportFile[] {
  const todo = files.filter((f) => !f.deflated && f.bytes.byteLength >= DEFLATE_AHEAD);
  const total = todo.reduce((n, f) => n + f.bytes.byteLength, 0);
  let done = 0;
  return files.map((f) => {
    if (!todo.includes(f)) return f;
    progress(done / total);
    done += f.bytes.byteLength;
    return { ...f, deflated: deflateRaw(f.bytes, { final: true }) };
  });
}

const LOCAL = 30;
const CENTRAL = 46;
const END = 22;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const VERSION = 20;

/**
 * A plain ZIP (APPNOTE 4.3: local headers, central directory, end record) of entries
 * whose data is already raw DEFLATE. Sizes stay below 4 GiB (no ZIP64): JSZip writes none
 * either, and 250,000 lines make 35 MB.
 */
export function deflatedZip(files: readonly ExportFile[], date: Date): Uint8Array {
  const names = files.map((f) => new TextEncoder().encode(f.name));
  const entries = files.map((f, i) => {
    const data = f.deflated;
    if (!data) throw new Error(`${f.name} is not deflated`);
    if (f.bytes.byteLength > 0xffff_ffff || data.byteLength > 0xffff_ffff) throw new Error(`${f.name} is over 4 GiB`);
    return { name: names[i]!, data, size: f.bytes.byteLength, crc: CRC32.buf(f.bytes) >>> 0 };
  });
  const localSize = entries.reduce((n, e) => n + LOCAL + e.name.byteLength + e.data.byteLength, 0);
  const centralSize = entries.reduce((n, e) => n + CENTRAL + e.name.byteLength, 0);
  const out = new Uint8Array(localSize + centralSize + END);
  const view = new DataView(out.buffer);
  const time = dosTime(date);
  const day = dosDate(date);
  let at = 0;
  const u16 = (v: number): void => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number): void => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const bytes = (b: Uint8Array): void => {
    out.set(b, at);
    at += b.byteLength;
  };
  // The fields a local header and its central record share, from "version needed" on.
  const common = (e: (typeof entries)[number]): void => {
    u16(VERSION);
    u16(UTF8_NAMES);
    u16(DEFLATE);
    u16(time);
    u16(day);
    u32(e.crc);
    u32(e.data.byteLength);
    u32(e.size);
    u16(e.name.byteLength);
    u16(0); // extra field
  };
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(at);
    u32(0x04034b50);
    common(e);
    bytes(e.name);
    bytes(e.data);
  }
  entries.forEach((e, i) => {
    u32(0x02014b50);
    u16(VERSION); // made by: MS-DOS, as JSZip's `platform: 'DOS'`
    common(e);
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]!);
    bytes(e.name);
  });
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(entries.length);
  u16(entries.length);
  u32(centralSize);
  u32(localSize);
  u16(0); // comment
  return out;
}

// MS-DOS time and date, in UTC as JSZip writes and reads them.
const dosTime = (d: Date): number => (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
const dosDate = (d: Date): number => ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
