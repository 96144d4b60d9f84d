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
import { searchText } from './filter';

export interface LazyIndexes {
  readonly codes: CodeIndex;
  /** Lines [0, codesDone) are in `codes`. */
  codesDone: number;
  /** The folded search text of lines [0, haystack.length). */
  readonly haystack: string[];
}

/** What the indexes are built from: an open count's lines and its indexes (see open.ts). */
export interface IndexedLines {
  readonly lines: readonly LineDto[];
  readonly lazy: LazyIndexes;
}

export const emptyIndexes = (): LazyIndexes => ({ codes: new CodeIndex(), codesDone: 0, haystack: [] });

/** Lines indexed per step: ~2.5 ms here; inSlices runs steps for ~8 ms per task. */
const INDEX_SLICE = 250;

function codesUpTo(open: IndexedLines, end: number): CodeIndex {
  const z = open.lazy;
  for (; z.codesDone < end; z.codesDone++) z.codes.add(open.lines[z.codesDone]!, z.codesDone);
  return z.codes;
}

function haystackUpTo(open: IndexedLines, end: number): string[] {
  const z = open.lazy;
  for (let i = z.haystack.length; i < end; i++) z.haystack.push(searchText(open.lines[i]!));
  return z.haystack;
}

/** Barcode / reference → lines, for scans (O(1) per scan at 100,000+ lines). */
export const codesOf = (open: IndexedLines): CodeIndex => codesUpTo(open, open.lines.length);
/** Each line's folded search text, by line position. */
export const haystackOf = (open: IndexedLines): string[] => haystackUpTo(open, open.lines.length);

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
