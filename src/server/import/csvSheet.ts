/**
 * A CSV file as a sheet. The encoding is told by the bytes (core/import/text.ts), the
 * separator by the header line (`;` of a French Excel, `,`, tab or `|`; Excel's "sep=;"
 * first line is honoured), then Papa Parse reads the records from a stream of decoded
 * pieces, paused while each batch is staged: memory holds a batch, not the file's rows.
 */
import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { fail, ok, type Result } from '../../core/errors';
import type { DecimalMark } from '../../core/import/cells';
import { decodePieces, decodeText, detectEncoding, type DetectedText } from '../../core/import/text';
import { emptyRecord, guessDecimal, SheetError, type Sheet, type SheetProblem, type SheetRecord } from './sheet';

// Small pieces and batches: what is in flight dies young, in V8's young generation, rather
// than being promoted and piling up until a full collection. Reading 250,000 lines grew
// the process by 347 MB with 1 MB pieces and batches of 5,000, by 230 MB with these (and
// took 2.7 s instead of 3.3).
const BATCH = 1000;
const PIECE_BYTES = 64 * 1024;
const SAMPLE_BYTES = 256 * 1024;
const SEPARATORS = [';', '\t', ',', '|'] as const;

export async function openCsv(bytes: Uint8Array, decimal: DecimalMark | null): Promise<Result<Sheet, SheetProblem>> {
  const detected = detectEncoding(bytes);
  if (!detected.ok) return detected;
  const start = decodeText(bytes.subarray(0, SAMPLE_BYTES), detected.value);
  const hint = /^sep=(.)\r?\n/i.exec(start);
  const separator = hint?.[1] ?? guessSeparator(start);
  const skipLines = hint ? 1 : 0;
  const first: SheetRecord[] = [];
  let headers: string[] | null = null;
  let headerRow = 0;
  try {
    for await (const batch of records(bytes, detected.value, separator, skipLines)) {
      for (const r of batch) {
        if (headers === null) {
          headers = r.cells.map((c) => (typeof c === 'string' ? c.trim() : ''));
          headerRow = r.row;
        } else if (first.length < 500) first.push(r);
      }
      if (headers !== null && first.length >= 500) break;
    }
  } catch (e) {
    if (!(e instanceof SheetError)) throw e;
    if (headers === null) return fail(e.code, e.message);
  }
  if (headers === null) return fail('empty_file', 'the file has no rows');
  if (headers.every((h) => h === '')) return fail('no_header', 'the first row holds no column names');
  const header = headerRow;
  return ok({
    format: 'csv',
    encoding: detected.value.encoding,
    separator,
    sheetName: null,
    decimal: decimal ?? guessDecimal(first, separator),
    headers,
    sample: first.slice(0, 5),
    async *records() {
      for await (const batch of records(bytes, detected.value, separator, skipLines)) {
        const data = batch.filter((r) => r.row > header);
        if (data.length) yield data;
      }
    },
  });
}

/** The separator the header line uses most (outside quotes). */
function guessSeparator(text: string): string {
  const line = firstRecordText(text);
  let best: string = ';';
  let bestCount = 0;
  for (const s of SEPARATORS) {
    const n = line.split(s).length - 1;
    if (n > bestCount) {
      best = s;
      bestCount = n;
    }
  }
  return best;
}

function firstRecordText(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i).replace(/"[^"]*"/g, '');
  }
  return text.replace(/"[^"]*"/g, '');
}

/**
 * The records, numbered as a spreadsheet numbers rows (a quoted cell over two lines is
 * still one row), empty ones left out, `BATCH` at a time. Papa is paused between batches.
 */
async function* records(
  bytes: Uint8Array,
  detected: DetectedText,
  separator: string,
  skipLines: number,
): AsyncGenerator<SheetRecord[]> {
  const queue: (SheetRecord[] | SheetError | null)[] = [];
  let wake: (() => void) | null = null;
  // Papa's resume() on a parser that is not paused retries every 3 ms for ever: only what was paused is resumed.
  let paused: Papa.Parser | null = null;
  let row = 0;
  let pending: SheetRecord[] = [];
  const push = (item: SheetRecord[] | SheetError | null): void => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  const input = Readable.from(decodePieces(bytes, detected, PIECE_BYTES), { objectMode: true });
  Papa.parse<string[], NodeJS.ReadableStream>(input, {
    delimiter: separator,
    skipFirstNLines: skipLines,
    chunk(results: Papa.ParseResult<string[]>, p: Papa.Parser) {
      const unclosed = results.errors.find((e) => e.code === 'MissingQuotes');
      for (const cells of results.data) {
        row++;
        if (!emptyRecord(cells)) pending.push({ row, cells });
      }
      if (unclosed) {
        push(
          new SheetError(
            'unclosed_quote',
            `a quoted cell is never closed (from about row ${row}): the file may be cut short`,
            row,
          ),
        );
        p.abort();
        return;
      }
      if (pending.length >= BATCH) {
        p.pause();
        paused = p;
        push(pending);
        pending = [];
      }
    },
    complete() {
      if (pending.length) push(pending);
      push(null);
    },
    error(e: Error) {
      push(new SheetError('not_a_spreadsheet', `the file cannot be read as CSV (${e.message})`));
    },
  });
  let done = false;
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift();
      if (item === null || item === undefined) {
        done = true;
        return;
      }
      if (item instanceof SheetError) throw item;
      yield item;
      const p = paused as Papa.Parser | null;
      paused = null;
      p?.resume();
    }
  } finally {
    // A reader that stops early (the first rows, for the mapping screen) leaves the parser
    // paused on the rest of the file: stop it, so nothing holds the file's pieces.
    if (!done) {
      (paused as Papa.Parser | null)?.abort();
      input.destroy();
    }
  }
}
