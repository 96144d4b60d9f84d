/**
 * Reads the columns route's JSON array of chunks (GET /inventories/:id/lines/columns) as
 * it arrives, a piece of text at a time, and hands out each chunk's own text — the
 * layout the device stores (db/chunkColumns.ts) — without parsing it: stored as it came,
 * the 250,000 lines' some 45 MB are never turned into objects on the phone. Only the
 * columns the download needs are read from it: `key` (how many lines) and `expectedQty`
 * (a blind copy); `bin` only when the location's bins could not be read.
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
  /** Its lines' keys, in order. */
  readonly keys: readonly string[];
  /** Some line came without its expected quantity: the copy is a counter's (blind). */
  readonly blind: boolean;
}

export class ChunkArrayReader {
  /** The text of the chunk being read, in the pieces it came in (joined once, when it ends). */
  private parts: string[] = [];
  private length = 0;
  /** The last few characters read: a chunk's start may be cut between two pieces. */
  private tail = '';
  /** The text before the array's `[` (whitespace), until it is seen. */
  private head: string | null = '';

  /** Takes the next piece of the answer; returns the chunks it completed (often none). */
  push(piece: string): ChunkText[] {
    if (this.head !== null) {
      const start = (this.head + piece).trimStart();
      if (start === '') return [];
      if (!start.startsWith('[')) throw new SyntaxError('The lines answer is not a JSON array.');
      this.head = null;
      piece = start.slice(1);
    }
    // Each piece is searched once, with the few characters before it, not the chunk so far
    // again (a chunk is ~350 KB, a piece 64 KB): 0.3-0.6 s less at 250,000 lines.
    const searched = this.tail + piece;
    const found = searched.indexOf(CHUNK_START);
    const from = this.length - this.tail.length + found;
    this.tail = searched.slice(-(CHUNK_START.length - 1));
    this.parts.push(piece);
    this.length += piece.length;
    if (found < 0) return [];
    const all = this.parts.join('');
    const chunks: ChunkText[] = [];
    let start = 0;
    // Only a start after the text's first character ends a chunk: the one at 0 is its own.
    for (let next = all.indexOf(CHUNK_START, Math.max(1, from)); next > 0; next = all.indexOf(CHUNK_START, start + 1)) {
      const element = all.slice(start, next);
      if (element.trim() !== '') chunks.push(chunkOf(element));
      start = next;
    }
    const rest = all.slice(start);
    this.parts = [rest];
    this.length = rest.length;
    return chunks;
  }

  /** The answer ended: its last chunk, if any. Throws when it was cut short (no closing `]`). */
  end(): ChunkText[] {
    const rest = this.parts.join('').trimEnd();
    if (this.head !== null || !rest.endsWith(']')) throw new SyntaxError('The lines answer was cut short.');
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
  // Near the chunk's end: looked for from there (the columns after it are short).
  const expected = column<string | null>(text, 'expectedQty', 'unitCost', true);
  if (!keys || !expected) {
    // Not the server's layout of the fields: read the whole chunk (slower, same answer).
    const c = JSON.parse(text) as { key: string[]; expectedQty: (string | null)[] };
    return { text, keys: c.key, blind: c.expectedQty.includes(null) };
  }
  if (expected.length !== keys.length) throw new SyntaxError('A chunk of lines has columns of different lengths.');
  return { text, keys, blind: expected.includes(null) };
}

/** The bins of a chunk's lines, in order: read only when the location's bins could not be. */
export function chunkBins(text: string): string[] {
  return column<string>(text, 'bin', 'lot') ?? (JSON.parse(text) as { bin: string[] }).bin;
}

/**
 * The column `name` of a chunk's text, which the field `next` follows; undefined when the
 * text is laid out otherwise. `fromEnd`: looked for from the end (the name occurs once).
 */
function column<T>(text: string, name: string, next: string, fromEnd = false): T[] | undefined {
  const head = name === 'key' ? `${CHUNK_START}:` : `,"${name}":`;
  const at = name === 'key' ? 0 : fromEnd ? text.lastIndexOf(head) : text.indexOf(head);
  if (at < 0 || !text.startsWith(head, at)) return undefined;
  const start = at + head.length;
  const end = text.indexOf(`,"${next}":`, start);
  if (end < 0) return undefined;
  const values: unknown = JSON.parse(text.slice(start, end));
  return Array.isArray(values) ? (values as T[]) : undefined;
}
