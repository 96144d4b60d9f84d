/**
 * The parts of `npm run bench:scan` beyond the fixture photos: the generated set
 * (scanSynthetic.ts) read by the pipeline, printed per format × damage, and the live-camera
 * run (decodePage/camera.ts), previous pipeline beside the new one: scan → count delay
 * (p95) and the longest task on the page's thread while the camera runs.
 */
import os from 'node:os';
import { median, type Attempt, type DecodePage } from './decodeHarness';
import { DAMAGES, FORMATS, generateSet, oneSample, type Sample } from './scanSynthetic';

export interface Verdicts {
  read: number;
  misread: number;
  total: number;
}

/**
 * Read: the expected text, with the GS1 flag for GS1 symbols. Misread: any other text in
 * the aiming area. A code outside it (the neighbour of "two codes") is never counted by
 * the camera: a non-read.
 */
export function syntheticVerdict(sample: Sample, attempt: Attempt | undefined): 'read' | 'misread' | 'none' {
  const d = attempt?.decoded;
  if (!d?.aimed) return 'none';
  return d.text === sample.expected && d.gs1 === sample.gs1 ? 'read' : 'misread';
}

const pct = (v: Verdicts): string => (v.total ? `${Math.floor((100 * v.read) / v.total)} %` : '-');

export async function benchGenerated(
  page: DecodePage,
  seed: number,
  perCell: number,
  verbose: boolean,
): Promise<{ all: Verdicts; worst: number }> {
  const t0 = performance.now();
  const samples = await generateSet(seed, perCell);
  const made = performance.now() - t0;
  const cells = new Map<string, Verdicts>();
  const cell = (format: string, damage: string): Verdicts => {
    const key = `${format}|${damage}`;
    if (!cells.has(key)) cells.set(key, { read: 0, misread: 0, total: 0 });
    return cells.get(key)!;
  };
  for (const s of samples) {
    const [attempt] = await page.decodeGray(s.image, 'pipeline');
    const v = syntheticVerdict(s, attempt);
    for (const c of [cell(s.format, s.damage), cell(s.format, 'all'), cell('all', s.damage), cell('all', 'all')]) {
      c.total++;
      if (v === 'read') c.read++;
      if (v === 'misread') c.misread++;
    }
    if (verbose && v !== 'read') {
      console.log(
        `  ${v} ${s.format} / ${s.damage}: ${JSON.stringify(s.expected)} → ${JSON.stringify(attempt?.decoded?.text ?? null)}`,
      );
    }
  }
  console.log(
    `\ngenerated set (seed ${seed}, ${samples.length} frames 1280×720 made in ${(made / 1000).toFixed(0)} s): read/total per format × damage, ! = misread\n`,
  );
  const columns = [...DAMAGES, 'all'];
  console.log(['format'.padEnd(16), ...columns.map((d) => d.padEnd(13))].join(''));
  let worst = 100;
  for (const format of [...FORMATS, 'all']) {
    const row = columns.map((d) => {
      const c = cell(format, d);
      return `${c.read}/${c.total}${c.misread ? ` !${c.misread}` : ''}${d === 'all' ? ` ${pct(c)}` : ''}`.padEnd(13);
    });
    console.log([format.padEnd(16), ...row].join(''));
    const all = cell(format, 'all');
    if (format !== 'all') worst = Math.min(worst, (100 * all.read) / all.total);
  }
  return { all: cell('all', 'all'), worst };
}

const p95 = (values: readonly number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN;
};

/** The camera run: each format clean and rotated; both pipelines, one after the other. */
export async function benchCamera(page: DecodePage, seed: number): Promise<void> {
  const images: { image: Sample['image']; expected: string }[] = [];
  let n = seed;
  for (const format of FORMATS)
    for (const damage of ['clean', 'rotated'] as const) {
      const s = await oneSample(format, damage, n++);
      images.push({ image: s.image, expected: s.expected });
    }
  console.log(
    `\ncamera (${images.length} codes, each held until counted (at most 5 s) and 0.5 s more, then 0.8 s of empty view; a frame every 33 ms; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores):`,
  );
  for (const mode of ['page, first read', 'worker, two reads agree'] as const) {
    const r = await page.cameraRun(images, { mode, maxHoldMs: 5000, afterCountMs: 500, gapMs: 800 });
    const delays = r.shown.flatMap((s) =>
      s.counted
        .filter((c) => c.text === s.expected)
        .slice(0, 1)
        .map((c) => c.ms),
    );
    const missed = r.shown.filter((s) => !s.counted.some((c) => c.text === s.expected)).length;
    const wrong = r.shown.reduce((n, s) => n + s.counted.filter((c) => c.text !== s.expected).length, 0);
    const twice = r.shown.filter((s) => s.counted.filter((c) => c.text === s.expected).length > 1).length;
    console.log(
      `  ${mode.padEnd(24)} scan → count p95 ${p95(delays).toFixed(0)} ms (median ${median(delays).toFixed(0)}), ` +
        `main-thread tasks over 50 ms: ${r.longTasks}${r.longTasks ? ` (longest ${r.longestTaskMs.toFixed(0)} ms)` : ''}, ` +
        `longest 5 ms-timer gap ${r.longestGapMs.toFixed(0)} ms, ` +
        `counted ${r.shown.length - missed}/${r.shown.length}, wrong ${wrong}, twice ${twice}, ${r.frames} frames decoded`,
    );
  }
}
