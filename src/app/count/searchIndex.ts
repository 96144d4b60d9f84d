/**
 * The scan and search indexes of an open count: built in short background tasks once the
 * list is drawn, and each finished at once when a scan or a search needs it. Not while the
 * list opens (the first lines show sooner), and never as one long task: at 100,000 lines
 * the whole build is ~1.1 s of main thread on this machine, which would freeze the screen.
 * Each index is finished on its own: a search typed right after opening 250,000 lines
 * waited for the scan index too (0.4 s of its 0.7-1.3 s here).
 */
import type { LineDto } from '../../core/api/dto';
import { CodeIndex } from '../../core/scanLookup';
import { inSlices, whenIdle } from '../idle';
import { fold, rawSearchText } from './filter';
import { TextSearch } from './textSearch';

export interface LazyIndexes {
  readonly codes: CodeIndex;
  /** Lines [0, codesDone) are in `codes`. */
  codesDone: number;
  /** The folded search texts of lines [0, haystack.length). */
  readonly haystack: TextSearch;
  /**
   * The search texts' entries so far by the text they fold: the lines of one item (its bins)
   * have the same, kept once and folded once. Dropped once every line is in the haystack.
   */
  texts: Map<string, number> | null;
}

/** What the indexes are built from: an open count's lines and its indexes (see open.ts). */
export interface IndexedLines {
  readonly lines: readonly LineDto[];
  readonly lazy: LazyIndexes;
}

export const emptyIndexes = (): LazyIndexes => ({
  codes: new CodeIndex(),
  codesDone: 0,
  haystack: new TextSearch(),
  texts: new Map(),
});

/** Lines indexed per step: ~2.5 ms here; inSlices runs steps for ~8 ms per task. */
const INDEX_SLICE = 250;

function codesUpTo(open: IndexedLines, end: number): CodeIndex {
  const z = open.lazy;
  for (; z.codesDone < end; z.codesDone++) z.codes.add(open.lines[z.codesDone]!, z.codesDone);
  return z.codes;
}

function haystackUpTo(open: IndexedLines, end: number): TextSearch {
  const z = open.lazy;
  const texts = z.texts;
  for (let i = z.haystack.length; i < end; i++) {
    const raw = rawSearchText(open.lines[i]!);
    let entry = texts?.get(raw);
    if (entry === undefined) {
      entry = z.haystack.addEntry(fold(raw));
      texts?.set(raw, entry);
    }
    z.haystack.addLine(entry);
  }
  if (z.haystack.length >= open.lines.length) z.texts = null;
  return z.haystack;
}

/**
 * Lines [0, done) indexed, the rest built in short tasks: a scan or a search typed before the
 * background tasks finished waits for them without freezing the page. Finishing them in one
 * go was the run's longest task (at 250,000 lines, 1.0 s; 4.3 s at a phone's 4× slower CPU).
 */
function finishInSlices(open: IndexedLines, done: () => number, upTo: (end: number) => void): Promise<void> {
  return new Promise((resolve) =>
    inSlices(
      () => {
        const more = done() < open.lines.length;
        if (more) upTo(Math.min(open.lines.length, done() + INDEX_SLICE));
        else resolve();
        return more;
      },
      8,
      'user-visible',
    ),
  );
}

/** Resolves once `codesOf` holds every line (built in short tasks meanwhile). */
export const whenScannable = (open: IndexedLines): Promise<void> =>
  finishInSlices(
    open,
    () => open.lazy.codesDone,
    (end) => codesUpTo(open, end),
  );

/** Resolves once `haystackOf` holds every line (built in short tasks meanwhile). */
export const whenSearchable = (open: IndexedLines): Promise<void> =>
  finishInSlices(
    open,
    () => open.lazy.haystack.length,
    (end) => haystackUpTo(open, end),
  );

/** Whether `haystackOf` is whole but for a few lines just added: a search can run in this task. */
export const searchable = (open: IndexedLines): boolean => open.lines.length - open.lazy.haystack.length <= INDEX_SLICE;

/** Barcode / reference → lines, for scans (O(1) per scan at 100,000+ lines). */
export const codesOf = (open: IndexedLines): CodeIndex => codesUpTo(open, open.lines.length);
/** The lines' folded search texts. */
export const haystackOf = (open: IndexedLines): TextSearch => haystackUpTo(open, open.lines.length);

/** Whether the background tasks have indexed every line (`npm run bench` waits for it to weigh the page). */
export const indexesComplete = (open: IndexedLines): boolean =>
  open.lazy.codesDone >= open.lines.length && open.lazy.haystack.length >= open.lines.length;

/**
 * The indexes the background tasks are building, or null while an inventory opens: reopening
 * (from the list) must not wait behind the slices of the count it replaces — at 250,000
 * lines they made the next open ~1.4 s slower.
 */
let indexing: LazyIndexes | null = null;

/** An inventory is opening: the background indexing of the one before stops. */
export function stopIndexing(): void {
  indexing = null;
}

export function indexWhenIdle(open: IndexedLines): void {
  indexing = open.lazy;
  // Started once the first lines are drawn, then in short tasks until every line is in.
  whenIdle(() =>
    inSlices(() => {
      // Another inventory is opening or opened since: its own indexing runs instead.
      if (indexing !== open.lazy) return false;
      const end = Math.min(open.lines.length, Math.min(open.lazy.codesDone, open.lazy.haystack.length) + INDEX_SLICE);
      codesUpTo(open, end);
      haystackUpTo(open, end);
      return !indexesComplete(open);
    }),
  );
}
