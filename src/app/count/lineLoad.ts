/**
 * Filling an open count's lines and key index in the background: the list shows the first
 * batch at once and grows as the rest is read, in tasks of ~8 ms (db/snapshot.ts). At
 * 250,000 lines reading and decoding every chunk before the first row was 1.3 s (5.1 s at a
 * phone's 4× slower CPU) of waiting on a blank screen. What needs every line (a scan, a
 * search, the bins, the print sheet, the close) waits for `ready`; the list's total comes
 * from the stored line count meanwhile. Free of IndexedDB: the reads are handed in
 * (open.ts), so it is unit-tested.
 */
import type { LineDto } from '../../core/api/dto';
import { insertLine, type LineList } from './insertLine';

export interface LineLoad {
  /** Every line is in `lines` and `index`. */
  done: boolean;
  /**
   * Why it was given up, never to be reused: another inventory opened, the snapshot was stored
   * again meanwhile (read it again), or the read failed.
   */
  stopped: false | 'unwanted' | 'restored' | 'failed';
  /** Settles once `done` or `stopped`. */
  readonly ready: Promise<void>;
}

/** Where the lines come from: the snapshot a batch at a time, then the lines added on the device. */
export interface LineSource {
  /** Hands each batch in order; resolves false when stopped early (`more` said no). */
  stream(onBatch: (lines: readonly LineDto[]) => void, more: () => boolean): Promise<boolean>;
  /** Whether the snapshot read is the one stored now (a fresh download replaces every chunk). */
  unchanged(): Promise<boolean>;
  added(): Promise<readonly LineDto[]>;
}

export interface LoadHooks {
  /** False once nobody shows these lines any more: the reading stops. */
  wanted(): boolean;
  /** The first batch is in: the list can be drawn. Called exactly once, before `ready` settles. */
  first(): void;
  /** More lines came in (a later batch, or the end). */
  grew(): void;
}

/**
 * Starts filling `list` (empty) from `source`. Lines are appended in order and indexed by key
 * as they come, so a line on screen can always be looked up; a key not read yet cannot,
 * which is why lookups by key wait for `ready`.
 */
export function loadLines(list: LineList, source: LineSource, hooks: LoadHooks): LineLoad {
  let settle!: () => void;
  const load: LineLoad = { done: false, stopped: false, ready: new Promise<void>((r) => (settle = r)) };
  let firstSent = false;
  const first = (): void => {
    if (firstSent) return;
    firstSent = true;
    hooks.first();
  };
  const run = async (): Promise<void> => {
    const read = await source.stream(
      (batch) => {
        for (const l of batch) {
          list.index.set(l.key, list.lines.length);
          list.lines.push(l);
        }
        if (firstSent) hooks.grew();
        else first();
      },
      () => hooks.wanted(),
    );
    if (!read) {
      load.stopped = 'unwanted';
      return;
    }
    if (!(await source.unchanged())) {
      load.stopped = 'restored';
      return;
    }
    // Lines added on this device come after the snapshot's, as they did when read all at once.
    for (const line of await source.added()) if (!list.index.has(line.key)) insertLine(list, line);
    load.done = true;
  };
  void run()
    .catch(() => {
      // A failed read (storage gone): what was read stays on screen; nothing waits for ever.
      load.stopped = 'failed';
    })
    .finally(() => {
      first();
      if (load.done) hooks.grew();
      settle();
    });
  return load;
}
