/**
 * A big inventory from start to after ZIP, on the real app in Chromium against the real
 * server, timed: the flows of `npm run bench` (tests/bench/app.ts), also run small by
 * tests/e2e/big-inventory.test.ts, which asserts the facts this returns (what was
 * counted, what the searches found, the recap, the ZIPs) and never the timings.
 *
 * Times are taken in the page (pageTools.ts, and the app's own User Timing measures,
 * src/app/timing.ts), except the server's, taken here around the HTTP calls.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { CountsPushResultDto, InventoryDto, LineDto, LocationDto, RecapDto } from '../../src/core/api/dto';
import { decimalToScaled } from '../../src/core/api/dto';
import { newDevice } from '../e2e/support/browser';
import { menuAction } from '../e2e/support/countUi';
import { throttleCpu } from './cpuThrottle';
import { callJson } from '../server/serverProcess';
import type { PageTools } from './pageTools';

export interface AppFigures {
  lines: number;
  /** Server → device: the snapshot's lines downloaded, stored and ready to count. */
  downloadMs: number;
  storeMs: number;
  naiveStoreMs: number;
  storeRatio: number;
  /** Open again from the list, the lines still in memory (median). */
  openMs: number;
  /** Open with the lines read from IndexedDB, as the first open after the download (median). */
  openColdMs: number;
  searchP95Ms: number;
  lookupP95Ms: number;
  /** A scan of an item in one line → its count stored on the device (IndexedDB committed). */
  scanToCountP95Ms: number;
  countCommitP95Ms: number;
  recapMs: number;
  beforeZipMs: number;
  afterZipMs: number;
  /** The longest main-thread task of the whole run (the bench's own naive store runs on another device). */
  longestMainTaskMs: number;
  serverSnapshotMs: number;
  applyMs: number;
  ingestEventsPerSec: number;
  firstLoadJsGzipKB: number;
  pageHeapMB: number;
}

/** Figures shown in the table beside the JSON keys. */
export interface ExtraFigures {
  /** The longest main-thread task while the before and after ZIPs were built. */
  longestZipTaskMs: number;
  searchMedianMs: number;
  supplierFilterMs: number;
  binFilterMs: number;
  lookupMedianMs: number;
  countCommitMedianMs: number;
}

/** What happened, for the test to check against the server. */
export interface AppFacts {
  readonly inventoryId: number;
  readonly snapshot: readonly LineDto[];
  /** Each search/filter: what the app listed and what the lines say it should. */
  readonly listed: { readonly what: string; readonly shown: number; readonly expected: number }[];
  /** Line key → quantity this device or the bench's devices counted (exact decimal text). */
  readonly counted: ReadonlyMap<string, string>;
  readonly events: number;
  readonly recap: RecapDto;
  readonly recapShownCounted: string;
  /** The query string of each recap (and close) request the app made, worker included. */
  readonly recapRequests: readonly string[];
  /** The open list: rows in the DOM (a window, not every line) and the page against the window's height. */
  /** A cold open with the reads held after the first batch (lines of the last chunk not read yet). */
  readonly atOpen: {
    readonly loading: boolean;
    /** The header's "N / M lignes" as first shown. */
    readonly progress: string;
    /** The results line right after a search typed then. */
    readonly search: string;
    /** The key of the last-chunk line scanned then (and counted once the rest was read). */
    readonly scanned: string | null;
  };
  readonly listWindow: { readonly rows: number; readonly pageHeight: number; readonly viewportHeight: number };
  readonly beforeZip: Uint8Array;
  readonly afterZip: Uint8Array;
}

export interface FlowOptions {
  readonly url: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** How many of each timed action (more: steadier percentiles, longer run). */
  readonly samples?: number;
  readonly devices?: number;
  /** Events pushed by the bench's devices (capped by the snapshot's lines). */
  readonly events?: number;
  readonly log?: (text: string) => void;
  /** The CPU slowdown the device runs at: the naive store's device of its own gets the same. */
  readonly cpu?: number;
}

/**
 * The naive layout's store (the bench's yardstick) on a device of its own, at the same CPU
 * rate: in the app's page, its 250,000 records left the page's garbage collector a root set
 * that made later full collections take 0.4-1.8 s at 4× (a helper's traces: 40-250 ms
 * without it), counted as the app's longest tasks.
 */
async function naiveStoreElsewhere(url: string, inventoryId: number, cpu: number): Promise<number> {
  const device = await newDevice('about:blank');
  const throttle = await throttleCpu(device, cpu);
  try {
    const page = device.page;
    await page.goto(`${url}/?bench`);
    await page.getByLabel('Identifiant').fill('superviseur');
    await page.getByLabel('Mot de passe').fill('demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Inventaires' }).waitFor();
    await page.waitForFunction(() => window.__decompteBench !== undefined);
    return await page.evaluate(async (id) => {
      const start = performance.now();
      await window.__decompteBench!.naiveStore(id);
      return performance.now() - start;
    }, inventoryId);
  } finally {
    await throttle.stop();
    await device.close();
  }
}

const tools = (page: Page) => ({
  change: (selector: string, value: string, done: string) =>
    page.evaluate(([s, v, d]) => window.__benchTools.change(s, v, d), [selector, value, done] as const),
  click: (selector: string, done: string, text?: string) =>
    page.evaluate(([s, d, t]) => window.__benchTools.click(s, d, t), [selector, done, text] as const),
  wedge: (code: string, done: string) =>
    page.evaluate(([c, d]) => window.__benchTools.wedge(c, d), [code, done] as const),
  navigate: (hash: string, done: string) =>
    page.evaluate(([h, d]) => window.__benchTools.navigate(h, d), [hash, done] as const),
});

const js = (value: string): string => JSON.stringify(value);
/** A JS expression: the page shows `text` somewhere in `selector`. */
const shows = (selector: string, text: string): string =>
  `[...document.querySelectorAll(${js(selector)})].some((e) => e.textContent.includes(${js(text)}))`;
const RESULTS = 'main.count header p[aria-live]';
/** The count of listed lines reads `n` (digits only: "250 000 lignes" has narrow spaces). */
const resultsAre = (n: number): string =>
  `document.querySelector(${js(RESULTS)})?.textContent.replace(/\\D/g, '') === ${js(String(n))}`;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** The lines a search must list: the text in the reference, designation, a barcode, the lot or the serial. */
const matching = (lines: readonly LineDto[], text: string): number => {
  const q = fold(text);
  return lines.filter((l) =>
    [l.itemRef, l.designation, ...l.barcodes, l.lot ?? '', l.serial ?? ''].some((s) => fold(s).includes(q)),
  ).length;
};

/** An API call that must succeed: the flows cannot go on after a refusal. */
async function api<T>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await callJson<T>(url, method, path, { token, body });
  if (res.status >= 300)
    throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`);
  return res.body;
}

async function measures(page: Page, name: string): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(
    (n) => performance.getEntriesByName(n, 'measure').map((e) => ({ start: e.startTime, duration: e.duration })),
    `decompte:${name}`,
  );
}

async function lastMeasure(page: Page, name: string): Promise<{ start: number; duration: number }> {
  const all = await measures(page, name);
  const last = all.at(-1);
  if (!last) throw new Error(`the app recorded no decompte:${name}`);
  return last;
}

/** The last export of `kind`, phase by phase ("reading 812 ms, building 1530 ms…"), for the log. */
async function phases(page: Page, kind: 'before' | 'after'): Promise<string> {
  const names = ['reading', 'fetching', 'building', 'zipping'];
  const parts: string[] = [];
  for (const name of names) {
    const last = (await measures(page, `export:${kind}:${name}`)).at(-1);
    if (last) parts.push(`${name} ${Math.round(last.duration)} ms`);
  }
  return parts.join(', ');
}

type Window = { readonly start: number; readonly duration: number };
const overlaps = (t: Window, w: Window): boolean => t.start < w.start + w.duration && t.start + t.duration > w.start;

/** Longest main-thread task overlapping the windows. */
async function longestTaskIn(page: Page, windows: readonly Window[]): Promise<number> {
  const tasks = await page.evaluate(() => window.__benchTools.longTasks);
  let longest = 0;
  for (const t of tasks) if (windows.some((w) => overlaps(t, w))) longest = Math.max(longest, t.duration);
  return longest;
}

/**
 * The longest main-thread tasks of the whole run so far, outside the windows, longest
 * first, each with what the app was doing then (the bench step it fell in and the app's
 * User Timing measures that overlap it), to say where to look.
 */
async function longestTasksOutside(
  page: Page,
  windows: readonly Window[],
  top: number,
): Promise<{ ms: number; during: string }[]> {
  const tasks = (await page.evaluate(() => window.__benchTools.longTasks))
    .filter((t) => !windows.some((w) => overlaps(t, w)))
    .sort((a, b) => b.duration - a.duration)
    .slice(0, top);
  return page.evaluate(
    (list) =>
      list.map((w) => {
        const step = performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('bench:') && m.startTime <= w.start)
          .at(-1);
        const app = performance
          .getEntriesByType('measure')
          .filter((m) => m.startTime < w.start + w.duration && m.startTime + m.duration > w.start)
          .map((m) => m.name.replace(/^decompte:/, ''));
        const where = [step ? step.name.slice('bench:'.length) : 'start', ...app].join(', ');
        return { ms: w.duration, during: `${Math.round(w.duration)} ms (${where})` };
      }),
    tasks,
  );
}

export async function pageHeapMB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  return used / 1024 / 1024;
}

export async function runAppFlows(
  o: FlowOptions,
): Promise<{ figures: Omit<AppFigures, 'firstLoadJsGzipKB'>; extra: ExtraFigures; facts: AppFacts }> {
  const log = o.log ?? (() => undefined);
  const samples = o.samples ?? 20;
  const page = o.page;
  const t = tools(page);
  // A mark per step: the longest main-thread task is reported with the step it fell in.
  const step = (name: string): Promise<void> =>
    page.evaluate((n) => void performance.mark(`bench:${n}`), name).catch(() => undefined);
  // The recap in full (every uncounted line) is what a 250,000-line phone must not download.
  const recapRequests: string[] = [];
  o.context.on('request', (r) => {
    if (/\/api\/inventories\/\d+\/(recap|close)/.test(r.url())) recapRequests.push(new URL(r.url()).search);
  });
  const listed: { what: string; shown: number; expected: number }[] = [];
  const counted = new Map<string, string>();

  // --- Server: the snapshot (freeze + copy of the location's stock).
  const token = (
    await api<{ token: string }>(o.url, 'POST', '/api/session', undefined, {
      username: 'superviseur',
      password: 'demo',
    })
  ).token;
  const depot = (await api<LocationDto[]>(o.url, 'GET', '/api/locations', token)).find((l) => l.code === 'DEP-01')!;
  let start = performance.now();
  const inv = await api<InventoryDto>(o.url, 'POST', '/api/inventories', token, {
    name: `Banc ${Date.now()}`,
    locationId: depot.id,
    kind: 'articles',
  });
  const serverSnapshotMs = performance.now() - start;
  const snapshot = await api<LineDto[]>(o.url, 'GET', `/api/inventories/${inv.id}/lines`, token);
  log(`snapshot: ${snapshot.length} lines in ${Math.round(serverSnapshotMs)} ms`);

  // --- The supervisor's phone: log in.
  await step('login');
  await page.getByLabel('Identifiant').fill('superviseur');
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Inventaires' }).waitFor();
  await page.waitForFunction(() => window.__decompteBench !== undefined);

  // --- Store: the naive layout first (on a device of its own), then the app's own.
  await step('store');
  const naiveStoreMs = await naiveStoreElsewhere(o.url, inv.id, o.cpu ?? 1);
  log(`naive bulkPut: ${Math.round(naiveStoreMs)} ms`);
  await page.evaluate((id) => (location.hash = `#/inventory/${id}`), inv.id);
  // The before ZIP saved, the count opens by itself.
  await page.locator('.lines [role=listitem]').first().waitFor({ timeout: 600_000 });
  const store = await lastMeasure(page, 'snapshot-store');
  const download = await lastMeasure(page, 'snapshot-download');
  const before = await lastMeasure(page, 'export:before');
  log(
    `store ${Math.round(store.duration)} ms, before ZIP ${Math.round(before.duration)} ms (${await phases(page, 'before')})`,
  );

  // Weighed once the scan and search indexes exist (built in background tasks after opening).
  await page.waitForFunction(() => window.__decompteBench?.indexesComplete() === true, undefined, {
    timeout: 600_000,
    polling: 250,
  });
  const heap = await pageHeapMB(o.context, page);

  // --- Open the stored inventory (from the list) until its first lines are on screen.
  await step('open');
  // Cold first: the lines read from IndexedDB again, as the first open after the download is.
  const colds: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByRole('heading', { name: 'Inventaires' }).waitFor();
    await page.evaluate(() => window.__decompteBench!.forgetOpenCount());
    colds.push(await t.navigate(`#/inventory/${inv.id}`, `document.querySelector('.lines [role=listitem]') !== null`));
  }
  const openColdMs = percentile(colds, 50);
  // Then back to the list and in again, the lines still in memory.
  const opens: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByRole('heading', { name: 'Inventaires' }).waitFor();
    opens.push(await t.navigate(`#/inventory/${inv.id}`, `document.querySelector('.lines [role=listitem]') !== null`));
  }
  const openMs = percentile(opens, 50);
  const listWindow = await page.evaluate(() => ({
    rows: document.querySelectorAll('.lines [role=listitem]').length,
    pageHeight: document.documentElement.scrollHeight,
    viewportHeight: innerHeight,
  }));
  log(`open ${Math.round(openMs)} ms (cold ${Math.round(openColdMs)} ms)`);
  // --- At open, the reads held after the first batch: a search and a scan of lines from the
  // last chunk wait for the rest (never "0 lignes" nor "unknown"); the header's total is whole.
  await step('open-loading');
  const SEARCH_BOX = 'main.count input[type=search]';
  const lastChunk = Math.floor((snapshot.length - 1) / 2_000) * 2_000;
  const late = snapshot.slice(lastChunk);
  const sampledForScan = new Set(spread(scannableOf(snapshot), samples).map((l) => l.key));
  const lateScan = [...late].reverse().find((l) => scannableOf([l]).length === 1 && !sampledForScan.has(l.key));
  const lateSearch = late[late.length - 1]!;
  await page.evaluate(() => (location.hash = '#/'));
  await page.getByRole('heading', { name: 'Inventaires' }).waitFor();
  await page.evaluate(() => {
    window.__decompteBench!.forgetOpenCount();
    window.__decompteBench!.holdLineLoads();
  });
  await page.evaluate((id) => (location.hash = `#/inventory/${id}`), inv.id);
  await page.locator('.lines [role=listitem]').first().waitFor();
  await page.getByRole('region', { name: 'Scanner' }).waitFor();
  const loadingAtOpen = !(await page.evaluate(() => window.__decompteBench!.openLoadDone()));
  const progressAtOpen = (await page.getByTestId('progress').textContent()) ?? '';
  await page.fill(SEARCH_BOX, lateSearch.itemRef);
  const searchWhileLoading = (await page.locator(RESULTS).textContent()) ?? '';
  if (lateScan) await t.wedge(lateScan.barcodes[0]!, 'true');
  await page.evaluate(() => window.__decompteBench!.releaseLineLoads());
  await page.evaluate((done) => window.__benchTools.wait(done), resultsAre(matching(snapshot, lateSearch.itemRef)));
  listed.push({
    what: `search at open ${lateSearch.itemRef}`,
    shown: await shownCount(page),
    expected: matching(snapshot, lateSearch.itemRef),
  });
  if (lateScan) {
    // An item in several bins asks which line first (the scan step answers the same way).
    const code = lateScan.barcodes[0]!;
    await page.evaluate(
      (done) => window.__benchTools.wait(done),
      `${shows('[data-testid=last-scan]', `${lateScan.itemRef} `)} || ${shows('fieldset.chooser legend', code)}`,
    );
    if ((await page.locator('fieldset.chooser').count()) > 0) {
      await page.getByRole('radio', { name: new RegExp(`· ${escapeRe(lateScan.bin)}$`) }).check();
      await page.getByRole('button', { name: 'Compter sur cette ligne' }).click();
    }
    await page
      .getByTestId('last-scan')
      .filter({ hasText: `${lateScan.itemRef} ` })
      .waitFor({ timeout: 600_000 });
    counted.set(lateScan.key, '1.000');
  }
  await t.change(SEARCH_BOX, '', resultsAre(snapshot.length));
  const atOpen = {
    loading: loadingAtOpen,
    progress: progressAtOpen,
    search: searchWhileLoading,
    scanned: lateScan?.key ?? null,
  };
  log(`at open: ${JSON.stringify(atOpen)}`);

  // The search below is timed on a loaded count, as it was when every open read all lines first.
  await page.waitForFunction(() => window.__decompteBench?.indexesComplete() === true, undefined, {
    timeout: 600_000,
    polling: 250,
  });
  await page.getByRole('region', { name: 'Scanner' }).waitFor();

  // --- Search: each keystroke of a reference, until the list shows the matching lines.
  await step('search');
  const SEARCH = 'main.count input[type=search]';
  const keystrokes: number[] = [];
  const picks = Array.from(
    { length: Math.max(2, Math.ceil(samples / 8)) },
    (_, i) => snapshot[Math.floor(((i + 0.5) * snapshot.length) / Math.max(2, Math.ceil(samples / 8)))]!,
  );
  for (const line of picks) {
    for (let n = 1; n <= line.itemRef.length; n++) {
      const text = line.itemRef.slice(0, n);
      const expected = matching(snapshot, text);
      keystrokes.push(await t.change(SEARCH, text, resultsAre(expected)));
    }
    listed.push({
      what: `search ${line.itemRef}`,
      shown: await shownCount(page),
      expected: matching(snapshot, line.itemRef),
    });
    keystrokes.push(await t.change(SEARCH, '', resultsAre(snapshot.length)));
  }
  log(`search p95 ${Math.round(percentile(keystrokes, 95))} ms over ${keystrokes.length} keystrokes`);

  // --- Filters: a supplier, a bin.
  await step('filters');
  await menuAction(page, 'Afficher les filtres');
  const supplierTimes: number[] = [];
  const binTimes: number[] = [];
  const suppliers = [...new Set(snapshot.map((l) => l.supplier ?? ''))].filter(Boolean).slice(0, 3);
  for (const s of suppliers) {
    const expected = snapshot.filter((l) => l.supplier === s).length;
    supplierTimes.push(await t.change('.filters select', s, resultsAre(expected)));
    listed.push({ what: `supplier ${s}`, shown: await shownCount(page), expected });
  }
  supplierTimes.push(await t.change('.filters select', '', resultsAre(snapshot.length)));
  const binSelect = '.filters label:nth-child(2) select';
  for (const line of picks.slice(0, 3)) {
    const expected = snapshot.filter((l) => l.bin === line.bin).length;
    binTimes.push(await t.change(binSelect, line.bin, resultsAre(expected)));
    listed.push({ what: `bin ${line.bin}`, shown: await shownCount(page), expected });
  }
  binTimes.push(await t.change(binSelect, '', resultsAre(snapshot.length)));
  await menuAction(page, 'Masquer les filtres');

  // --- A handheld scanner: barcode → its line(s) on screen (the count itself, or the chooser
  // when the item lies in several bins); a chooser is answered with the line's bin.
  await step('scan');
  const scannable = scannableOf(snapshot);
  const lookups: number[] = [];
  const scanToCount: number[] = [];
  for (const line of spread(scannable, samples)) {
    const code = line.barcodes[0]!;
    const counted1 = shows('[data-testid=last-scan]', `${line.itemRef} `);
    const ms = await t.wedge(code, `${counted1} || ${shows('fieldset.chooser legend', code)}`);
    lookups.push(ms);
    // The app shows "counted" once the count is in IndexedDB. An item in several bins asks
    // first: the app's part is the scan → the chooser, then the tap → counted (not the choice).
    if ((await page.locator('fieldset.chooser').count()) === 0) scanToCount.push(ms);
    else {
      await page.getByRole('radio', { name: new RegExp(`· ${escapeRe(line.bin)}$`) }).check();
      scanToCount.push(ms + (await t.click('fieldset.chooser button', counted1, 'Compter sur cette ligne')));
    }
    await page
      .getByTestId('last-scan')
      .filter({ hasText: `${line.itemRef} ` })
      .waitFor();
    counted.set(line.key, '1.000');
  }
  log(`scan lookup p95 ${Math.round(percentile(lookups, 95))} ms`);

  // --- Typed counts: the quantity typed → "Enregistré" (shown only once IndexedDB committed).
  await step('typed counts');
  const typeable = snapshot.filter(
    (l) => l.unit === 'pcs' && !l.lot && !l.serial && !counted.has(l.key) && l.expectedQty !== null,
  );
  const commits: number[] = [];
  for (const [i, line] of spread(
    typeable.filter((l, i) => typeable.findIndex((m) => m.itemRef === l.itemRef) === i),
    samples,
  ).entries()) {
    await page.getByRole('searchbox').fill(line.itemRef);
    await page
      .getByRole('list')
      .getByRole('button')
      .filter({ hasText: `${line.itemRef} ` })
      .filter({ hasText: line.bin })
      .first()
      .click();
    const qty = String(Number(decimalToScaled(line.expectedQty!, 3) / 1000n) + (i % 3) - 1);
    await page.getByRole('textbox', { name: `Quantité comptée pour ${line.itemRef}` }).fill(qty);
    commits.push(await t.click('.editor button[type=submit]', shows('[role=status]', `Enregistré : ${line.itemRef} `)));
    counted.set(line.key, `${qty}.000`);
  }
  await page.getByRole('searchbox').fill('');
  log(`count commit p95 ${Math.round(percentile(commits, 95))} ms`);

  // --- Other phones push their counts at the same time: events ingested per second.
  await step('ingest');
  const devices = o.devices ?? 4;
  const others = snapshot.filter((l) => !counted.has(l.key) && l.expectedQty !== null);
  const pushed = others.slice(0, Math.min(o.events ?? 20_000, others.length));
  const perDevice = Array.from({ length: devices }, (_, d) => pushed.filter((_, i) => i % devices === d));
  start = performance.now();
  await Promise.all(
    perDevice.map(async (mine, d) => {
      const deviceId = `bench-device-${d + 1}`;
      for (let i = 0; i < mine.length; i += 500) {
        const batch = mine.slice(i, i + 500).map((l, j) => ({
          id: crypto.randomUUID(),
          lineKey: l.key,
          // Most lines as expected; every tenth found empty.
          qty: (i + j) % 10 === 0 ? '0.000' : l.expectedQty,
          seq: i + j + 1,
          counter: `banc${d + 1}`,
          at: new Date().toISOString(),
        }));
        await api<CountsPushResultDto>(o.url, 'POST', `/api/inventories/${inv.id}/counts`, token, {
          deviceId,
          events: batch,
          unsent: Math.max(0, mine.length - i - 500),
        });
        for (const e of batch) counted.set(e.lineKey, e.qty!);
      }
    }),
  );
  const ingestMs = performance.now() - start;
  const ingestEventsPerSec = (pushed.length / ingestMs) * 1000;
  log(`ingest ${Math.round(ingestEventsPerSec)} events/s (${pushed.length} events, ${devices} devices)`);

  // --- Clôturer → the recap on screen.
  await step('close');
  await page.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor({ timeout: 120_000 });
  await menuAction(page, 'Clôturer');
  await page.getByRole('dialog').getByRole('button', { name: 'Oui' }).waitFor();
  const recapMs = await t.click(
    '[role=dialog] button',
    `document.querySelector('[data-testid=total-counted]') !== null`,
    'Oui',
  );
  const recapShownCounted = (await page.getByTestId('total-counted').textContent()) ?? '';
  log(`recap ${Math.round(recapMs)} ms`);

  // --- Confirmer → Oui: the server applies, the after ZIP is built.
  await step('apply');
  await page.getByRole('button', { name: 'Confirmer l’inventaire' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Oui' }).click();
  await page.getByRole('status').filter({ hasText: 'ZIP du stock après inventaire' }).waitFor({ timeout: 600_000 });
  const after = await lastMeasure(page, 'export:after');
  const applyMs = await page.evaluate(() => {
    const e = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('/apply'))
      .at(-1);
    return e ? e.duration : 0;
  });
  log(`apply ${Math.round(applyMs)} ms, after ZIP ${Math.round(after.duration)} ms (${await phases(page, 'after')})`);
  const longestZipTaskMs = await longestTaskIn(page, [before, after]);
  const longest = await longestTasksOutside(page, [], 5);
  const longestMainTaskMs = longest[0]?.ms ?? 0;
  log(`longest main-thread tasks: ${longest.map((l) => l.during).join('; ') || 'none over 50 ms'}`);

  const recap = await api<RecapDto>(o.url, 'GET', `/api/inventories/${inv.id}/recap`, token);
  const zip = async (phase: string): Promise<Uint8Array> => {
    const res = await fetch(`${o.url}/api/inventories/${inv.id}/exports/${phase}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`GET ${phase} ZIP: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };

  return {
    figures: {
      lines: snapshot.length,
      // From the request to the lines stored: the counter waits for all of it.
      downloadMs: store.start + store.duration - download.start,
      storeMs: store.duration,
      naiveStoreMs,
      storeRatio: naiveStoreMs / store.duration,
      openMs,
      openColdMs,
      searchP95Ms: percentile(keystrokes, 95),
      lookupP95Ms: percentile(lookups, 95),
      scanToCountP95Ms: percentile(scanToCount, 95),
      countCommitP95Ms: percentile(commits, 95),
      recapMs,
      beforeZipMs: before.duration,
      afterZipMs: after.duration,
      longestMainTaskMs,
      serverSnapshotMs,
      applyMs,
      ingestEventsPerSec,
      pageHeapMB: heap,
    },
    extra: {
      longestZipTaskMs,
      searchMedianMs: percentile(keystrokes, 50),
      supplierFilterMs: percentile(supplierTimes, 50),
      binFilterMs: percentile(binTimes, 50),
      lookupMedianMs: percentile(lookups, 50),
      countCommitMedianMs: percentile(commits, 50),
    },
    facts: {
      inventoryId: inv.id,
      snapshot,
      listed,
      counted,
      events: counted.size,
      recap,
      recapShownCounted,
      atOpen,
      listWindow,
      recapRequests,
      beforeZip: await zip('before'),
      afterZip: await zip('after'),
    },
  };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `n` items spread evenly over the list (all of them when it is shorter). */
/** Lines a handheld scan counts at once (+1 a unit, no lot or serial to ask for). */
const scannableOf = (lines: readonly LineDto[]): LineDto[] =>
  lines.filter((l) => l.unit === 'pcs' && !l.lot && !l.serial && l.barcodes.length > 0);

function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / n)]!);
}

async function shownCount(page: Page): Promise<number> {
  const text = (await page.locator(RESULTS).textContent()) ?? '';
  const digits = text.replace(/\D/g, '');
  if (!digits) throw new Error(`unexpected results text "${text}"`);
  return Number(digits);
}

export type { PageTools };
