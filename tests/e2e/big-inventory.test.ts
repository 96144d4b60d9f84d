/**
 * The benchmark's flows (tests/bench/appFlows.ts) at 10,000 lines, as a test: the server
 * seeded with a generated catalogue, the app in Chromium on a phone-class CPU (the page and
 * its workers slowed 4×, as `npm run bench -- --cpu 4` does: tests/bench/cpuThrottle.ts)
 * from the snapshot to the after ZIP. It checks what the flows did — searches and filters list exactly the lines they
 * should, every count reached the recap, the totals are exact, both ZIPs are whole — and
 * never how long it took (`npm run bench` prints that; this machine is shared and noisy).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalToScaled } from '../../src/core/api/dto';
import { FILE } from '../../src/core/export/types';
import { formatQty, qty } from '../../src/core/quantity';
import { runAppFlows } from '../bench/appFlows';
import { throttleCpu, type CpuThrottle } from '../bench/cpuThrottle';
import { pageToolsScript } from '../bench/pageTools';
import { newDevice, type Device } from './support/browser';
import { startE2eServer, type E2eServer } from './support/server';
import { csvRows, openExport } from './support/zip';

const LINES = 10_000;
/** Lighthouse's mobile profile, and the phone: the path `--cpu 4` takes stays alive. */
const CPU = 4;

let server: E2eServer;
let device: Device;
let throttle: CpuThrottle;

beforeAll(async () => {
  // 60 % of the demo catalogue are articles: this many stock lines give ~10,000 article lines.
  server = await startE2eServer({ demoLines: Math.ceil(LINES / 0.6) });
  device = await newDevice('about:blank');
  throttle = await throttleCpu(device, CPU);
  await device.context.addInitScript({ content: pageToolsScript() });
  await device.page.goto(`${server.url}/?bench`);
}, 180_000);

afterAll(async () => {
  await throttle?.stop();
  await device?.close();
  await server?.dispose();
});

describe('an inventory of 10,000 lines, the benchmark flows', () => {
  it('searches, filters, scans, counts, closes, applies and exports every line', { timeout: 480_000 }, async () => {
    const workers: string[] = [];
    device.page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
    const { figures, facts } = await runAppFlows({
      url: server.url,
      context: device.context,
      page: device.page,
      samples: 4,
      cpu: CPU,
      events: 2_000,
    });
    const { snapshot, recap } = facts;
    expect(snapshot.length).toBeGreaterThan(9_000);
    // The before ZIP's stock.csv was written by the export worker and its helper (5 chunks).
    expect(
      workers.some((p) => /\/export\.worker-[^/]*\.js$/.test(p)),
      workers.join(' '),
    ).toBe(true);
    expect(
      workers.some((p) => /\/stockPart\.worker-[^/]*\.js$/.test(p)),
      workers.join(' '),
    ).toBe(true);
    // The after ZIP's big files (variances.csv is over 1 MB) were deflated by a helper.
    expect(
      workers.some((p) => /\/deflater\.worker-[^/]*\.js$/.test(p)),
      workers.join(' '),
    ).toBe(true);
    expect(figures.lines).toBe(snapshot.length);
    // Every figure was measured (a number), whatever its value.
    for (const [key, value] of Object.entries(figures)) expect(Number.isFinite(value), key).toBe(true);

    // The open list renders a window of rows in a scroller of its own, not 10,000 rows in a page.
    expect(facts.listWindow.rows).toBeGreaterThan(3);
    expect(facts.listWindow.rows).toBeLessThan(100);
    // The page may scroll past the scanner on a small phone, but never by the list's length.
    expect(facts.listWindow.pageHeight).toBeLessThan(2 * facts.listWindow.viewportHeight);

    // Opened cold with the reads held after the first chunk: the header already said the
    // whole count, a search waited ("Chargement…") then listed the last chunk's line, and a
    // scan of a last-chunk line counted it (not "unknown": it is in the recap's counts below).
    expect(facts.atOpen.loading).toBe(true);
    expect(facts.atOpen.progress.replace(/\D/g, '')).toMatch(new RegExp(`${snapshot.length}$`));
    expect(facts.atOpen.search).toBe('Chargement…');
    expect(facts.atOpen.scanned).not.toBeNull();
    expect(facts.counted.has(facts.atOpen.scanned!)).toBe(true);
    expect(facts.listed.some((l) => l.what.startsWith('search at open'))).toBe(true);

    // Searches and filters listed exactly the lines the snapshot says they should.
    expect(facts.listed.length).toBeGreaterThanOrEqual(6);
    for (const l of facts.listed) {
      expect(l.expected, l.what).toBeGreaterThan(0);
      expect(l.shown, l.what).toBe(l.expected);
    }

    // Every count (scans, typed, the other devices' pushes) is in the recap, exactly.
    const byKey = new Map(snapshot.map((l) => [l.key, l]));
    let difference = 0n;
    for (const [key, counted] of facts.counted) {
      difference += decimalToScaled(counted, 3) - decimalToScaled(byKey.get(key)!.expectedQty!, 3);
    }
    expect(facts.counted.size).toBeGreaterThan(2_000);
    expect(recap.totals.countedLines).toBe(facts.counted.size);
    expect(recap.totals.lines).toBe(snapshot.length);
    expect(recap.totals.difference).toBe(formatQty(qty(difference)));
    expect(facts.recapShownCounted).toMatch(/\d/);

    // No request downloaded every uncounted line: the screen asks for the first rows and
    // only the counted lines it shows (lines=changed), the after export for no uncounted
    // line (it takes them from the phone's snapshot) and every counted one.
    expect(facts.recapRequests.length).toBeGreaterThanOrEqual(2);
    for (const search of facts.recapRequests) expect(search).toMatch(/^\?uncounted=\d+(&lines=changed)?$/);
    expect(facts.recapRequests).toContain('?uncounted=0');
    expect(facts.recapRequests).toContain('?uncounted=500&lines=changed');

    // Both ZIPs, as the device uploaded them: whole (manifest, sizes, SHA-256) and complete.
    const before = await openExport(facts.beforeZip);
    expect(before.manifest.phase).toBe('before');
    expect(csvRows(before, FILE.stock)).toHaveLength(snapshot.length);
    const after = await openExport(facts.afterZip);
    expect(after.manifest.phase).toBe('after');
    expect(csvRows(after, FILE.stock)).toHaveLength(snapshot.length);
    expect(csvRows(after, FILE.counts)).toHaveLength(facts.events);
    // Counted lines, then the uncounted ones: every line of the snapshot once.
    expect(csvRows(after, FILE.variances)).toHaveLength(snapshot.length);

    // The workers were slowed too, where this machine lets a test move threads to a cgroup
    // (root, cgroup v1 cpu controller); elsewhere the table says why they ran at full speed.
    expect(throttle.rate).toBe(CPU);
    if (throttle.workers === 'throttled') expect(throttle.threadsThrottled()).toBeGreaterThanOrEqual(3);
    else expect(throttle.workers).toMatch(/^not slowed: /);

    expect(device.errors).toEqual([]);
  });
});
