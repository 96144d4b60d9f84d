/**
 * Reads the columns route's JSON array of chunks (GET /inventories/:id/lines/columns) as
 * it arrives, a piece of text at a time, and hands out each chunk's own text — the
 * layout the device stores (db/chunkColumns.ts) — without parsing it: stored as it came,
 * the 250,000 lines' some 45 MB are never turned into objects on the phone. Only the
 * columns the download needs are read from it: `key` (how many lines), `bin` (the bins
 * holding stock) and `expectedQty` (a blind copy).
 *
 * Where a chunk ends, without scanning every character: each chunk is an object whose
 * first field is `key` (the server builds it so, `chunkFields` in
 * src/server/repos/lines.ts), and the text `{"` cannot occur inside a JSON string (a
 * quote there is always escaped, `\"`), nor inside a column (arrays of strings, numbers,
 * booleans, null, and packs `{"code" …}`, never `{"key"`). So the last `{"key"` of the text
 * read so far starts the last chunk, perhaps incomplete; everything before it is whole
 * chunks and their separators. The same holds for `,"bin":` and the other field names
 * that follow a column: the first one in a chunk ends the column before it.
 */

const CHUNK_START = '{"key"';

/** A chunk's text as it came, and what the download needs of it. */
export interface ChunkText {
  readonly text: string;
  readonly keys: readonly string[];
  readonly bins: readonly string[];
  /** Some line came without its expected quantity: the copy is a counter's (blind). */
  readonly blind: boolean;
}

export class ChunkArrayReader {
  /** The text after the last chunk handed out (the array's `[` dropped once seen). */
  private rest = '';
  private opened = false;

  /** Takes the next piece of the answer; returns the chunks it completed (often none). */
  push(piece: string): ChunkText[] {
    const before = this.opened ? this.rest.length : 0;
    this.rest += piece;
    if (!this.opened) {
      const start = this.rest.trimStart();
      if (start === '') return [];
      if (!start.startsWith('[')) throw new SyntaxError('The lines answer is not a JSON array.');
      this.rest = start.slice(1);
      this.opened = true;
    }
    const chunks: ChunkText[] = [];
    // A chunk is ~350 KB and the pieces 64 KB: only the new text is searched for the next start.
    let next = this.rest.indexOf(CHUNK_START, Math.max(1, before - CHUNK_START.length));
    while (next > 0) {
      const element = this.rest.slice(0, next);
      if (element.trim() !== '') chunks.push(chunkOf(element));
      this.rest = this.rest.slice(next);
      next = this.rest.indexOf(CHUNK_START, 1);
    }
    return chunks;
  }

  /** The answer ended: its last chunk, if any. Throws when it was cut short (no closing `]`). */
  end(): ChunkText[] {
    const rest = this.rest.trimEnd();
    if (!this.opened || !rest.endsWith(']')) throw new SyntaxError('The lines answer was cut short.');
    const last = rest.slice(0, -1);
    return last.trim() === '' ? [] : [chunkOf(last)];
  }
}

/** One chunk's text, its separator after it dropped, with the columns the download reads. */
function chunkOf(element: string): ChunkText {
  let text = element.trimEnd();
  if (text.endsWith(',')) text = text.slice(0, -1).trimEnd();
  if (!text.startsWith(CHUNK_START) || !text.endsWith('}')) throw new SyntaxError('A chunk of lines is not an object.');
  const keys = column<string>(text, 'key', 'itemRef');
  const bins = column<string>(text, 'bin', 'lot');
  const expected = column<string | null>(text, 'expectedQty', 'unitCost');
  if (!keys || !bins || !expected) {
    // Not the server's layout of the fields: read the whole chunk (slower, same answer).
    const c = JSON.parse(text) as { key: string[]; bin: string[]; expectedQty: (string | null)[] };
    return { text, keys: c.key, bins: c.bin, blind: c.expectedQty.includes(null) };
  }
  if (bins.length !== keys.length || expected.length !== keys.length)
    throw new SyntaxError('A chunk of lines has columns of different lengths.');
  return { text, keys, bins, blind: expected.includes(null) };
}

/** The column `name` of a chunk's text, which the field `next` follows; undefined when the text is laid out otherwise. */
function column<T>(text: string, name: string, next: string): T[] | undefined {
  const head = name === 'key' ? `${CHUNK_START}:` : `,"${name}":`;
  const at = name === 'key' ? 0 : text.indexOf(head);
  if (at < 0 || !text.startsWith(head, at)) return undefined;
  const start = at + head.length;
  const end = text.indexOf(`,"${next}":`, start);
  if (end < 0) return undefined;
  const values: unknown = JSON.parse(text.slice(start, end));
  return Array.isArray(values) ? (values as T[]) : undefined;
}
