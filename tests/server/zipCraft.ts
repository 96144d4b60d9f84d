/**
 * ZIPs a forger would make, for the upload tests: entries whose raw DEFLATE data and
 * declared sizes are whatever the test says (a ZIP bomb declares or hides gigabytes), and
 * a stream of zeros deflated without ever holding them in memory.
 */
import zlib from 'node:zlib';

export interface CraftedEntry {
  readonly name: string;
  /** Raw DEFLATE data. */
  readonly deflated: Uint8Array;
  /** The uncompressed size the headers declare (true or not). */
  readonly declaredSize: number;
  readonly crc?: number;
}

/** `size` zero bytes as raw DEFLATE, made in 1 MiB steps (a 1 GiB bomb is ~1 MB). */
export async function deflatedZeros(size: number): Promise<Uint8Array> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

export const deflated = (bytes: Uint8Array): Uint8Array => new Uint8Array(zlib.deflateRawSync(bytes));

/** A plain ZIP (local headers, central directory, end record) of the entries as given. */
export function craftZip(entries: readonly CraftedEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed
    common.writeUInt16LE(0x0800, 2); // UTF-8 names
    common.writeUInt16LE(8, 4); // deflate
    common.writeUInt16LE(0, 6);
    common.writeUInt16LE(0x21, 8); // 1980-01-01
    common.writeUInt32LE((e.crc ?? 0) >>> 0, 10);
    common.writeUInt32LE(e.deflated.byteLength, 14);
    common.writeUInt32LE(e.declaredSize, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24);
    const local = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), common, name, Buffer.from(e.deflated)]);
    // Comment length, disk, internal and external attributes, then the local header's offset.
    const tail = Buffer.alloc(14);
    tail.writeUInt32LE(offset, 10);
    central.push(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02]), Buffer.from([20, 0]), common, tail, name]));
    parts.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, dir, end]));
}
