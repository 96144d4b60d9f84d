/**
 * The benchmark's baseline, not used by the app: the snapshot stored the naive way, one
 * IndexedDB record per line with Dexie `bulkPut`, in a database of its own that is deleted
 * afterwards. `npm run bench` times it beside the app's chunked layout (snapshot.ts), in
 * the same page, on the same lines.
 */
import Dexie, { type Table } from 'dexie';
import type { LineDto } from '../../core/api/dto';

interface NaiveLine extends LineDto {
  readonly inventoryId: number;
}

class NaiveDb extends Dexie {
  lines!: Table<NaiveLine, [number, string]>;
  constructor() {
    super('decompte-bench-naive');
    this.version(1).stores({ lines: '[inventoryId+key]' });
  }
}

/** Milliseconds to store the lines one record each (one transaction), the database then deleted. */
export async function naiveStoreMs(inventoryId: number, lines: readonly LineDto[]): Promise<number> {
  const naive = new NaiveDb();
  try {
    await naive.open();
    const start = performance.now();
    await naive.lines.bulkPut(lines.map((l) => ({ ...l, inventoryId })));
    return performance.now() - start;
  } finally {
    naive.close();
    await Dexie.delete('decompte-bench-naive');
  }
}
