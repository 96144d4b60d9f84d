/**
 * `npm run bench:scan [-- --dir DIR --seed N --per-cell N --no-generated --no-camera --verbose]`: reads
 * every fixture photo (DIR/FOLDER/NAME.png|jpg with NAME.txt; default
 * ../shared/fixtures/barcodes) through the app's real decode module in headless Chromium,
 * with the app's pipeline and with each engine alone (no retries), and prints per folder:
 * images read correctly / total, misreads, median ms per image. Then the generated set
 * (scanGenerated.ts: every format × every damage, seeded) and the live-camera run (scan →
 * count p95 and the longest main-thread task, previous pipeline beside the new one). Ends
 * with `pipeline: READ/TOTAL read, MISREAD misread, MEDIAN ms median` for the photos.
 * Numbers, not assertions (the machine is shared and noisy).
 */
import path from 'node:path';
import {
  barcodeFixturesDir,
  listFixtures,
  median,
  openDecodePage,
  verdict,
  type DecoderSpec,
  type Fixture,
  type Outcome,
} from './decodeHarness';
import { benchCamera, benchGenerated } from './scanGenerated';

const arg = (name: string): string | undefined => process.argv.find((_, i) => process.argv[i - 1] === name);
const argDir = arg('--dir');
const dir = argDir ? path.resolve(argDir) : barcodeFixturesDir();
const seed = Number(arg('--seed') ?? 22);
const perCell = Number(arg('--per-cell') ?? 4);

const SPECS: readonly DecoderSpec[] = [
  { name: 'pipeline', options: {} },
  { name: 'zxing-js', options: { engines: ['zxing-js'], retries: false } },
  { name: 'zxing-wasm', options: { engines: ['zxing-wasm'], retries: false } },
  { name: 'native', options: { engines: ['native'], retries: false } },
];

interface Tally {
  read: number;
  misread: number;
  total: number;
  ms: number[];
}

function tally(outcomes: readonly Outcome[], name: string): Tally {
  const t: Tally = { read: 0, misread: 0, total: outcomes.length, ms: [] };
  for (const { fixture, attempts } of outcomes) {
    const attempt = attempts.find((a) => a.name === name);
    if (!attempt) continue;
    const v = verdict(fixture, attempt);
    if (v === 'read') t.read++;
    if (v === 'misread') t.misread++;
    t.ms.push(attempt.ms);
  }
  return t;
}

function cell(t: Tally): string {
  const misread = t.misread ? ` (${t.misread} misread)` : '';
  return `${t.read}/${t.total}${misread} ${median(t.ms).toFixed(1)} ms`.padEnd(26);
}

async function main(): Promise<void> {
  const fixtures = listFixtures(dir);
  if (fixtures.length === 0) throw new Error(`no NAME.png|jpg + NAME.txt under ${dir}/*/`);
  const page = await openDecodePage(SPECS);
  const outcomes: Outcome[] = [];
  try {
    for (const fixture of fixtures) outcomes.push(await page.decode(fixture));
    printPhotos(outcomes, fixtures, page.available);
    if (!process.argv.includes('--no-generated'))
      await benchGenerated(page, seed, perCell, process.argv.includes('--verbose'));
    if (!process.argv.includes('--no-camera')) await benchCamera(page, seed);
  } finally {
    await page.close();
  }
  const all = tally(outcomes, 'pipeline');
  console.log(
    `\npipeline: ${all.read}/${all.total} read, ${all.misread} misread, ${median(all.ms).toFixed(1)} ms median`,
  );
}

function printPhotos(outcomes: readonly Outcome[], fixtures: readonly Fixture[], available: readonly string[]): void {
  const page = { available };
  const names = SPECS.map((s) => s.name).filter((n) => page.available.includes(n));
  console.log(`${dir}: read/total (misread) median ms per image\n`);
  console.log(['folder'.padEnd(16), ...names.map((n) => n.padEnd(26))].join(''));
  const folders = [...new Set(fixtures.map((f) => f.folder))];
  for (const folder of [...folders, 'all']) {
    const inFolder = outcomes.filter((o) => folder === 'all' || o.fixture.folder === folder);
    console.log([folder.padEnd(16), ...names.map((n) => cell(tally(inFolder, n)))].join(''));
  }
  for (const spec of SPECS) if (!page.available.includes(spec.name)) console.log(`${spec.name}: not available`);
  if (process.argv.includes('--verbose')) printMisses(outcomes);
}

/** `--verbose`: each photo the pipeline did not read right, with what every decoder said. */
function printMisses(outcomes: readonly Outcome[]): void {
  for (const { fixture, attempts } of outcomes) {
    const pipeline = attempts.find((a) => a.name === 'pipeline');
    if (pipeline && verdict(fixture, pipeline) === 'read') continue;
    const said = attempts
      .map((a) => {
        const v = verdict(fixture, a);
        return `${a.name}=${v}${v === 'misread' ? ` ${JSON.stringify(a.decoded?.text)}` : ''}(${a.ms.toFixed(0)}ms)`;
      })
      .join(' ');
    console.log(`  miss ${path.relative(dir, fixture.file)} ${JSON.stringify(fixture.expected)}: ${said}`);
  }
}

await main();
