/**
 * `npm run bench [-- --lines 250000] [--cpu 4] [--json FILE]`: the app at warehouse scale.
 * For each size (10,000, 100,000 and 250,000 snapshot lines by default) it starts the real
 * server on a fresh data directory with a generated catalogue (`--demo-lines`), drives the
 * built app in headless Debian Chromium through tests/bench/appFlows.ts, and prints one
 * table: every figure, its target, and the naive/ours storage ratio measured in the same
 * page. `--cpu 4` runs each size twice, unthrottled and on a phone-class CPU (the page and
 * its workers slowed 4×, tests/bench/cpuThrottle.ts), side by side in one table with the
 * targets of each. `--json FILE` writes the figures (one object, or an array for several
 * runs; each says its `cpu`). Figures, not assertions: the machine is shared and noisy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { newDevice } from '../e2e/support/browser';
import { freePort, startServerProcess } from '../server/serverProcess';
import { viteBuild } from '../setup/appBuild';
import { runAppFlows, type AppFigures, type ExtraFigures } from './appFlows';
import { throttleCpu } from './cpuThrottle';
import { pageToolsScript } from './pageTools';

const arg = (name: string): string | undefined => process.argv.find((_, i) => process.argv[i - 1] === name);
const sizes = (arg('--lines') ?? '10000,100000,250000').split(',').map(Number);
const jsonFile = arg('--json');
const samples = Number(arg('--samples') ?? 20);
const cpu = Number(arg('--cpu') ?? 1);
if (!Number.isFinite(cpu) || cpu < 1) throw new Error(`--cpu wants a slowdown factor ≥ 1, got "${arg('--cpu')}"`);
/** Each size at full speed, then (with --cpu) on the phone-class CPU. */
const rates = cpu > 1 ? [1, cpu] : [1];

/** The demo catalogue is 60 % articles: this many stock lines give `lines` article lines. */
const demoLinesFor = (lines: number): number => Math.ceil(lines / 0.6);

const say = (text: string): void => console.log(`[bench] ${text}`);

/** JS the app loads before its first screen (login), gzip-compressed as a server would send it. */
async function firstLoadJsGzipKB(url: string, buildDir: string): Promise<number> {
  const device = await newDevice(`${url}/`);
  try {
    await device.page.getByRole('heading', { name: 'Décompte' }).waitFor();
    const scripts = await device.page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .concat([...document.scripts].map((s) => (s.src ? new URL(s.src).pathname : '')))
        .filter((p) => p.endsWith('.js')),
    );
    let bytes = 0;
    for (const p of new Set(scripts)) {
      const file = path.join(buildDir, p);
      if (fs.existsSync(file)) bytes += zlib.gzipSync(fs.readFileSync(file), { level: 9 }).byteLength;
    }
    return bytes / 1024;
  } finally {
    await device.close();
  }
}

interface Run {
  readonly cpu: number;
  readonly figures: AppFigures;
  readonly extra: ExtraFigures;
  /** What the CPU throttle covered ('throttled', or why the workers were not). */
  readonly workers: string;
}

async function runSize(lines: number, rate: number, buildDir: string): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-bench-'));
  const port = await freePort();
  say(`${lines} lines: seeding the server (${demoLinesFor(lines)} stock lines)…`);
  const server = await startServerProcess({ dataDir, port, demoLines: demoLinesFor(lines), staticDir: buildDir });
  try {
    const jsKB = await firstLoadJsGzipKB(server.url, buildDir);
    const device = await newDevice('about:blank');
    const throttle = await throttleCpu(device, rate);
    try {
      await device.context.addInitScript({ content: pageToolsScript() });
      await device.page.goto(`${server.url}/?bench`);
      const { figures, extra } = await runAppFlows({
        url: server.url,
        context: device.context,
        page: device.page,
        samples,
        cpu: rate,
        log: (text) => say(`${lines} at ${rate}×: ${text}`),
      });
      if (rate > 1)
        say(`${lines} at ${rate}×: workers ${throttle.workers}, ${throttle.threadsThrottled()} worker threads slowed`);
      return { cpu: rate, figures: { ...figures, firstLoadJsGzipKB: jsKB }, extra, workers: throttle.workers };
    } finally {
      await throttle.stop();
      await device.close();
    }
  } finally {
    await server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A figure: its label, its target at full speed and on the phone-class CPU (issue 23), how to read it. */
type Row = readonly [
  label: string,
  target: string,
  phoneTarget: string,
  value: (f: AppFigures, x: ExtraFigures) => number,
  digits?: number,
];

const ROWS: readonly Row[] = [
  ['snapshot lines', '', '', (f) => f.lines],
  ['download, server → stored (ms)', '', '≤ 4000', (f) => f.downloadMs],
  ['store snapshot, ours (ms)', '', '', (f) => f.storeMs],
  ['store, naive bulkPut (ms)', '', '', (f) => f.naiveStoreMs],
  ['ratio naive / ours', '≥ 10', '', (f) => f.storeRatio, 1],
  ['open → first lines (ms)', '', '≤ 1500', (f) => f.openMs],
  ['open, cold (from IndexedDB) (ms)', '', '≤ 1500', (f) => f.openColdMs],
  ['search keystroke median (ms)', '', '', (_, x) => x.searchMedianMs, 1],
  ['search keystroke p95 (ms)', '≤ 50', '≤ 80', (f) => f.searchP95Ms, 1],
  ['filter by supplier (ms)', '', '', (_, x) => x.supplierFilterMs, 1],
  ['filter by bin (ms)', '', '', (_, x) => x.binFilterMs, 1],
  ['scan → line shown median (ms)', '', '', (_, x) => x.lookupMedianMs, 1],
  ['scan → line shown p95 (ms)', '', '≤ 50', (f) => f.lookupP95Ms, 1],
  ['scan → count stored p95 (ms)', '', '≤ 50', (f) => f.scanToCountP95Ms, 1],
  ['typed count committed median (ms)', '', '', (_, x) => x.countCommitMedianMs, 1],
  ['typed count committed p95 (ms)', '≤ 30', '≤ 50', (f) => f.countCommitP95Ms, 1],
  ['close → recap on screen (ms)', '≤ 2000', '≤ 4000', (f) => f.recapMs],
  ['before ZIP (ms)', '≤ 3000', '≤ 6000', (f) => f.beforeZipMs],
  ['after ZIP (ms)', '≤ 3000', '≤ 8000', (f) => f.afterZipMs],
  ['longest main task in ZIPs (ms)', '≤ 100', '', (_, x) => x.longestZipTaskMs],
  ['longest main task, whole run (ms)', '≤ 50', '≤ 100', (f) => f.longestMainTaskMs],
  ['server snapshot (ms)', '≤ 5000', '', (f) => f.serverSnapshotMs],
  ['server apply (ms)', '≤ 10000', '', (f) => f.applyMs],
  ['ingest, 4 devices (events/s)', '≥ 5000', '', (f) => f.ingestEventsPerSec],
  ['first-load JS gzip (KB)', '≤ 100', '', (f) => f.firstLoadJsGzipKB, 1],
  ['page JS heap after GC (MB)', '', '≤ 100', (f) => f.pageHeapMB, 1],
];

function table(runs: readonly Run[]): string {
  const slowed = runs.some((r) => r.cpu > 1);
  const head = [
    '',
    ...runs.map((r) => `${r.figures.lines.toLocaleString('en-US')} lines${slowed ? ` ${r.cpu}×` : ''}`),
    'target',
    ...(slowed ? [`target ${cpu}×`] : []),
  ];
  const body = ROWS.map(([label, target, phoneTarget, value, digits = 0]) => [
    label,
    ...runs.map((r) => value(r.figures, r.extra).toFixed(digits)),
    target,
    ...(slowed ? [phoneTarget] : []),
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? '-' : '').padEnd(w + 1, '-') + (i === 0 ? '-' : ':')).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-bench-app-'));
try {
  say('building the app…');
  await viteBuild(buildDir);
  const runs: Run[] = [];
  for (const lines of sizes) for (const rate of rates) runs.push(await runSize(lines, rate, buildDir));
  console.log(`\n${table(runs)}\n`);
  console.log(
    `(${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}; headless Chromium; ${samples} samples per timed action)`,
  );
  const slowed = runs.find((r) => r.cpu > 1);
  if (slowed)
    console.log(
      `(${slowed.cpu}×: the page's main thread by Chromium's CPU throttling; workers ${slowed.workers}; ` +
        'the browser process — IndexedDB, network — and the server at full speed)',
    );
  if (jsonFile) {
    const objects = runs.map((r) => ({ cpu: r.cpu, ...r.figures }));
    fs.writeFileSync(jsonFile, `${JSON.stringify(objects.length === 1 ? objects[0] : objects, null, 2)}\n`);
    say(`wrote ${jsonFile}`);
  }
} finally {
  fs.rmSync(buildDir, { recursive: true, force: true });
}
