/**
 * An XLSX workbook as a sheet: its first worksheet, read as a stream. The ZIP's directory
 * is read by JSZip (already the app's ZIP library), each part inflated as a stream and
 * parsed by sax (isaacs' streaming XML parser), so a 250,000-row sheet is never one string
 * nor one tree. Shared strings are held (cells point at them by number); cells keep their
 * type: a number cell stays a number (an EAN saved as a number keeps its digits, a price
 * its exact text), an error cell (#N/A) stays an error. Sizes are checked as they inflate:
 * a small file that inflates to gigabytes is refused, whatever its directory claims.
 */
import JSZip from 'jszip';
import sax from 'sax';
import { fail, ok, type Result } from '../../core/errors';
import type { DecimalMark } from '../../core/import/cells';
import type { Cell } from '../../core/import/row';
import { emptyRecord, guessDecimal, SheetError, type Sheet, type SheetProblem, type SheetRecord } from './sheet';

// Small batches: what is in flight dies young (see csvSheet.ts).
const BATCH = 1000;
const MAX_STRINGS_BYTES = 256 << 20;
const MAX_SHEET_BYTES = 1536 << 20;

type StreamableEntry = JSZip.JSZipObject & {
  internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array>;
};

export async function openXlsx(bytes: Uint8Array, decimal: DecimalMark | null): Promise<Result<Sheet, SheetProblem>> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    return fail(
      'damaged_xlsx',
      'the file looks like an XLSX workbook but cannot be opened: it may be cut short or damaged',
    );
  }
  const mimetype = zip.file('mimetype');
  if (mimetype && (await mimetype.async('string')).includes('opendocument')) {
    return fail('ods', 'this is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV and try again');
  }
  const workbook = zip.file('xl/workbook.xml');
  if (!workbook) return fail('not_xlsx', 'this ZIP file is not an Excel workbook (.xlsx)');
  try {
    const sheets = elements(await workbook.async('string'), 'sheet');
    const rels = elements(await (zip.file('xl/_rels/workbook.xml.rels')?.async('string') ?? ''), 'Relationship');
    const first = sheets[0];
    const target = rels.find((r) => r.Id === first?.['r:id'])?.Target;
    const sheetPath = target ? partPath(target) : 'xl/worksheets/sheet1.xml';
    const sheetEntry = zip.file(sheetPath);
    if (!sheetEntry) return fail('not_xlsx', 'the workbook has no worksheet');
    const stringsTarget = rels.find((r) => (r.Type ?? '').endsWith('/sharedStrings'))?.Target;
    const stringsEntry = zip.file(stringsTarget ? partPath(stringsTarget) : 'xl/sharedStrings.xml');
    const strings = stringsEntry ? await sharedStrings(stringsEntry) : [];

    let headers: string[] | null = null;
    let headerRow = 0;
    const firstRecords: SheetRecord[] = [];
    for await (const batch of sheetRecords(sheetEntry, strings)) {
      for (const r of batch) {
        if (headers === null) {
          headers = r.cells.map((c) => (typeof c === 'string' ? c.trim() : 'number' in c ? c.number : c.error));
          headerRow = r.row;
        } else if (firstRecords.length < 500) firstRecords.push(r);
      }
      if (headers !== null && firstRecords.length >= 500) break;
    }
    if (headers === null) return fail('empty_file', 'the first worksheet is empty');
    if (headers.every((h) => h === '')) return fail('no_header', 'the first row holds no column names');
    const header = headerRow;
    return ok({
      format: 'xlsx',
      encoding: null,
      separator: null,
      sheetName: first?.name ?? null,
      decimal: decimal ?? guessDecimal(firstRecords, null),
      headers,
      sample: firstRecords.slice(0, 5),
      async *records() {
        for await (const batch of sheetRecords(sheetEntry, strings)) {
          const data = batch.filter((r) => r.row > header);
          if (data.length) yield data;
        }
      },
    });
  } catch (e) {
    if (e instanceof SheetError) return fail(e.code, e.message);
    throw e;
  }
}

/** "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml". */
const partPath = (target: string): string => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);

/** The attributes of every element named `name` (any namespace prefix) in a small XML part. */
function elements(xml: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const parser = sax.parser(true);
  parser.onopentag = (tag) => {
    if (localName(tag.name) === name) found.push(tag.attributes as Record<string, string>);
  };
  parser.onerror = () => {
    throw new SheetError('damaged_xlsx', 'a part of the workbook is not valid XML');
  };
  parser.write(xml).close();
  return found;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Inflates a part as a stream into `onText`; refuses it past `limit` bytes. */
function streamPart(
  entry: JSZip.JSZipObject,
  limit: number,
  parser: sax.SAXParser,
  control?: { pause: () => void; resume: () => void; bind: (p: () => void, r: () => void) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new TextDecoder('utf-8');
    let size = 0;
    let done = false;
    const stream = (entry as StreamableEntry).internalStream('uint8array');
    const stop = (e: unknown): void => {
      if (done) return;
      done = true;
      stream.pause();
      reject(
        e instanceof SheetError ? e : new SheetError('damaged_xlsx', `the workbook cannot be read (${String(e)})`),
      );
    };
    parser.onerror = (e) =>
      stop(new SheetError('damaged_xlsx', `the workbook holds invalid XML (${e.message.split('\n')[0]})`));
    control?.bind(
      () => stream.pause(),
      () => stream.resume(),
    );
    stream
      .on('data', (chunk) => {
        if (done) return;
        size += chunk.byteLength;
        if (size > limit)
          return stop(new SheetError('damaged_xlsx', `a part of the workbook inflates past ${limit >> 20} MB`));
        try {
          parser.write(decoder.decode(chunk, { stream: true }));
        } catch (e) {
          stop(e);
        }
      })
      .on('error', (e) => stop(e))
      .on('end', () => {
        if (done) return;
        try {
          parser.write(decoder.decode()).close();
          done = true;
          resolve();
        } catch (e) {
          stop(e);
        }
      })
      .resume();
  });
}

async function sharedStrings(entry: JSZip.JSZipObject): Promise<string[]> {
  const strings: string[] = [];
  const parser = sax.parser(true);
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  parser.onopentag = (tag) => {
    const n = localName(tag.name);
    if (n === 'si') current = '';
    else if (n === 'rPh') phonetic++;
    else if (n === 't' && phonetic === 0) inText = true;
  };
  parser.onclosetag = (name) => {
    const n = localName(name);
    if (n === 'si') {
      strings.push(current ?? '');
      current = null;
    } else if (n === 'rPh') phonetic--;
    else if (n === 't') inText = false;
  };
  const onText = (t: string): void => {
    if (inText && current !== null) current += t;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  await streamPart(entry, MAX_STRINGS_BYTES, parser);
  return strings;
}

/** "BC12" → 54 (0-based column of a cell reference). */
function columnOfRef(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

async function* sheetRecords(entry: JSZip.JSZipObject, strings: readonly string[]): AsyncGenerator<SheetRecord[]> {
  const queue: (SheetRecord[] | Error | null)[] = [];
  let wake: (() => void) | null = null;
  const push = (item: SheetRecord[] | Error | null): void => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  let pauseStream = (): void => {};
  let resumeStream = (): void => {};
  let pending: SheetRecord[] = [];
  let row = 0;
  let cells: Cell[] = [];
  let column = -1;
  let type = 'n';
  let value: string | null = null;
  let inValue = false;
  let inlineText = false;
  const parser = sax.parser(true);
  parser.onopentag = (tag) => {
    const n = localName(tag.name);
    const a = tag.attributes as Record<string, string>;
    if (n === 'row') {
      row = a.r ? Number(a.r) : row + 1;
      cells = [];
      column = -1;
    } else if (n === 'c') {
      column = a.r ? columnOfRef(a.r) : column + 1;
      type = a.t ?? 'n';
      value = null;
    } else if (n === 'v') {
      inValue = true;
      value = '';
    } else if (n === 't' && type === 'inlineStr') {
      inlineText = true;
      value ??= '';
    }
  };
  const onText = (t: string): void => {
    if (inValue || inlineText) value += t;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onclosetag = (name) => {
    const n = localName(name);
    if (n === 'v') inValue = false;
    else if (n === 't') inlineText = false;
    else if (n === 'c') {
      if (value !== null && column >= 0 && column < 16384) cells[column] = toCell(type, value, strings);
    } else if (n === 'row') {
      const filled = Array.from(cells, (c) => c ?? '');
      if (!emptyRecord(filled)) pending.push({ row, cells: filled });
      if (pending.length >= BATCH) {
        pauseStream();
        push(pending);
        pending = [];
      }
    }
  };
  const done = streamPart(entry, MAX_SHEET_BYTES, parser, {
    pause: () => pauseStream(),
    resume: () => resumeStream(),
    bind: (p, r) => {
      pauseStream = p;
      resumeStream = r;
    },
  }).then(
    () => {
      if (pending.length) push(pending);
      push(null);
    },
    (e: unknown) => push(e instanceof Error ? e : new Error(String(e))),
  );
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift();
      if (item === null || item === undefined) return;
      if (item instanceof Error) throw item;
      yield item;
      resumeStream();
    }
  } finally {
    // A consumer that stops early (the first rows, for the header) leaves the stream paused.
    pauseStream();
    void done;
  }
}

function toCell(type: string, value: string, strings: readonly string[]): Cell {
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'str':
    case 'inlineStr':
    case 'd':
      return value;
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return { error: value };
    default:
      return { number: value };
  }
}
