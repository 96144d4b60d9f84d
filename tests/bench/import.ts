/**
 * `npm run bench:import -- [--lines 250000] [--database pglite|postgres|both] [--format csv|xlsx]`
 *
 * Imports a generated stock file (tests/support/bigStock.ts: a French Excel CSV, or an
 * XLSX) into a new location through the real server process and its HTTP API — upload,
 * preview, import — and prints `import: N lines in MS ms` per database, with each step's
 * time and the server's memory growth (its resident memory, sampled every 50 ms from
 * /proc, peak during the import minus before). Then the same file again (nothing to
 * change). PostgreSQL is the cluster `.ci/postgres` starts (TEST_DATABASE_URL, or started
 * here). Figures, not assertions: this machine is shared and noisy.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportFileInfo, ImportPreviewDto, ImportResult } from '../../src/core/import/preview';
import { bigStockRows, BIG_HEADERS } from '../support/bigStock';
import { csvBytes, FRENCH_EXCEL, xlsxBytes, type CellValue } from '../support/stockFiles';
import { createDatabase, databaseUrl, dropDatabases } from '../setup/postgres';
import { freePort, startServerProcess, type ServerProcess } from '../server/serverProcess';

const arg = (name: string, fallback: string): string =>
  process.argv.find((_, i) => process.argv[i - 1] === `--${name}`) ?? fallback;
const lines = Number(arg('lines', '250000'));
const which = arg('database', 'both');
const format = arg('format', 'csv');
/** `--profile DIR`: the server writes a CPU profile there (open it in Chrome's DevTools). */
const profileDir = arg('profile', '');
const ROOT = path.resolve(import.meta.dirname, '../..');

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

async function fileBytes(): Promise<{ bytes: Uint8Array; name: string; type: string }> {
  const rows: CellValue[][] = [...bigStockRows(lines)];
  if (format === 'xlsx') {
    return {
      bytes: await xlsxBytes(BIG_HEADERS, rows),
      name: 'stock.xlsx',
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }
  return { bytes: csvBytes(BIG_HEADERS, rows, FRENCH_EXCEL), name: 'stock.csv', type: 'text/csv' };
}

interface Run {
  readonly totalMs: number;
  readonly uploadMs: number;
  readonly previewMs: number;
  readonly commitMs: number;
  readonly growthMB: number;
  /** Peak growth by the end of each step: which one takes the memory. */
  readonly stepGrowthMB: readonly [number, number, number];
  readonly movements: number;
}

async function importOnce(
  server: ServerProcess,
  token: string,
  file: { bytes: Uint8Array; name: string; type: string },
): Promise<Run> {
  const pid = server.child.pid as number;
  const base = rssKb(pid);
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 50);
  const auth = { authorization: `Bearer ${token}` };
  const json = async <T>(res: Response): Promise<T> => {
    const text = await res.text();
    if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  };
  try {
    const t0 = performance.now();
    const info = await json<ImportFileInfo>(
      await fetch(`${server.url}/api/imports?fileName=${file.name}&location=BENCH`, {
        method: 'POST',
        headers: { ...auth, 'content-type': file.type },
        body: new Blob([file.bytes as Uint8Array<ArrayBuffer>]),
      }),
    );
    const t1 = performance.now();
    const afterUpload = peak;
    const preview = await json<ImportPreviewDto>(
      await fetch(`${server.url}/api/imports/${info.id}/preview`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(info.suggested),
      }),
    );
    if (preview.errorCount)
      throw new Error(`the generated file has errors: ${JSON.stringify(preview.errors.slice(0, 3))}`);
    const t2 = performance.now();
    const afterPreview = peak;
    const result = await json<ImportResult>(
      await fetch(`${server.url}/api/imports/${info.id}/commit`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ token: preview.token }),
      }),
    );
    const t3 = performance.now();
    return {
      totalMs: t3 - t0,
      uploadMs: t1 - t0,
      previewMs: t2 - t1,
      commitMs: t3 - t2,
      growthMB: (peak - base) / 1024,
      stepGrowthMB: [(afterUpload - base) / 1024, (afterPreview - base) / 1024, (peak - base) / 1024],
      movements: result.movements,
    };
  } finally {
    clearInterval(sampler);
  }
}

function postgresAdminUrl(): string {
  return (
    process.env.TEST_DATABASE_URL ||
    execFileSync('bash', [path.join(ROOT, '.ci/postgres')], { encoding: 'utf8' }).trim()
  );
}

async function bench(
  database: 'pglite' | 'postgres',
  file: { bytes: Uint8Array; name: string; type: string },
): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-bench-import-'));
  let dbName: string | null = null;
  let adminUrl = '';
  if (database === 'postgres') {
    adminUrl = postgresAdminUrl();
    dbName = `decompte_bench_import_${process.pid}`;
    await dropDatabases(adminUrl, [dbName]);
    await createDatabase(adminUrl, dbName);
  }
  const server = await startServerProcess({
    dataDir,
    port: await freePort(),
    ...(dbName ? { databaseUrl: databaseUrl(adminUrl, dbName) } : {}),
    ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] } : {}),
  });
  try {
    const login = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'superviseur', password: 'demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const name = database === 'pglite' ? 'embedded database' : 'PostgreSQL';
    const first = await importOnce(server, token, file);
    console.log(`import: ${lines} lines in ${Math.round(first.totalMs)} ms (${name}, ${format})`);
    console.log(
      `  upload ${Math.round(first.uploadMs)} ms, preview ${Math.round(first.previewMs)} ms, import ${Math.round(first.commitMs)} ms; ` +
        `${first.movements} movements; server memory growth ${first.growthMB.toFixed(0)} MB ` +
        `(by the end of upload, preview, import: ${first.stepGrowthMB.map((m) => m.toFixed(0)).join(', ')})`,
    );
    const again = await importOnce(server, token, file);
    console.log(
      `  the same file again: ${Math.round(again.totalMs)} ms, ${again.movements} movements; memory growth ${again.growthMB.toFixed(0)} MB`,
    );
  } finally {
    await server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) await dropDatabases(adminUrl, [dbName]);
  }
}

const file = await fileBytes();
console.log(`file: ${file.name}, ${(file.bytes.byteLength / 1e6).toFixed(1)} MB, ${lines} lines`);
if (which === 'pglite' || which === 'both') await bench('pglite', file);
if (which === 'postgres' || which === 'both') await bench('postgres', file);
