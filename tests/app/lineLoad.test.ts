/**
 * The open count's lines read in the background (count/lineLoad.ts): the first batch is
 * handed over at once, the rest appended in order with the key index kept in step, and
 * `ready` settles only once every line (added ones included) is in — or the load is given
 * up, and says why, so a stale or abandoned read is never reused.
 */
import { describe, expect, it } from 'vitest';
import type { LineDto } from '../../src/core/api/dto';
import { loadLines, type LineSource } from '../../src/app/count/lineLoad';

const line = (key: string, added = false): LineDto => ({
  key,
  itemRef: key,
  designation: '',
  kind: 'articles',
  supplier: null,
  bin: 'A',
  lot: null,
  serial: null,
  barcodes: [],
  unit: 'pcs',
  expectedQty: null,
  unitCost: null,
  added,
});

/** Batches handed one per task, like IndexedDB reads; `gate` holds the stream after its first batch. */
function source(batches: string[][], opts: { added?: string[]; unchanged?: boolean; gate?: Promise<void> } = {}) {
  let handed = 0;
  const src: LineSource = {
    async stream(onBatch, more) {
      for (const [n, keys] of batches.entries()) {
        await new Promise((r) => setTimeout(r, 0));
        if (n === 1 && opts.gate) await opts.gate;
        if (!more()) return false;
        onBatch(keys.map((k) => line(k)));
        handed++;
      }
      return true;
    },
    unchanged: () => Promise.resolve(opts.unchanged ?? true),
    added: () => Promise.resolve((opts.added ?? []).map((k) => line(k, true))),
  };
  return { src, handed: () => handed };
}

const empty = () => ({ lines: [] as LineDto[], index: new Map<string, number>() });

describe('loadLines', () => {
  it('hands the first batch over before the rest, then completes with every line indexed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const list = empty();
    const { src } = source([['a', 'b'], ['c'], ['d', 'e']], { added: ['b', 'z'], gate });
    let firstAt = -1;
    let grew = 0;
    const load = loadLines(list, src, {
      wanted: () => true,
      first: () => (firstAt = list.lines.length),
      grew: () => grew++,
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(firstAt).toBe(2);
    expect(load.done).toBe(false);
    expect(list.index.get('d')).toBeUndefined();
    release();
    await load.ready;
    expect(load).toMatchObject({ done: true, stopped: false });
    // The snapshot's order, then the added line the snapshot does not hold ('b' it does).
    expect(list.lines.map((l) => l.key)).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
    for (const [i, l] of list.lines.entries()) expect(list.index.get(l.key)).toBe(i);
    expect(grew).toBeGreaterThanOrEqual(2);
  });

  it('stops reading once the count is no longer wanted, and says so', async () => {
    const list = empty();
    let wanted = true;
    const { src, handed } = source([['a'], ['b'], ['c'], ['d']]);
    const load = loadLines(list, src, { wanted: () => wanted, first: () => (wanted = false), grew: () => {} });
    await load.ready;
    expect(load).toMatchObject({ done: false, stopped: 'unwanted' });
    expect(handed()).toBe(1);
  });

  it('gives up a read that crossed a new store of the snapshot (batches of two stores may repeat a line)', async () => {
    const list = empty();
    const load = loadLines(list, source([['a'], ['b']], { unchanged: false }).src, {
      wanted: () => true,
      first: () => {},
      grew: () => {},
    });
    await load.ready;
    expect(load).toMatchObject({ done: false, stopped: 'restored' });
  });

  it('an empty snapshot still shows (first is called) and completes', async () => {
    const list = empty();
    let first = 0;
    const load = loadLines(list, source([[]]).src, { wanted: () => true, first: () => first++, grew: () => {} });
    await load.ready;
    expect(first).toBe(1);
    expect(load.done).toBe(true);
  });

  it('a failed read settles ready (nothing waits for ever) and is marked failed', async () => {
    const list = empty();
    let first = 0;
    const load = loadLines(
      list,
      {
        stream: () => Promise.reject(new Error('gone')),
        unchanged: () => Promise.resolve(true),
        added: () => Promise.resolve([]),
      },
      { wanted: () => true, first: () => first++, grew: () => {} },
    );
    await load.ready;
    expect(load.stopped).toBe('failed');
    expect(first).toBe(1);
  });
});
