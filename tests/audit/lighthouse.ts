/**
 * Lighthouse (the npm package) against the audit's own Chromium: the browser the test
 * logged in with is started with a DevTools port, and Lighthouse opens its pages in that
 * same profile (storage reset disabled), so the count list and the recap load as the
 * logged-in user sees them. Lighthouse's default mobile settings: a mid-range phone's
 * screen, simulated slow 4G, and a CPU slowdown — calibrated to this machine.
 *
 * Lighthouse's 4× CPU slowdown turns a fast desktop (benchmark index ~1500) into a
 * mid-range phone; on a slower host the same 4× emulates a far slower phone than
 * intended. So the multiplier comes from the host's benchmark index (which Lighthouse
 * measures on every run), as the Lighthouse team's CPU-throttling calculator computes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';

export type Category = 'performance' | 'accessibility' | 'best-practices';
export const CATEGORIES: readonly Category[] = ['performance', 'accessibility', 'best-practices'];

/** The flag that makes Chromium listen on a DevTools port (written to DevToolsActivePort). */
export const DEVTOOLS_PORT_ARG = '--remote-debugging-port=0';

export function devtoolsPort(userDataDir: string): number {
  const file = path.join(userDataDir, 'DevToolsActivePort');
  const port = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no DevTools port in ${file}`);
  return port;
}

/**
 * The CPU slowdown that makes this host behave like Lighthouse's reference phone, after the
 * Lighthouse CPU-throttling calculator: 1300+ → 3× and +1× per 233, 800–1300 → 1× to 3×,
 * below 800 → 1× (the host is already as slow as the phone, or slower).
 */
export function cpuMultiplier(benchmarkIndex: number): number {
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 1 + (benchmarkIndex - 800) / 250;
  return 1;
}

export interface LighthouseScores {
  readonly scores: Record<Category, number>;
  /** Lighthouse's measure of this host's speed during the run, and the CPU slowdown used. */
  readonly benchmarkIndex: number;
  readonly cpuSlowdown: number;
  /** Titles of the audits that lost points, per category, for whoever fixes them. */
  readonly failing: Record<Category, string[]>;
}

export async function runLighthouse(url: string, port: number, cpuSlowdown = 4): Promise<LighthouseScores> {
  const result = await lighthouse(url, {
    port,
    throttling: { cpuSlowdownMultiplier: cpuSlowdown },
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    disableStorageReset: true,
    formFactor: 'mobile',
    // LIGHTHOUSE_PROFILE=1: the JavaScript profiler's samples in the kept traces (see below).
    ...(process.env.LIGHTHOUSE_PROFILE ? { additionalTraceCategories: 'disabled-by-default-v8.cpu_profiler' } : {}),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  // LIGHTHOUSE_REPORTS=dir keeps each full report (JSON, viewable in Lighthouse's viewer)
  // and its trace.
  const dir = process.env.LIGHTHOUSE_REPORTS;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    const name = new URL(url).hash.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'login';
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(lhr));
    // And its trace (DevTools' Performance panel opens it): which task ran what, to the function.
    fs.writeFileSync(path.join(dir, `${name}.trace.json`), JSON.stringify(result.artifacts.Trace));
  }
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const scores = {} as Record<Category, number>;
  const failing = {} as Record<Category, string[]>;
  for (const c of CATEGORIES) {
    const category = lhr.categories[c];
    scores[c] = Math.round((category?.score ?? 0) * 100);
    failing[c] = (category?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 0.9)
      .map((a) => `${a?.title} (${a?.displayValue ?? Math.round((a?.score ?? 0) * 100)})`);
  }
  return { scores, failing, benchmarkIndex: Math.round(lhr.environment.benchmarkIndex), cpuSlowdown };
}
