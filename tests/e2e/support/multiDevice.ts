/**
 * Several phones counting one inventory through bad weather, and the audit that nothing
 * was lost or doubled. Shared by the e2e test (short, in every `npm test`) and `npm run
 * chaos` (longer, more devices): the same scenario with other bounds.
 *
 * Every device is a real Chromium on its own profile running the built app against the
 * real server. One seeded PRNG decides everything the test does (which device counts
 * which line, from a small shared pool so lines ARE counted by several devices; when a
 * device goes offline and back; when a page reloads while its push is held in flight;
 * when the server is SIGKILLed right after a push reached it). Timing still varies from
 * run to run (the machine decides how far a push got), so the seed reproduces the script,
 * not the exact interleaving — which is the point: the audit must hold for any of them.
 *
 * The audit reads each device's OWN records (its IndexedDB `events` store, with raw
 * indexedDB, not the app's code) and the server's log (`GET /counts`, paged) and recap,
 * and computes the expected line totals itself from the devices' events (highest seq per
 * line × device, summed over devices: DESIGN.md's rule, written again here on purpose).
 */
import type { Page, Route } from 'playwright-core';
import type { CountEventDto, CountsPageDto, LineDto, RecapDto } from '../../../src/core/api/dto';
import { decimalToScaled } from '../../../src/core/api/dto';
// The demo data's seeded PRNG (mulberry32): enough to script a test reproducibly.
import { prng } from '../../../src/server/demo/catalogue';
import { newDevice, setOffline, type Device } from './browser';
import { countLine, createInventory, lineRow, login, menuAction } from './countUi';
import { countWhileFull } from './countWhileFull';
import { QUOTA_CACHE_MS, quotaControl, type QuotaControl } from './quota';
import { readStore } from './phoneStore';
import { DEMO, type E2eServer } from './server';

export interface ChaosOptions {
  readonly seed: number;
  /** Phones; the first is the supervisor's (it creates the inventory), the others counters'. */
  readonly devices: number;
  /** At most this many scripted steps… */
  readonly steps: number;
  /** …and no longer than this, from the first step (the phones' set-up, the final sync and the audit are outside it). */
  readonly durationMs: number;
  /** Lines the devices draw from: small, so the same lines are counted by several devices. */
  readonly poolSize: number;
  readonly log?: (line: string) => void;
  /** Where the phones open the app (a fault proxy in front of the server); default the server. */
  readonly appUrl?: string;
  /** How long the final sync may take before what is left counts as stranded. */
  readonly finalSyncMs?: number;
  /** The chaos run's other disturbances (none by default). */
  readonly extras?: ChaosExtras;
}

export interface ChaosExtras {
  /** Clock offset of each counter phone, in hours (the supervisor's phone keeps the true time). */
  readonly clockOffsetsHours?: readonly number[];
  /** A second tab of the app on the first counter phone, counting too. */
  readonly secondTab?: boolean;
  /** Now and then another user pushes as a counter phone's device id the server knows (must be refused, 403). */
  readonly spoof?: boolean;
  /**
   * The last counter phone's storage fills up now and then (Chromium's quota override,
   * below what it holds) while it keeps counting: each count is either saved and stored or
   * refused on screen with the "device full" message and never made; then space comes back
   * and it counts on. Its first episode starts early, at a seeded step.
   */
  readonly quotaFull?: boolean;
  /** Now and then the database stops behind the live server, the phones count on, it restarts. */
  readonly dbOutage?: { stop(): void; start(): void };
}

/** One device's record of an event it made, as stored in its IndexedDB. */
interface DeviceEvent {
  readonly id: string;
  readonly inventoryId: number;
  readonly deviceId: string;
  readonly lineKey: string;
  readonly qty: string | null;
  readonly seq: number;
  readonly pending: number;
  readonly error: string | null;
}

export interface ChaosReport {
  readonly seed: number;
  readonly devices: number;
  readonly steps: number;
  readonly made: number;
  readonly stored: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Events a device holds refused by the server (valid events: must be 0). */
  readonly refused: number;
  /** Events still pending on a device once the final sync gave up. */
  readonly stranded: number;
  /** How many times each extra disturbance happened (chaos run). */
  readonly disturbances: Readonly<Record<string, number>>;
  /** Times a phone's storage was full (quotaFull), and counts the screen misreported meanwhile (must be none). */
  readonly quotaFull: number;
  readonly quotaMismatches: readonly string[];
  /** Events on the server that no device made. */
  readonly unknown: number;
  /** Lines whose recap quantity differs from the sum computed from the devices' events. */
  readonly recapMismatches: readonly string[];
  /** Lines counted by two devices or more, and whether a device showed the team total for one. */
  readonly sharedLines: number;
  readonly teamTotalShown: boolean;
  readonly kills: number;
  readonly reloadsInPush: number;
  readonly offlineToggles: number;
  readonly pageErrors: readonly string[];
  readonly seconds: number;
}

export const figuresLine = (r: ChaosReport): string =>
  `events made ${r.made} / stored ${r.stored} / lost ${r.lost} / duplicated ${r.duplicated} / ` +
  `refused ${r.refused} / stranded ${r.stranded}`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const COUNTS_ROUTE = '**/api/inventories/*/counts';

interface Phone {
  readonly index: number;
  readonly device: Device;
  readonly page: Page;
  offline: boolean;
  /** A second tab of the app on the same device (same IndexedDB, same device id). */
  tab?: Page;
  /** Its storage is full until `until` (then space comes back), through `quota`. */
  full?: { readonly quota: QuotaControl; readonly until: number };
}

/** `Date` moved by `offsetMs` in every page of a context, as a phone whose clock is wrong. */
const skewedClock = (offsetMs: number): string => `(() => {
  const Real = Date;
  const offset = ${offsetMs};
  class Skewed extends Real {
    constructor(...args) { if (args.length === 0) super(Real.now() + offset); else super(...args); }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = Skewed;
})();`;

/** The device's own event log for the inventory, straight from IndexedDB. */
const readDeviceEvents = async (page: Page, inventoryId: number): Promise<DeviceEvent[]> =>
  (await readStore<DeviceEvent>(page, 'events')).filter((e) => e.inventoryId === inventoryId);

/**
 * The phone's device id once the server confirmed its claim (meta `claimed:<id>`), pushed
 * with or not: nobody else may push with it from then on.
 */
async function claimedDeviceId(page: Page): Promise<string | undefined> {
  const meta = await readStore<{ key: string; value: unknown }>(page, 'meta');
  const id = meta.find((m) => m.key === 'deviceId')?.value;
  return typeof id === 'string' && meta.some((m) => m.key === `claimed:${id}`) ? id : undefined;
}

async function serverEvents(server: E2eServer, token: string, inventoryId: number): Promise<CountEventDto[]> {
  const events: CountEventDto[] = [];
  let after = 0;
  for (;;) {
    const page = await server.api<CountsPageDto>(
      'GET',
      `/api/inventories/${inventoryId}/counts?after=${after}&limit=500`,
      {
        token,
      },
    );
    if (page.status !== 200) throw new Error(`GET counts: HTTP ${page.status}`);
    events.push(...page.body.events);
    if (!page.body.more || page.body.events.length === 0) return events;
    after = page.body.cursor;
  }
}

/** Line → expected counted quantity (thousandths), from the devices' own events. */
function expectedTotals(events: readonly DeviceEvent[]): Map<string, bigint> {
  const latest = new Map<string, DeviceEvent>();
  for (const e of events) {
    const k = `${e.deviceId} ${e.lineKey}`;
    const seen = latest.get(k);
    if (!seen || e.seq > seen.seq) latest.set(k, e);
  }
  const totals = new Map<string, bigint>();
  for (const e of latest.values()) {
    if (e.qty === null) continue;
    totals.set(e.lineKey, (totals.get(e.lineKey) ?? 0n) + decimalToScaled(e.qty, 3));
  }
  return totals;
}

export async function runMultiDevice(server: E2eServer, options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const rng = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const phones: Phone[] = [];
  let kills = 0;
  let reloadsInPush = 0;
  let offlineToggles = 0;
  let quotaFull = 0;
  const quotaMismatches: string[] = [];
  try {
    // --- The supervisor's phone creates the inventory (before ZIP included: counting needs it).
    const name = `Multi ${options.seed}`;
    const appUrl = options.appUrl ?? server.url;
    const extras = options.extras ?? {};
    const disturbances: Record<string, number> = {};
    const note = (what: string): void => {
      disturbances[what] = (disturbances[what] ?? 0) + 1;
    };
    for (let i = 0; i < options.devices; i++) {
      const device = await newDevice(`${appUrl}/`);
      const hours = i === 0 ? 0 : (extras.clockOffsetsHours?.[(i - 1) % extras.clockOffsetsHours.length] ?? 0);
      if (hours !== 0) {
        await device.context.addInitScript(skewedClock(hours * 3_600_000));
        await device.page.reload();
        note(`clock ${hours > 0 ? '+' : ''}${hours} h`);
      }
      phones.push({ index: i, device, page: device.page, offline: false });
    }
    const sup = phones[0]!.page;
    await login(sup, DEMO.supervisor);
    const inventory = await createInventory(sup, server, { name, locationCode: 'DEP-01' });
    const lines = inventory.lines;
    const token = await server.login(DEMO.supervisor);
    // Whole units, no lot or serial: typed as is, and found by reference and bin.
    const candidates = lines.filter((l) => !l.lot && !l.serial && l.unit === 'pcs');
    const pool: LineDto[] = [];
    while (pool.length < Math.min(options.poolSize, candidates.length)) {
      const l = pick(candidates);
      if (!pool.includes(l)) pool.push(l);
    }
    for (const p of phones.slice(1)) {
      await login(p.page, DEMO.counter);
      await p.page.getByRole('button', { name: `Ouvrir ${name}` }).click();
      await p.page.getByRole('heading', { name }).waitFor();
    }
    // The service worker must be ready on every phone: a page reloaded offline comes from it.
    for (const p of phones) await p.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    const tabbed = phones[1];
    if (extras.secondTab && tabbed) {
      const tab = await tabbed.device.context.newPage();
      await tab.goto(tabbed.page.url());
      await tab.getByRole('heading', { name }).waitFor({ timeout: 60_000 });
      tabbed.tab = tab;
    }
    log(`seed ${options.seed}: ${phones.length} devices, inventory ${inventory.id}, pool of ${pool.length} lines`);

    /** The supervisor pushes a count as another user's phone: the server must refuse it (403). */
    const spoofPush = async (victimId: string, neverPushed: boolean, when: string): Promise<void> => {
      const spoofed = await server.api('POST', `/api/inventories/${inventory.id}/counts`, {
        token,
        body: {
          deviceId: victimId,
          events: [
            {
              id: crypto.randomUUID(),
              lineKey: pick(pool).key,
              qty: null,
              seq: 2_000_000_000,
              at: new Date().toISOString(),
            },
          ],
        },
      });
      note(spoofed.status === 403 ? 'spoofed pushes refused' : `spoofed pushes answered ${spoofed.status}`);
      if (neverPushed) note('spoofed: an id claimed and never pushed');
      log(`${when}: the supervisor pushes as device ${victimId.slice(0, 8)}: HTTP ${spoofed.status}`);
    };
    // Before any count: a counter's id its claim at login made theirs, never pushed with yet.
    if (extras.spoof) {
      for (const p of phones.slice(1)) {
        const claimed = await claimedDeviceId(p.page);
        if (claimed === undefined) continue;
        await spoofPush(claimed, true, 'before counting');
        break;
      }
    }

    const goOnline = async (p: Phone): Promise<void> => {
      await setOffline(p.device.context, false);
      p.offline = false;
      // A page loaded while offline never gets Chromium's emulated "online" (see inventory-flow.test.ts).
      await p.page.evaluate(() => dispatchEvent(new Event('online'))).catch(() => undefined);
    };
    /** A count on `page` of phone `p`; on a full phone it may be refused (see countWhileFull.ts). */
    const countOn = async (p: Phone, page: Page): Promise<void> => {
      const line = pick(pool);
      const whole = Math.floor(rng() * 25);
      if (!p.full) return countLine(page, line, String(whole));
      const outcome = await countWhileFull(page, line, whole);
      if (outcome.kind === 'mismatch') quotaMismatches.push(outcome.what);
      else note(outcome.kind === 'saved' ? 'counts saved with the storage full' : 'counts refused: storage full');
    };
    const countSomething = (p: Phone): Promise<void> => countOn(p, p.page);
    const reload = async (p: Phone): Promise<void> => {
      await p.page.reload();
      await p.page.getByRole('heading', { name }).waitFor({ timeout: 60_000 });
      if (!p.offline) await p.page.evaluate(() => dispatchEvent(new Event('online')));
    };

    /** Holds the phone's next push in flight, reloads the page under it, then lets go. */
    const reloadInPush = async (p: Phone): Promise<void> => {
      let seen: () => void = () => undefined;
      const held = new Promise<void>((r) => (seen = r));
      const routes: Route[] = [];
      const handler = async (route: Route): Promise<void> => {
        if (route.request().method() !== 'POST') return route.fallback();
        routes.push(route);
        seen();
      };
      await p.page.route(COUNTS_ROUTE, handler);
      await countSomething(p);
      const inFlight = await Promise.race([held.then(() => true), sleep(8_000).then(() => false)]);
      await reload(p);
      await p.page.unroute(COUNTS_ROUTE, handler);
      // The held request belonged to the page that is gone; half of them still reach the
      // server after the reload (the response lost), half never do.
      for (const r of routes) await (rng() < 0.5 ? r.continue() : r.abort()).catch(() => undefined);
      if (inFlight) reloadsInPush++;
    };

    /** SIGKILLs the server a few milliseconds after a push reached it, counts on, restarts. */
    const killInPush = async (p: Phone): Promise<void> => {
      let seen: () => void = () => undefined;
      const reached = new Promise<void>((r) => (seen = r));
      const handler = async (route: Route): Promise<void> => {
        if (route.request().method() !== 'POST') return route.fallback();
        seen();
        await route.continue().catch(() => undefined);
      };
      await p.page.route(COUNTS_ROUTE, handler);
      await countSomething(p);
      await Promise.race([reached, sleep(8_000)]);
      await sleep(Math.floor(rng() * 40));
      await server.kill();
      kills++;
      await p.page.unroute(COUNTS_ROUTE, handler);
      // Counting goes on while the server is down: those counts wait on the phones.
      for (const q of phones) if (rng() < 0.7) await countSomething(q);
      await server.start();
    };

    // The storage-full phone: the last counter phone (not the supervisor's, which audits).
    const fullPhone = extras.quotaFull && phones.length > 1 ? phones.at(-1) : undefined;
    /** Its storage fills up; it stays full long enough for IndexedDB to enforce it (quota.ts), and more. */
    const fillStorage = async (p: Phone, step: number): Promise<void> => {
      const quota = await quotaControl(p.page);
      await quota.fill();
      p.full = { quota, until: Date.now() + QUOTA_CACHE_MS + 10_000 };
      quotaFull++;
      log(`step ${step}: device ${p.index}'s storage is full`);
    };
    /**
     * Space comes back: first one more count while full (refused: the quota is enforced by
     * now), then the quota is lifted and the phone counts on (saved).
     */
    const freeStorage = async (p: Phone, step: number): Promise<void> => {
      const full = p.full!;
      await full.quota.enforced();
      const last = await countWhileFull(p.page, pick(pool), Math.floor(rng() * 25));
      if (last.kind === 'mismatch') quotaMismatches.push(last.what);
      else if (last.kind === 'saved') quotaMismatches.push('a count was saved with the storage full for over 30 s');
      else note('counts refused: storage full');
      await full.quota.lift();
      await full.quota.close();
      p.full = undefined;
      log(`step ${step}: device ${p.index}'s storage has room again`);
      await countSomething(p);
    };
    const fullAt = fullPhone ? 1 + Math.floor(rng() * Math.max(1, Math.min(options.steps - 1, 5))) : -1;

    // --- The script.
    let step = 0;
    // From the first step: setting the phones up (slow on a loaded machine) is not the run.
    const deadline = Date.now() + options.durationMs;
    // At least one of each disturbance, at seeded places; the rest is drawn at random.
    const killAt = 2 + Math.floor(rng() * Math.max(1, options.steps / 2));
    const reloadAt = new Set(phones.map(() => 1 + Math.floor(rng() * Math.max(1, options.steps - 1))));
    for (; step < options.steps && Date.now() < deadline; step++) {
      if (fullPhone?.full && Date.now() >= fullPhone.full.until) {
        await freeStorage(fullPhone, step);
        continue;
      }
      if (step === fullAt && fullPhone && !fullPhone.full) {
        await fillStorage(fullPhone, step);
        continue;
      }
      const p = pick(phones);
      const roll = rng();
      if (step === killAt || roll < 0.015) {
        const online = phones.filter((q) => !q.offline);
        if (online.length === 0) await goOnline(p);
        log(`step ${step}: SIGKILL the server in a push of device ${p.index}`);
        await killInPush(p.offline ? pick(phones.filter((q) => !q.offline)) : p);
      } else if (reloadAt.has(step) || roll < 0.1) {
        if (p.offline) await goOnline(p);
        log(`step ${step}: reload device ${p.index} in the middle of a push`);
        await reloadInPush(p);
      } else if (roll < 0.25) {
        offlineToggles++;
        if (p.offline) await goOnline(p);
        else {
          await setOffline(p.device.context, true);
          p.offline = true;
        }
        log(`step ${step}: device ${p.index} ${p.offline ? 'offline' : 'online'}`);
      } else if (extras.dbOutage && roll < 0.265) {
        log(`step ${step}: the database stops behind the live server`);
        extras.dbOutage.stop();
        note('database outages');
        for (const q of phones) if (!q.offline && rng() < 0.7) await countSomething(q);
        await sleep(3_000);
        extras.dbOutage.start();
      } else if (extras.spoof && roll < 0.275) {
        const victim = phones[1 + Math.floor(rng() * (phones.length - 1))];
        const victimEvents = victim ? await readDeviceEvents(victim.page, inventory.id) : [];
        // A device id the server holds for its phone: claimed at login (pushed with or not),
        // or one of its events went through. An id whose claim the fault proxy cut goes to
        // whoever pushes it first, and the phone then moves its counts to a new id
        // (tests/e2e/device-claim.test.ts): not what this checks.
        const claimed = victim ? await claimedDeviceId(victim.page) : undefined;
        const pushed = victimEvents.find((e) => e.pending === 0 && e.error === null)?.deviceId;
        const victimId = claimed ?? pushed;
        const neverPushed =
          claimed !== undefined && !victimEvents.some((e) => e.deviceId === claimed && e.pending === 0);
        if (victimId) await spoofPush(victimId, neverPushed, `step ${step}`);
      } else if (fullPhone && !fullPhone.full && roll < 0.283) {
        await fillStorage(fullPhone, step);
      } else if (p.tab && roll < 0.29) {
        note('counts in a second tab');
        await countOn(p, p.tab);
      } else if (roll < 0.29) {
        await p.page.getByRole('button', { name: 'Annuler la dernière saisie' }).click();
      } else if (roll < 0.33) {
        await reload(p);
      } else {
        await countSomething(p);
      }
    }
    // A phone still full at the deadline gets its space back (its counts must still all arrive).
    if (fullPhone?.full) await freeStorage(fullPhone, step);
    log(`${step} steps in ${Math.round((Date.now() - started) / 1000)} s; final sync`);

    // --- Everyone back on the network, until every phone's outbox is empty.
    if (!server.running) await server.start();
    for (const p of phones) await goOnline(p);
    const finalSyncMs = options.finalSyncMs ?? 120_000;
    const syncDeadline = Date.now() + finalSyncMs;
    for (;;) {
      const pending = await Promise.all(
        phones.map(async (p) => (await readDeviceEvents(p.page, inventory.id)).filter((e) => e.pending === 1).length),
      );
      if (pending.every((n) => n === 0)) break;
      if (Date.now() > syncDeadline) {
        log(`outboxes not empty after ${finalSyncMs / 1000} s: ${pending.join(', ')} (stranded)`);
        break;
      }
      for (const p of phones) await p.page.evaluate(() => dispatchEvent(new Event('online')));
      await sleep(1_000);
    }

    // --- The audit.
    const made = (await Promise.all(phones.map((p) => readDeviceEvents(p.page, inventory.id)))).flat();
    const refused = made.filter((e) => e.error !== null).length;
    const stranded = made.filter((e) => e.pending === 1).length;
    const onServer = await serverEvents(server, token, inventory.id);
    const serverIds = new Map<string, number>();
    for (const e of onServer) serverIds.set(e.id, (serverIds.get(e.id) ?? 0) + 1);
    const madeIds = new Set(made.map((e) => e.id));
    const lost = made.filter((e) => !serverIds.has(e.id)).length;
    let duplicated = [...serverIds.values()].reduce((n, c) => n + c - 1, 0);
    // The same (device, seq) under two ids, on the server or on a device, is a double too.
    for (const list of [onServer, made] as const) {
      const bySeq = new Map<string, Set<string>>();
      for (const e of list) {
        const ids = bySeq.get(`${e.deviceId} ${e.seq}`) ?? new Set<string>();
        ids.add(e.id);
        bySeq.set(`${e.deviceId} ${e.seq}`, ids);
      }
      for (const ids of bySeq.values()) duplicated += ids.size - 1;
    }
    const unknown = [...serverIds.keys()].filter((id) => !madeIds.has(id)).length;

    // Lines counted by several devices: a phone shows their team total (the pull works).
    const expected = expectedTotals(made);
    const holders = new Map<string, Set<string>>();
    for (const e of made) holders.set(e.lineKey, (holders.get(e.lineKey) ?? new Set()).add(e.deviceId));
    const shared = pool.filter((l) => (holders.get(l.key)?.size ?? 0) >= 2 && expected.has(l.key));
    let teamTotalShown = false;
    const shownLine = shared[0];
    if (shownLine) {
      const p = phones[0]!.page;
      await p.getByRole('searchbox', { name: /Recherche/ }).fill(shownLine.itemRef);
      // Counts here are whole and small (no thousands separator): "Total 17".
      const want = `Total ${expected.get(shownLine.key)! / 1000n}`;
      const row = lineRow(p, shownLine);
      const until = Date.now() + 30_000;
      while (!teamTotalShown && Date.now() < until) {
        teamTotalShown = ((await row.textContent()) ?? '').includes(want);
        if (!teamTotalShown) {
          await p.evaluate(() => dispatchEvent(new Event('online')));
          await sleep(1_000);
        }
      }
    }

    // The supervisor's devices view lists every phone that counted, none holding anything now.
    const sp = phones[0]!.page;
    await menuAction(sp, 'Appareils et progression');
    const devicesTable = sp.getByRole('table', { name: 'Appareils' });
    await devicesTable.waitFor();
    for (const id of new Set(made.map((e) => e.deviceId))) {
      const unsentCell = devicesTable.locator(`tr[data-device="${id}"]`).getByTestId('device-unsent');
      if ((await unsentCell.textContent({ timeout: 10_000 })) !== '0')
        throw new Error(`the devices view does not show device ${id} with 0 unsent`);
    }
    // A phone in a pocket reports 2 counts it could not send: Clôturer names it, and
    // Clôturer quand même closes (its counts would arrive late).
    const counterToken = await server.login(DEMO.counter);
    const report = await server.api('POST', `/api/inventories/${inventory.id}/counts`, {
      token: counterToken,
      body: { deviceId: 'phone-in-a-pocket', unsent: 2, events: [] },
    });
    if (report.status >= 300) throw new Error(`unsent report: HTTP ${report.status}`);
    await sp.getByRole('link', { name: 'Retour' }).click();
    await menuAction(sp, 'Clôturer');
    await sp.getByRole('dialog').getByRole('button', { name: 'Oui' }).click();
    const warning = sp.getByRole('dialog', { name: 'Des comptages ne sont pas encore arrivés' });
    await warning.getByText('compteur (appareil phone-in) : 2 non envoyés').waitFor();
    await warning.getByRole('button', { name: 'Clôturer quand même' }).click();
    await sp.getByRole('heading', { name: 'Récapitulatif des mouvements de stock' }).waitFor();
    const recap = (await server.api<RecapDto>('GET', `/api/inventories/${inventory.id}/recap`, { token })).body;
    const recapMismatches: string[] = [];
    const counted = new Map(recap.lines.map((l) => [l.key, decimalToScaled(l.counted, 3)]));
    for (const [key, q] of expected)
      if (counted.get(key) !== q) recapMismatches.push(`${key}: recap ${counted.get(key)} ≠ events ${q}`);
    // recap.lines holds the counted lines only: one the devices never counted (or withdrew) is wrong there.
    for (const key of counted.keys())
      if (!expected.has(key)) recapMismatches.push(`${key}: counted in the recap, not by any device's events`);

    const pageErrors = phones.flatMap((p) => p.device.errors.filter((e) => e.startsWith('pageerror')));
    return {
      seed: options.seed,
      devices: phones.length,
      steps: step,
      made: made.length,
      stored: onServer.length,
      lost,
      duplicated,
      refused,
      stranded,
      disturbances,
      quotaFull,
      quotaMismatches,
      unknown,
      recapMismatches,
      sharedLines: shared.length,
      teamTotalShown,
      kills,
      reloadsInPush,
      offlineToggles,
      pageErrors,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    for (const p of phones) await p.device.close().catch(() => undefined);
  }
}
