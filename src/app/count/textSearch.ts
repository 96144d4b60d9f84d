/**
 * The count list's search texts packed into a few long strings, and the search over them.
 * A keystroke used to call `includes` on each line's own text: at 250,000 lines that is
 * 250,000 calls on strings spread over the heap, ~26 ms of main thread here and ~110 ms
 * at a phone's 4× slower CPU (issue 23). Here the texts of 4,096 entries are one string,
 * so a word is found by one `indexOf` sweep per block (and one call per entry it occurs
 * in); the lines that show one text (an item's bins) point to one entry. A search typed
 * further (each earlier word inside a new one: "art-03" → "art-034") tests only the entries the
 * previous one found, when they are few: the sweep is slowest for such words, whose start is
 * on every line ("art-0…": ~8 ms a sweep here, the candidates' own texts ~1 ms).
 */

/** Entries per block: a block's string is ~250 KB, joined in well under a millisecond. */
const BLOCK = 4096;
/** Between two entries: a search word never holds whitespace (filter.ts splits on it), so no match spans two. */
const SEP = '\n';

/** Narrowing from the previous search pays while it found at most 1/NARROW of the entries. */
const NARROW = 8;

interface Block {
  readonly text: string;
  /** Where each entry starts in `text`; one more, past the end (as if a separator followed the last). */
  readonly starts: Int32Array;
  /** The id of the block's first entry. */
  readonly first: number;
}

function blockOf(texts: readonly string[], first: number): Block {
  const starts = new Int32Array(texts.length + 1);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    starts[i] = at;
    at += texts[i]!.length + SEP.length;
  }
  starts[texts.length] = at;
  return { text: texts.join(SEP), starts, first };
}

export class TextSearch {
  private readonly blocks: Block[] = [];
  /** The entries after the last whole block, joined when a search needs them. */
  private tail: string[] = [];
  private tailBlock: Block | null = null;
  private entries = 0;
  /** Each line's entry, lines [0, length). */
  private entryOf = new Int32Array(1024);
  private count = 0;
  /** The previous search: its words, the entries holding them (ascending) and how many entries there were. */
  private last: { readonly words: readonly string[]; readonly found: Int32Array; readonly entries: number } | null =
    null;

  /** How many lines are in. */
  get length(): number {
    return this.count;
  }

  /** A new entry: a line's folded search text. Its id, for `addLine`. */
  addEntry(text: string): number {
    this.tail.push(text);
    this.tailBlock = null;
    if (this.tail.length === BLOCK) {
      this.blocks.push(blockOf(this.tail, this.entries + 1 - BLOCK));
      this.tail = [];
    }
    return this.entries++;
  }

  /** The next line, searched on the entry's text. */
  addLine(entry: number): void {
    if (this.count === this.entryOf.length) {
      const grown = new Int32Array(this.entryOf.length * 2);
      grown.set(this.entryOf);
      this.entryOf = grown;
    }
    this.entryOf[this.count++] = entry;
  }

  /** Per line: 1 when its text holds every word (folded, no whitespace, at least one). */
  lineHits(words: readonly string[]): Uint8Array {
    const held = this.entriesHolding(words);
    const hits = new Uint8Array(this.count);
    for (let i = 0; i < this.count; i++) hits[i] = held[this.entryOf[i]!]!;
    return hits;
  }

  /** Per entry: 1 when its text holds every word. */
  private entriesHolding(words: readonly string[]): Uint8Array {
    const held = new Uint8Array(this.entries);
    const last = this.last;
    if (
      last &&
      last.found.length * NARROW <= this.entries &&
      last.words.every((w) => words.some((v) => v.includes(w)))
    ) {
      // Every entry holding the new words held the old ones, or came in since.
      for (const e of last.found) if (this.holds(e, words)) held[e] = 1;
      for (let e = last.entries; e < this.entries; e++) if (this.holds(e, words)) held[e] = 1;
    } else {
      // How many of the words, in order, an entry holds: it reaches k + 1 only if it held the first k.
      const count = new Uint16Array(this.entries);
      for (let k = 0; k < words.length; k++) for (const b of this.allBlocks()) markWord(b, words[k]!, k, count);
      for (let e = 0; e < this.entries; e++) if (count[e] === words.length) held[e] = 1;
    }
    let n = 0;
    for (let e = 0; e < this.entries; e++) n += held[e]!;
    const found = new Int32Array(n);
    for (let e = 0, j = 0; j < n; e++) if (held[e] === 1) found[j++] = e;
    this.last = { words: [...words], found, entries: this.entries };
    return held;
  }

  private allBlocks(): readonly Block[] {
    if (!this.tail.length) return this.blocks;
    this.tailBlock ??= blockOf(this.tail, this.entries - this.tail.length);
    return [...this.blocks, this.tailBlock];
  }

  /** Whether the entry's own text holds every word. */
  private holds(entry: number, words: readonly string[]): boolean {
    const b = entry < this.blocks.length * BLOCK ? this.blocks[Math.floor(entry / BLOCK)]! : this.allBlocks().at(-1)!;
    const e = entry - b.first;
    const text = b.text.slice(b.starts[e], b.starts[e + 1]! - SEP.length);
    for (let k = 0; k < words.length; k++) if (!text.includes(words[k]!)) return false;
    return true;
  }
}

/** Entries of the block holding `word` that held the words before it: one more held. */
function markWord(b: Block, word: string, k: number, held: Uint16Array): void {
  const { text, starts, first } = b;
  let e = 0;
  let at = text.indexOf(word);
  while (at !== -1) {
    while (starts[e + 1]! <= at) e++;
    if (held[first + e] === k) held[first + e] = k + 1;
    // The next entry on: once is enough for this one.
    at = text.indexOf(word, starts[e + 1]);
  }
}
