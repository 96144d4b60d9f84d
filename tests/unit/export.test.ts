/**
 * The export ZIPs end to end, read back the way the accountant's tools read them: the
 * ZIP opened with JSZip, each CSV parsed with Papa.parse, hashes recomputed with Node's
 * own SHA-256. The snapshot is full of cells a spreadsheet would misread or run.
 */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lineCounts, registersFrom } from '../../src/core/counting';
import type { InventoryLine } from '../../src/core/line';
import { buildRecap, type Recap } from '../../src/core/recap';
import type { UncountedPolicy } from '../../src/core/inventory';
import { buildAfterExport, buildBeforeExport } from '../../src/core/export/build';
import { countsCsv, type ExportedCountEvent } from '../../src/core/export/counts';
import {
  CsvWriter,
  FRENCH_CSV,
  formatScaled,
  neutralise,
  type Column,
  type CsvDialect,
} from '../../src/core/export/csv';
import { formatFixed } from '../../src/core/fixed';
import { exportFileName, safeFileNamePart } from '../../src/core/export/fileName';
import { sha256Hex, type ExportManifest } from '../../src/core/export/manifest';
import { readExport } from '../../src/core/export/read';
import { deflateRaw } from '../../src/core/export/deflate';
import { erpLines } from '../../src/core/export/erp';
import { joinStockCsv, stockAfter, stockCsv, stockRowsFromLines, type StockCsv } from '../../src/core/export/stock';
import type { ExportFile, ExportHeader } from '../../src/core/export/types';
import { zipExport } from '../../src/core/export/zip';
import { qty } from '../../src/core/quantity';
import { event, line, prng, q, unwrapErr } from './coreTestUtils';

// ---------- a snapshot with tricky cells ----------

const eq = line({ itemRef: 'REF-EQ', designation: '=SUM(A1)', expected: '10', unitCost: '2.5' });
const kg = line({
  itemRef: 'REF-KG',
  designation: '+33 6 12 34 56 78',
  unit: 'kg',
  expected: '0.5',
  unitCost: '3.3333',
});
const minus: InventoryLine = {
  ...line({ itemRef: '-100', designation: '-x', bin: 'B-01', expected: '4', unitCost: '1' }),
  supplier: '@cmd',
};
const tab = line({
  itemRef: 'REF-TAB',
  designation: '\tTabbed',
  bin: 'B-01',
  lot: 'L1',
  expected: '2',
  unitCost: '0.3333',
});
const messy = line({
  itemRef: 'REF-SN',
  designation: 'Vis "6 pans"; inox\nM8',
  bin: 'B-02',
  serial: 'SN-1',
  expected: '1',
  unitCost: '12.3456',
});
const accents = line({
  itemRef: 'ÉCROU',
  designation: 'Écrou à œillet – ç',
  bin: 'Ä-ß',
  expected: '5',
  unitCost: '0.1',
});
const added = line({
  itemRef: 'NEW-1',
  designation: 'Trouvé',
  bin: 'C-01',
  expected: '0',
  unitCost: '1.5',
  added: true,
});
const snapshot: InventoryLine[] = [eq, kg, minus, tab, messy, accents, added];

const T = (s: number): string => new Date(Date.UTC(2026, 10, 25, 8, 0, s)).toISOString();
const ev = (id: string, l: InventoryLine, dev: string, n: string, seq: number, late = false): ExportedCountEvent => ({
  ...event(id, l.key, dev, n, seq, { counter: dev === 'd2' ? '=HYPERLINK("x")' : 'Zoé', at: T(seq) }),
  late,
  cursor: seq,
});
const events: ExportedCountEvent[] = [
  ev('e1', eq, 'd1', '7', 1),
  ev('e2', kg, 'd1', '0.1', 2), // two devices on one line add up: 0.1 + 0.2 = 0.3 exactly
  ev('e3', kg, 'd2', '0.2', 3),
  ev('e4', tab, 'd1', '3', 4),
  ev('e5', messy, 'd1', '0', 5),
  ev('e6', added, 'd2', '2', 6),
  ev('e7', minus, 'd1', '9', 7, true), // late: kept in counts.csv, not in the recap
  { ...ev('e8', eq, 'd1', '1', 8, true), lineKey: 'GONE|X||' as InventoryLine['key'] },
];

const recapOf = (policy: UncountedPolicy): Recap =>
  buildRecap(snapshot, lineCounts(registersFrom(events.filter((e) => !e.late)).values()), policy);

const header = (phase: 'before' | 'after'): ExportHeader => ({
  phase,
  inventory: { id: 7, name: 'Fin d’année', kind: 'articles', status: phase === 'before' ? 'counting' : 'applied' },
  location: { id: 3, code: 'DEP1', name: 'Dépôt' },
  generatedBy: 'zoe',
  generatedAt: '2026-11-25T09:15:42.000Z',
});

const afterInput = (policy: UncountedPolicy) => {
  const recap = recapOf(policy);
  return { stock: stockAfter(snapshot, recap), recap, events };
};
const afterFiles = (policy: UncountedPolicy = 'keep'): Promise<ExportFile[]> =>
  buildAfterExport(header('after'), afterInput(policy));

// ---------- reading back ----------

interface ParsedCsv {
  readonly text: string;
  readonly fields: string[];
  readonly rows: Record<string, string>[];
}

/** Decodes keeping the BOM, checks it and the line ends, then parses as a French spreadsheet would. */
function readCsv(bytes: Uint8Array): ParsedCsv {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.endsWith('\r\n\r\n')).toBe(false);
  const parsed = Papa.parse<Record<string, string>>(text, {
    delimiter: ';',
    newline: '\r\n',
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return { text, fields: parsed.meta.fields ?? [], rows: parsed.data };
}

const fileOf = (files: readonly ExportFile[], name: string): Uint8Array => {
  const f = files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name}`);
  return f.bytes;
};
const manifestOf = (files: readonly ExportFile[]): ExportManifest =>
  JSON.parse(new TextDecoder().decode(fileOf(files, 'manifest.json'))) as ExportManifest;
const byRef = (rows: Record<string, string>[], ref: string): Record<string, string> => {
  const found = rows.find((r) => r.reference === ref);
  if (!found) throw new Error(`no row for ${ref}`);
  return found;
};
/** "-7,5000" → -75000n: exact, since every money cell has 4 decimals. */
const scaled = (cell: string | undefined): bigint => {
  if (!cell || !/^-?\d+,\d+$/.test(cell)) throw new Error(`not a decimal-comma number: ${cell}`);
  return BigInt(cell.replace(',', ''));
};
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function unzip(bytes: Uint8Array): Promise<Map<string, { bytes: Uint8Array; date: Date }>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, { bytes: Uint8Array; date: Date }>();
  for (const [name, entry] of Object.entries(zip.files)) {
    out.set(name, { bytes: await entry.async('uint8array'), date: entry.date });
  }
  return out;
}

async function rezip(entries: Map<string, { bytes: Uint8Array }>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, e] of entries) zip.file(name, e.bytes);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

// ---------- the CSV writer ----------

type Cell = string | bigint | number | boolean | null;
const keepBom = new TextDecoder('utf-8', { ignoreBOM: true });

/** Feeds plain rows to a CsvWriter, each cell through the method of its column's type. */
function csvText(columns: readonly Column[], rows: readonly Cell[][], dialect?: CsvDialect): string {
  const w = new CsvWriter(columns, dialect);
  for (const row of rows) {
    row.forEach((cell, i) => {
      const type = columns[i]?.type;
      if (type === 'text') w.text(cell as string | null);
      else if (type === 'qty') w.qty(cell as bigint | null);
      else if (type === 'money') w.money(cell as bigint | null);
      else if (type === 'int') w.int(cell as number | null);
      else w.bool(cell as boolean | null);
    });
    w.endRow();
  }
  const out = w.finish();
  expect(out.rows).toBe(rows.length);
  return keepBom.decode(out.bytes);
}

describe('CsvWriter', () => {
  const cols: Column[] = [
    { id: 'texte', type: 'text' },
    { id: 'qte', type: 'qty' },
    { id: 'prix', type: 'money' },
    { id: 'n', type: 'int' },
    { id: 'ok', type: 'bool' },
  ];

  it('writes French CSV: BOM, semicolons, CRLF, decimal comma, numbers unquoted', () => {
    const text = csvText(cols, [
      ['a', q('1.5'), 31400n, 3, true],
      [null, -3000n, -75000n, 0, false],
    ]);
    expect(text).toBe('\uFEFFtexte;qte;prix;n;ok\r\na;1,500;3,1400;3;oui\r\n;-3,000;-7,5000;0;non\r\n');
  });

  it('neutralises text that a spreadsheet would run, and only text', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralise(`${start}1`)).toBe(`'${start}1`);
    for (const safe of ['1', 'a=b', ' =x', "'=x", '']) expect(neutralise(safe)).toBe(safe);
    const text = csvText(cols, [['-3,000', -3000n, 0n, -1, true]]);
    expect(text.split('\r\n')[1]).toBe("'-3,000;-3,000;0,0000;-1;oui");
  });

  it('quotes a cell only for a separator, a quote or a line break', () => {
    const text = csvText(cols.slice(0, 1), [['a;b'], ['say "hi"'], ['x\ny'], ['plain']]);
    expect(text).toBe('\uFEFFtexte\r\n"a;b"\r\n"say ""hi"""\r\n"x\ny"\r\nplain\r\n');
  });

  it('quotes text exactly as Papa.unparse does', () => {
    const alphabet = ['a', 'é', ' ', ';', ',', '"', '\r', '\n', '\t', '\uFEFF', "'", '='];
    const rand = prng(21);
    const cell = (): string =>
      Array.from({ length: Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const texts: Column[] = [
      { id: 'a', type: 'text' },
      { id: 'b', type: 'text' },
    ];
    for (const dialect of [FRENCH_CSV, { separator: ',', decimal: '.', bom: false }]) {
      const rows = Array.from({ length: 3000 }, () => [cell(), cell()]);
      const papa = Papa.unparse(
        rows.map((r) => r.map(neutralise)),
        { delimiter: dialect.separator, newline: '\r\n', quotes: false, quoteChar: '"', escapeChar: '"' },
      );
      expect(csvText(texts, rows, dialect)).toBe(`${dialect.bom ? '\uFEFF' : ''}a${dialect.separator}b\r\n${papa}\r\n`);
    }
  });

  it('takes another dialect', () => {
    const text = csvText(cols, [['a,b', q('0.25'), 5n, 1, false]], { separator: ',', decimal: '.', bom: false });
    expect(text).toBe('texte,qte,prix,n,ok\r\n"a,b",0.250,0.0005,1,non\r\n');
  });

  it('keeps every row across write batches (row arrays are reused)', () => {
    const rows: Cell[][] = Array.from({ length: 5000 }, (_, i) => [`r${i}`, BigInt(i), BigInt(-i), i, i % 2 === 0]);
    const parsed = Papa.parse<string[]>(csvText(cols, rows).slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.data).toHaveLength(5001);
    for (const i of [0, 2047, 2048, 2049, 4095, 4096, 4999]) {
      const money = formatFixed(BigInt(-i), 4, ',');
      expect(parsed.data[i + 1]).toEqual([
        `r${i}`,
        formatFixed(BigInt(i), 3, ','),
        money,
        String(i),
        i % 2 ? 'non' : 'oui',
      ]);
    }
  });

  it('refuses a cell of the wrong type or a row of the wrong length (bugs, not data)', () => {
    expect(() => new CsvWriter(cols).qty(1n)).toThrow(/texte is text, not qty/);
    expect(() => new CsvWriter(cols).text('a').qty(1n).money(0n).int(1.5)).toThrow(/n takes whole numbers/);
    expect(() => new CsvWriter(cols).text('a').endRow()).toThrow(/after 1 cells, expected 5/);
    expect(() => new CsvWriter(cols).text('a').finish()).toThrow(/unfinished/);
    const full = new CsvWriter(cols).text('a').qty(1n).money(0n).int(1).bool(true);
    expect(() => full.text('extra')).toThrow(/past the last column/);
  });
});

describe('sha256Hex', () => {
  afterEach(() => vi.unstubAllGlobals());
  const inputs = [new Uint8Array(), new TextEncoder().encode('décompte'), new Uint8Array(1_000_003).fill(7)];

  it('uses the platform digest and gives the standard hex', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    for (const b of inputs) expect(await sha256Hex(b)).toBe(sha(b));
    expect(digest).toHaveBeenCalledTimes(inputs.length);
    digest.mockRestore();
  });

  it('gives the same hex without WebCrypto (a page on plain http has no crypto.subtle)', async () => {
    vi.stubGlobal('crypto', {});
    for (const b of inputs) expect(await sha256Hex(b)).toBe(sha(b));
    vi.stubGlobal('crypto', undefined);
    for (const b of inputs) expect(await sha256Hex(b)).toBe(sha(b));
  });
});

// ---------- the before export ----------

describe('buildBeforeExport', () => {
  let files: ExportFile[] = [];
  beforeAll(async () => {
    files = await buildBeforeExport(header('before'), stockRowsFromLines(snapshot));
  });

  it('has stock.csv then manifest.json', () => {
    expect(files.map((f) => f.name)).toEqual(['stock.csv', 'manifest.json']);
  });

  it('lists the stock before, without the lines added later, values exact', () => {
    const csv = readCsv(fileOf(files, 'stock.csv'));
    expect(csv.fields).toEqual([
      'reference',
      'designation',
      'type',
      'fournisseur',
      'emplacement',
      'lot',
      'serie',
      'unite',
      'quantite',
      'cout_unitaire',
      'valeur',
    ]);
    expect(csv.rows.map((r) => r.reference)).toEqual(['REF-EQ', 'REF-KG', "'-100", 'REF-TAB', 'REF-SN', 'ÉCROU']);
    expect(byRef(csv.rows, 'REF-KG')).toMatchObject({ quantite: '0,500', cout_unitaire: '3,3333', valeur: '1,6667' });
    const m = manifestOf(files);
    expect(m.totals).toEqual({ lines: 6, quantity: '22.500', value: '44.1789' });
    expect(csv.rows.reduce((s, r) => s + scaled(r.valeur), 0n)).toBe(441789n);
    expect(m).toMatchObject({ format: 'decompte-export/1', phase: 'before', generatedBy: 'zoe' });
    expect(m.uncountedPolicy).toBeUndefined();
    expect(m.files).toEqual([
      { name: 'stock.csv', rows: 6, bytes: files[0]?.bytes.byteLength, sha256: sha(fileOf(files, 'stock.csv')) },
    ]);
  });

  it('gives the same stock.csv and totals when written in parts (the first with the header) and joined', () => {
    const rows = [...stockRowsFromLines(snapshot)];
    const whole = stockCsv(rows, FRENCH_CSV);
    for (const cut of [0, 1, 3, rows.length]) {
      const joined = joinStockCsv([
        stockCsv(rows.slice(0, cut), FRENCH_CSV),
        stockCsv(rows.slice(cut), FRENCH_CSV, { header: false }),
      ]);
      expect(joined.file.bytes).toEqual(whole.file.bytes);
      expect(joined.file.rows).toBe(whole.file.rows);
      expect(joined.totals).toEqual(whole.totals);
      expect(joined.file.deflated).toBeUndefined();
    }
  });

  it('joins the parts deflated by their writers into the deflated file', () => {
    const rows = [...stockRowsFromLines(snapshot)];
    const deflated = (csv: StockCsv, final: boolean): StockCsv => ({
      ...csv,
      file: { ...csv.file, deflated: deflateRaw(csv.file.bytes, { final }) },
    });
    const joined = joinStockCsv([
      deflated(stockCsv(rows.slice(0, 2), FRENCH_CSV), false),
      deflated(stockCsv(rows.slice(2), FRENCH_CSV, { header: false }), true),
    ]);
    expect(inflateRawSync(joined.file.deflated!)).toEqual(Buffer.from(stockCsv(rows, FRENCH_CSV).file.bytes));
  });

  it('refuses a header of the other phase', async () => {
    await expect(buildBeforeExport(header('after'), [])).rejects.toThrow(/before/);
  });
});

// ---------- the after export, through a real ZIP ----------

describe('buildAfterExport + zipExport', () => {
  let zipped: Uint8Array = new Uint8Array();
  let entries = new Map<string, { bytes: Uint8Array; date: Date }>();
  let manifest: ExportManifest;
  beforeAll(async () => {
    zipped = await zipExport(await afterFiles(), header('after').generatedAt);
    entries = await unzip(zipped);
    manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')?.bytes)) as ExportManifest;
  });
  const csv = (name: string): ParsedCsv => {
    const e = entries.get(name);
    if (!e) throw new Error(`${name} not in the ZIP`);
    return readCsv(e.bytes);
  };
  it('holds the six files, dated with generatedAt', () => {
    expect([...entries.keys()]).toEqual([
      'stock.csv',
      'variances.csv',
      'counts.csv',
      'added.csv',
      'ajustement_erp.csv',
      'manifest.json',
    ]);
    for (const e of entries.values()) expect(e.date.toISOString()).toBe('2026-11-25T09:15:42.000Z');
  });

  it('neutralises formula-like text, keeps numbers as unquoted numbers', () => {
    const { text, rows } = csv('variances.csv');
    expect(byRef(rows, 'REF-EQ').designation).toBe("'=SUM(A1)");
    expect(byRef(rows, 'REF-KG').designation).toBe("'+33 6 12 34 56 78");
    expect(byRef(rows, "'-100").designation).toBe("'-x");
    expect(byRef(rows, 'REF-TAB').designation).toBe("'\tTabbed");
    expect(byRef(rows, 'REF-SN').designation).toBe('Vis "6 pans"; inox\nM8');
    expect(byRef(rows, 'ÉCROU')).toMatchObject({ designation: 'Écrou à œillet – ç', emplacement: 'Ä-ß' });
    // The loss on REF-EQ (10 → 7 at 2.5) is a plain negative number in the raw text.
    expect(byRef(rows, 'REF-EQ')).toMatchObject({ ecart: '-3,000', valeur_ecart: '-7,5000' });
    expect(text).toContain(';10,000;7,000;-3,000;2,5000;-7,5000;oui;;non\r\n');
    expect(text).toContain('"Vis ""6 pans""; inox\nM8"');
    expect(text).not.toMatch(/'-\d+,\d/); // no number was neutralised
    expect(csv('stock.csv').rows.find((r) => r.reference === "'-100")?.fournisseur).toBe("'@cmd");
  });

  it('lists counted and uncounted lines in variances.csv, totals exact', () => {
    const { rows, fields } = csv('variances.csv');
    expect(fields).toContain('regle_non_comptee');
    expect(rows).toHaveLength(7);
    expect(rows.filter((r) => r.comptee === 'non').map((r) => [r.reference, r.regle_non_comptee])).toEqual([
      ["'-100", 'conserver'],
      ['ÉCROU', 'conserver'],
    ]);
    expect(byRef(rows, 'REF-KG')).toMatchObject({
      quantite_comptee: '0,300',
      ecart: '-0,200',
      valeur_ecart: '-0,6667',
    });
    const sum = rows.reduce((s, r) => s + scaled(r.valeur_ecart), 0n);
    expect(manifest.totals.recap?.differenceValue).toBe('-17.1790');
    expect(sum).toBe(-171790n);
  });

  it('gives the stock after: counted quantities, uncounted kept, added lines in', () => {
    const { rows } = csv('stock.csv');
    expect(Object.fromEntries(rows.map((r) => [r.reference, r.quantite]))).toEqual({
      'REF-EQ': '7,000',
      'REF-KG': '0,300',
      "'-100": '4,000',
      'REF-TAB': '3,000',
      'REF-SN': '0,000',
      ÉCROU: '5,000',
      'NEW-1': '2,000',
    });
    const value = rows.reduce((s, r) => s + scaled(r.valeur), 0n);
    expect(manifest.totals).toMatchObject({ lines: 7, quantity: '21.300', value: '26.9999' });
    expect(value).toBe(269999n);
    expect(manifest.totals.recap?.countedValue).toBe('26.9999');
  });

  it('lists every count event, late ones flagged', () => {
    const { rows } = csv('counts.csv');
    expect(rows.map((r) => r.id_evenement)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8']);
    expect(rows.find((r) => r.id_evenement === 'e7')).toMatchObject({
      tardif: 'oui',
      reference: "'-100",
      quantite: '9,000',
    });
    expect(rows.find((r) => r.id_evenement === 'e8')).toMatchObject({ reference: '', cle_ligne: 'GONE|X||' });
    expect(rows.find((r) => r.id_evenement === 'e3')).toMatchObject({
      compteur: '\'=HYPERLINK("x")',
      quantite: '0,200',
      seq: '3',
      curseur: '3',
      tardif: 'non',
      date: '2026-11-25T08:00:03.000Z',
      tour: '0',
    });
  });

  it("ends with the round ('tour'), after every column of the older layout", () => {
    const text = new TextDecoder()
      .decode(countsCsv([{ ...events[0]!, round: 2 }], new Map(), FRENCH_CSV).bytes)
      .replace(/^\uFEFF/, '');
    const [header, row] = text.split('\r\n');
    expect(header?.split(';').at(-1)).toBe('tour');
    expect(header?.split(';').at(-2)).toBe('curseur');
    expect(row?.split(';').at(-1)).toBe('2');
  });

  it('lists the added lines', () => {
    const { rows } = csv('added.csv');
    expect(rows).toEqual([
      {
        reference: 'NEW-1',
        designation: 'Trouvé',
        emplacement: 'C-01',
        lot: '',
        serie: '',
        unite: 'pcs',
        quantite_comptee: '2,000',
        cout_unitaire: '1,5000',
        valeur: '3,0000',
      },
    ]);
  });

  it('has a manifest whose hashes, sizes and row counts match the files', () => {
    expect(manifest).toMatchObject({
      format: 'decompte-export/1',
      phase: 'after',
      inventory: { id: 7, name: 'Fin d’année', kind: 'articles', status: 'applied' },
      location: { id: 3, code: 'DEP1', name: 'Dépôt' },
      uncountedPolicy: 'keep',
      csv: { separator: ';', decimal: ',', bom: true },
    });
    expect(manifest.files.map((f) => [f.name, f.rows])).toEqual([
      ['stock.csv', 7],
      ['variances.csv', 7],
      ['counts.csv', 8],
      ['added.csv', 1],
      ['ajustement_erp.csv', 5],
    ]);
    // The ERP's file says its own dialect; the others are in the export's.
    expect(manifest.files.map((f) => f.csv ?? null)).toEqual([
      null,
      null,
      null,
      null,
      { separator: ',', decimal: '.', bom: false },
    ]);
    for (const f of manifest.files) {
      const e = entries.get(f.name);
      expect(e && sha(e.bytes)).toBe(f.sha256);
      expect(e?.bytes.byteLength).toBe(f.bytes);
    }
    const raw = entries.get('manifest.json')?.bytes ?? new Uint8Array();
    expect(raw[0]).toBe(0x7b); // "{": no BOM
    expect(new TextDecoder().decode(raw)).toContain('\n  "phase": "after",\n');
  });

  it('gives the same bytes for the same input, in any time zone', async () => {
    const again = await zipExport(await afterFiles(), header('after').generatedAt);
    expect(sha(again)).toBe(sha(zipped));
    const tz = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(sha(await zipExport(await afterFiles(), header('after').generatedAt))).toBe(sha(zipped));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('zeroes uncounted lines under the zero policy', async () => {
    const files0 = await afterFiles('zero');
    expect(byRef(readCsv(fileOf(files0, 'stock.csv')).rows, 'ÉCROU').quantite).toBe('0,000');
    const v = readCsv(fileOf(files0, 'variances.csv')).rows;
    expect(byRef(v, 'ÉCROU')).toMatchObject({ comptee: 'non', regle_non_comptee: 'zero', ecart: '-5,000' });
    expect(manifestOf(files0).uncountedPolicy).toBe('zero');
  });

  describe('ajustement_erp.csv', () => {
    const ERP_HEADER = 'lieu,reference,emplacement,lot,serie,lot_serie,quantite_comptee,unite\r\n';
    const COUNTED =
      'DEP1,REF-EQ,A-01,,,,7.000,pcs\r\n' +
      'DEP1,REF-KG,A-01,,,,0.300,kg\r\n' +
      'DEP1,REF-TAB,B-01,L1,,L1,3.000,pcs\r\n' +
      'DEP1,REF-SN,B-02,,SN-1,SN-1,0.000,pcs\r\n' +
      'DEP1,NEW-1,C-01,,,,2.000,pcs\r\n';
    const erpText = (files: readonly ExportFile[]): string => {
      const bytes = fileOf(files, 'ajustement_erp.csv');
      expect(bytes[0]).toBe(0x6c); // "l": no BOM
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    };

    it('keep policy: the counted quantity of every counted line (a counted 0 too), uncounted lines left out', async () => {
      expect(erpText(await afterFiles('keep'))).toBe(ERP_HEADER + COUNTED);
    });

    it('zero policy: the uncounted lines too, at 0', async () => {
      expect(erpText(await afterFiles('zero'))).toBe(
        ERP_HEADER + COUNTED + "DEP1,'-100,B-01,,,,0.000,pcs\r\n" + 'DEP1,ÉCROU,Ä-ß,,,,0.000,pcs\r\n',
      );
    });

    it('reads back as a comma CSV with dot decimals, one column per field', async () => {
      const parsed = Papa.parse<Record<string, string>>(erpText(await afterFiles('zero')), {
        header: true,
        skipEmptyLines: true,
      });
      expect(parsed.errors).toEqual([]);
      expect(parsed.meta.delimiter).toBe(',');
      expect(parsed.data.map((r) => Number(r.quantite_comptee))).toEqual([7, 0.3, 3, 0, 2, 0, 0]);
    });

    it('leaves out a line added during the count and counted 0 (it never entered the stock)', () => {
      const recap = recapOf('zero');
      const emptied = recap.lines.map((l) => (l.added ? { ...l, counted: qty(0n) } : l));
      const names = [...erpLines({ ...recap, lines: emptied })].map((l) => l.itemRef);
      expect(names).toEqual(['REF-EQ', 'REF-KG', 'REF-TAB', 'REF-SN', '-100', 'ÉCROU']);
      expect([...erpLines(recapOf('zero'))].map((l) => l.itemRef)).toContain('NEW-1');
    });
  });

  describe('readExport', () => {
    it('accepts the ZIP as built', async () => {
      const r = await readExport(zipped);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.fileName).toBe('Fin-d’année_DEP1_after_20261125-0915.zip');
      expect(r.value.manifest.phase).toBe('after');
      expect([...r.value.files.keys()]).toEqual([
        'stock.csv',
        'variances.csv',
        'counts.csv',
        'added.csv',
        'ajustement_erp.csv',
      ]);
      expect(r.value.files.get('counts.csv')).toEqual(entries.get('counts.csv')?.bytes);
    });

    it('refuses a file changed by one byte', async () => {
      const tampered = new Map(entries);
      const bytes = Uint8Array.from(entries.get('variances.csv')?.bytes ?? []);
      const at = bytes.indexOf(0x37); // a "7" somewhere in the numbers
      bytes[at] = 0x38;
      tampered.set('variances.csv', { bytes, date: new Date() });
      const err = unwrapErr(await readExport(await rezip(tampered)));
      expect(err.code).toBe('export_checksum');
      expect(err.details).toEqual({ file: 'variances.csv' });
    });

    it('refuses a file grown past its listed size', async () => {
      const grown = new Map(entries);
      const stock = entries.get('stock.csv')?.bytes ?? new Uint8Array();
      grown.set('stock.csv', { bytes: new Uint8Array([...stock, 0x41]), date: new Date() });
      expect(unwrapErr(await readExport(await rezip(grown))).code).toBe('export_checksum');
    });

    it('refuses a missing or an extra file', async () => {
      const missing = new Map(entries);
      missing.delete('added.csv');
      expect(unwrapErr(await readExport(await rezip(missing))).message).toMatch(/added\.csv.*missing/);
      const extra = new Map(entries);
      extra.set('macro.xlsm', { bytes: new Uint8Array([1]), date: new Date() });
      expect(unwrapErr(await readExport(await rezip(extra)))).toMatchObject({ code: 'invalid_export' });
    });

    it('refuses what is not an export', async () => {
      expect(unwrapErr(await readExport(new Uint8Array([1, 2, 3]))).code).toBe('invalid_export');
      const noManifest = new Map(entries);
      noManifest.delete('manifest.json');
      expect(unwrapErr(await readExport(await rezip(noManifest))).message).toMatch(/manifest\.json/);
      const badPhase = new Map(entries);
      const text = new TextDecoder().decode(entries.get('manifest.json')?.bytes).replace('"after"', '"later"');
      badPhase.set('manifest.json', { bytes: new TextEncoder().encode(text), date: new Date() });
      expect(unwrapErr(await readExport(await rezip(badPhase))).message).toMatch(/phase/);
    });

    it('refuses a ZIP with a byte flipped in its compressed data', async () => {
      const flipped = Uint8Array.from(zipped);
      flipped[100] = (flipped[100] ?? 0) ^ 0xff; // inside stock.csv's deflated bytes
      // The inflater chokes (invalid_export) or inflates other bytes (export_checksum): refused either way.
      expect(['invalid_export', 'export_checksum']).toContain(unwrapErr(await readExport(flipped)).code);
    });
  });
});

describe('buildAfterExport refuses what does not add up', () => {
  it('a recap whose lines are not its totals: uncounted lines listed from another snapshot', async () => {
    const { recap, stock } = afterInput('keep');
    const [first, ...rest] = recap.uncounted;
    // One uncounted line missing, or one with another expected quantity (same count of lines).
    const missing = { ...recap, uncounted: rest };
    await expect(buildAfterExport(header('after'), { stock, recap: missing, events })).rejects.toThrow(
      /different inventories/,
    );
    const changed = { ...recap, uncounted: [{ ...first!, expected: qty(first!.expected + 1n) }, ...rest] };
    await expect(buildAfterExport(header('after'), { stock, recap: changed, events })).rejects.toThrow(
      /different inventories/,
    );
  });

  it('stock lines that are not the recap’s', async () => {
    const { recap, stock } = afterInput('zero');
    for (const other of [stock.slice(1), [...stock, stock[0]!]]) {
      await expect(buildAfterExport(header('after'), { stock: other, recap, events })).rejects.toThrow(/do not add up/);
    }
    // As many lines, but a counted line listed twice in place of another.
    const counted = recap.lines[0]!;
    const twice = stock.map((l) => (l.key === recap.lines[1]!.key ? counted : l));
    await expect(buildAfterExport(header('after'), { stock: twice, recap, events })).rejects.toThrow(/do not add up/);
  });

  it('a before header', async () => {
    await expect(buildAfterExport(header('before'), afterInput('keep'))).rejects.toThrow(/after export needs/);
  });
});

describe('exportFileName', () => {
  it('names the ZIP after inventory, location, phase and the wall clock written in generatedAt', () => {
    expect(exportFileName(header('before'))).toBe('Fin-d’année_DEP1_before_20261125-0915.zip');
    expect(exportFileName({ ...header('before'), inventory: null })).toBe('stock_DEP1_before_20261125-0915.zip');
    // The device's local time, not UTC (which was 22:59 the day before).
    expect(exportFileName({ ...header('after'), generatedAt: '2026-01-01T00:59:00+02:00' })).toMatch(
      /_after_20260101-0059\.zip$/,
    );
  });

  it('makes names safe but keeps accents', () => {
    expect(safeFileNamePart('Inv/2026\\Q4: "Dépôt" *A?<b>|c', 'x')).toBe('Inv-2026-Q4-Dépôt-A-b-c');
    expect(safeFileNamePart('  été\t\u0000\u0085 ok  ', 'x')).toBe('été-ok');
    expect(safeFileNamePart('..', 'inventaire')).toBe('inventaire');
    expect(safeFileNamePart('e\u0301', 'x')).toBe('é'); // NFC: one code point
    expect([...safeFileNamePart('é'.repeat(200), 'x')]).toHaveLength(80);
    const name = exportFileName({
      ...header('after'),
      inventory: { id: 1, name: 'a/b c', kind: 'pieces', status: 'applied' },
      location: { id: 1, code: 'Z:1', name: '' },
    });
    expect(name).toBe('a-b-c_Z-1_after_20261125-0915.zip');
  });

  it('refuses a time that is not a date, or has no UTC offset', () => {
    expect(() => exportFileName({ ...header('after'), generatedAt: 'soon' })).toThrow(/not a date/);
    // Without its offset a time means a different instant on each machine: no name from it.
    expect(() => exportFileName({ ...header('after'), generatedAt: '2026-12-04T12:07:00' })).toThrow(/UTC offset/);
  });
});

describe('FRENCH_CSV', () => {
  it('is the default dialect', () => {
    expect(FRENCH_CSV).toEqual({ separator: ';', decimal: ',', bom: true });
  });
});

describe('formatScaled', () => {
  it('writes exactly what formatFixed writes, fast path and bigint path alike', () => {
    const edges = [0n, 1n, -1n, 9n, 10n, 999n, 1000n, -1000n, 12345n, -12345n, 10n ** 12n, -(10n ** 12n)];
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    edges.push(max, -max, max - 1n, max + 1n, -max - 1n, 10n ** 18n + 7n, 4503599627370495n, 4503599627370496n);
    const rand = prng(20261125);
    for (let i = 0; i < 2000; i++) edges.push(BigInt(Math.floor((rand() - 0.5) * 2 ** (1 + 52 * rand()))));
    for (const v of edges) {
      for (const scale of [0, 1, 3, 4]) expect(formatScaled(v, scale, ',')).toBe(formatFixed(v, scale, ','));
    }
  });
});

describe('counts.csv: a withdrawal (qty null)', () => {
  it('is a row with an empty quantity and retrait = oui; a count of 0 stays 0 with retrait = non', () => {
    const withdrawn: ExportedCountEvent = { ...ev('w9', eq, 'd1', '0', 9), qty: null };
    const zero = ev('z10', eq, 'd1', '0', 10);
    const { rows, fields } = readCsv(
      countsCsv([ev('e1', eq, 'd1', '7', 1), withdrawn, zero], new Map(), FRENCH_CSV).bytes,
    );
    expect(fields.slice(fields.indexOf('quantite'), fields.indexOf('quantite') + 2)).toEqual(['quantite', 'retrait']);
    expect(rows.map((r) => [r.id_evenement, r.quantite, r.retrait])).toEqual([
      ['e1', '7,000', 'non'],
      ['w9', '', 'oui'],
      ['z10', '0,000', 'non'],
    ]);
  });
});
