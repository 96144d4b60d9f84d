/**
 * The multi-device scenario of tests/e2e/multi-device.test.ts, longer, wider and under
 * faults (CHAOS_MINUTES, CHAOS_DEVICES, CHAOS_SEED, set by tests/chaos/run.ts from `npm
 * run chaos -- --minutes N --devices K --seed S`). Besides the network cuts, reloads in a
 * push and server SIGKILLs of the short test, the phones talk to the server through a
 * seeded fault proxy (faultProxy.ts: 500, 502 HTML, 429 + Retry-After, 413, cut answers,
 * resets, 5 s stalls), counter phones' clocks are hours off, one phone has a second tab
 * counting, the supervisor pushes as a counter's device id, a counter phone's storage is
 * full now and then (Chromium's quota override) while it keeps counting, and — on
 * PostgreSQL (TEST_DATABASE_URL) — the database stops and restarts behind the live server
 * (dbOutage.ts). Prints `events made M / stored S / lost L / duplicated D / refused R /
 * stranded T` and each fault's and disturbance's count, then asserts lost, duplicated,
 * refused, stranded 0 and made = stored. A count the full phone refused (on screen, with
 * the "device full" message) was never made: it is in no count above, and the run checks
 * the phone stored nothing for it — and that every count it showed saved is stored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { figuresLine, runMultiDevice } from '../e2e/support/multiDevice';
import { startE2eServer, type E2eServer } from '../e2e/support/server';
import { createDatabase, databaseUrl, dropDatabases } from '../setup/postgres';
import { startDbRelay, type DbRelay } from './dbOutage';
import { FAULTS, startFaultProxy, type FaultProxy } from './faultProxy';

const minutes = Number(process.env.CHAOS_MINUTES ?? 3);
const devices = Number(process.env.CHAOS_DEVICES ?? 3);
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const pgUrl = process.env.TEST_DATABASE_URL;

let server: E2eServer;
let proxy: FaultProxy;
let relay: DbRelay | undefined;
let pgName: string | undefined;

beforeAll(async () => {
  let databaseUrlForServer: string | undefined;
  if (pgUrl) {
    pgName = `decompte_chaos_${process.pid}_${seed}`;
    await createDatabase(pgUrl, pgName);
    relay = await startDbRelay(databaseUrl(pgUrl, pgName));
    databaseUrlForServer = relay.url;
  }
  server = await startE2eServer(databaseUrlForServer ? { databaseUrl: databaseUrlForServer } : {});
  proxy = await startFaultProxy(server.url, { seed, rate: 0.2 });
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  await server?.dispose();
  await relay?.close();
  if (pgUrl && pgName) await dropDatabases(pgUrl, [pgName]);
});

it(`chaos: ${devices} devices for ${minutes} min, seed ${seed}`, async () => {
  console.log(
    `chaos: seed ${seed}, ${devices} devices, ${minutes} min, database ${relay ? 'PostgreSQL (with outages)' : 'embedded (no outages: TEST_DATABASE_URL unset)'} (--seed ${seed} replays the script)`,
  );
  const report = await runMultiDevice(server, {
    seed,
    devices,
    steps: Number.MAX_SAFE_INTEGER,
    durationMs: minutes * 60_000,
    poolSize: 4 + 2 * devices,
    appUrl: proxy.url,
    finalSyncMs: 180_000,
    extras: {
      clockOffsetsHours: [5, -7],
      secondTab: true,
      spoof: true,
      quotaFull: true,
      ...(relay ? { dbOutage: relay } : {}),
    },
    log: (line) => console.log(line),
  });
  console.log(
    `chaos: ${report.steps} steps, ${report.kills} server kills, ${report.reloadsInPush} reloads in a push, ` +
      `${report.offlineToggles} network toggles, ${report.sharedLines} lines counted on several devices, ` +
      `${report.seconds} s`,
  );
  console.log(
    `chaos faults: ${FAULTS.map((f) => `${f} ×${proxy.counts[f]}`).join(', ')}, quota full ×${report.quotaFull}; ` +
      `${proxy.passed} sync calls untouched`,
  );
  console.log(
    `chaos disturbances: ${
      Object.entries(report.disturbances)
        .map(([what, n]) => `${what} ×${n}`)
        .join(', ') || 'none'
    }`,
  );
  console.log(figuresLine(report));
  expect(report.lost).toBe(0);
  expect(report.duplicated).toBe(0);
  expect(report.refused).toBe(0);
  expect(report.stranded).toBe(0);
  expect(report.stored).toBe(report.made);
  expect(report.unknown).toBe(0);
  expect(report.recapMismatches).toEqual([]);
  expect(report.pageErrors).toEqual([]);
  expect(Object.keys(report.disturbances).filter((k) => k.startsWith('spoofed pushes answered'))).toEqual([]);
  // The phone was full at least once, refused at least one count per time (the last try of
  // each comes after the quota is enforced), and never said "saved" without storing it.
  expect(report.quotaFull).toBeGreaterThanOrEqual(1);
  expect(report.disturbances['counts refused: storage full'] ?? 0).toBeGreaterThanOrEqual(report.quotaFull);
  expect(report.quotaMismatches).toEqual([]);
});
