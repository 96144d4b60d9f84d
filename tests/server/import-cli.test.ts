/**
 * `npm run import` as an operator runs it, on a data directory (the embedded database):
 * the preview's figures and each error with its row and column printed; --dry-run changes
 * nothing; a refused file exits 1 and imports nothing; a clean one is imported; and while
 * a server owns the data directory the command says how to import instead.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/server/db/pglite';
import { csvBytes, FRENCH_EXCEL } from '../support/stockFiles';
import { dumpTables, changedTables } from './fuzz/dump';
import { freePort, startServerProcess } from './serverProcess';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let dataDir: string;

function run(args: readonly string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

async function dump(): Promise<Map<string, string>> {
  const db = await openPglite({ dataDir });
  try {
    return await dumpTables(db);
  } finally {
    await db.close();
  }
}

const HEADERS = ['reference', 'designation', 'emplacement', 'unite', 'quantite', 'cout_unitaire'];
const write = (name: string, rows: (string | number | null)[][]): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, csvBytes(HEADERS, rows, FRENCH_EXCEL));
  return file;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-import-cli-'));
  dataDir = path.join(dir, 'data');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run import', () => {
  it('imports a file into a new data directory and prints what it did', async () => {
    const file = write('stock.csv', [
      ['A-1', 'Écrou M6', 'A-01', 'pcs', 100, 0.05],
      ['B-2', 'Fil de cuivre', 'B-01', 'm', 12.5, 0.9],
    ]);
    const r = await run([file, '--location', 'DEP-01']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('CSV, windows-1252, separator ";"');
    expect(r.out).toContain('Locations: DEP-01 (new)');
    expect(r.out).toContain('Stock lines: 2 new, 0 changed, 0 unchanged, 0 not in the file (going to 0)');
    expect(r.out).toContain('Stock value: 0.0000 → 16.2500');
    expect(r.out).toMatch(/Imported \(import #\d+\): 2 stock movements recorded\./);
  });

  it('--dry-run shows the preview and changes nothing at all', async () => {
    const file = write('next.csv', [['A-1', 'Écrou M6', 'A-01', 'pcs', 90, 0.05]]);
    const before = await dump();
    const r = await run([file, '--location', 'DEP-01', '--dry-run']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Stock lines: 0 new, 1 changed, 0 unchanged, 1 not in the file (going to 0)');
    expect(r.out).toContain('Dry run: nothing was changed.');
    expect(changedTables(before, await dump())).toEqual([]);
  });

  it('a file with errors: each printed with its row and column, exit 1, nothing imported', async () => {
    const file = write('bad.csv', [
      ['A-1', 'Écrou M6', 'A-01', 'pcs', -3, 0.05],
      ['C-3', 'Vis', 'A-02', 'pcs', 1.5, 0.01],
    ]);
    const before = await dump();
    const r = await run([file, '--location', 'DEP-01']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error: row 2, column E (quantite): stock cannot be negative (-3)');
    expect(r.out).toContain('Error: row 3, column E (quantite): 1.5 pcs of C-3: this item is counted in whole numbers');
    expect(r.out).toContain('Nothing was imported');
    // The refused file is kept in the import log; nothing else changed.
    expect(changedTables(before, await dump())).toEqual(['imports']);
  });

  it('wrong arguments: exit 2 with the usage', async () => {
    const r = await run(['--location', 'DEP-01', '--mode', 'everything', 'x.csv']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--mode must be one of replace, items');
  });

  it('while a server owns the data directory, it says how to import instead', async () => {
    const server = await startServerProcess({ dataDir, port: await freePort() });
    try {
      const r = await run([write('any.csv', [['A-1', 'x', 'A-01', 'pcs', 1, 1]]), '--location', 'DEP-01']);
      expect(r.code).toBe(1);
      expect(r.out).toContain('in use by another Décompte server');
      expect(r.out).toContain('Importer le stock');
    } finally {
      await server.kill('SIGTERM');
    }
  });
});
