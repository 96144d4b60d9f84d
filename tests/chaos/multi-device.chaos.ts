/**
 * The multi-device scenario of tests/e2e/multi-device.test.ts, longer and wider: more
 * phones, more steps, for as many minutes as asked (CHAOS_MINUTES, CHAOS_DEVICES,
 * CHAOS_SEED, set by tests/chaos/run.ts from `npm run chaos -- --minutes N --devices K
 * --seed S`). Prints the same figures, then asserts them as the short test does.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { figuresLine, runMultiDevice } from '../e2e/support/multiDevice';
import { startE2eServer, type E2eServer } from '../e2e/support/server';

const minutes = Number(process.env.CHAOS_MINUTES ?? 3);
const devices = Number(process.env.CHAOS_DEVICES ?? 3);
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);

let server: E2eServer;

beforeAll(async () => {
  server = await startE2eServer();
});

afterAll(async () => {
  await server?.dispose();
});

it(`chaos: ${devices} devices for ${minutes} min, seed ${seed}`, async () => {
  console.log(`chaos: seed ${seed}, ${devices} devices, ${minutes} min (--seed ${seed} replays the script)`);
  const report = await runMultiDevice(server, {
    seed,
    devices,
    steps: Number.MAX_SAFE_INTEGER,
    durationMs: minutes * 60_000,
    poolSize: 4 + 2 * devices,
    log: (line) => console.log(line),
  });
  console.log(
    `chaos: ${report.steps} steps, ${report.kills} server kills, ${report.reloadsInPush} reloads in a push, ` +
      `${report.offlineToggles} network toggles, ${report.sharedLines} lines counted on several devices, ` +
      `${report.seconds} s`,
  );
  console.log(figuresLine(report));
  expect(report.lost).toBe(0);
  expect(report.duplicated).toBe(0);
  expect(report.unknown).toBe(0);
  expect(report.recapMismatches).toEqual([]);
  expect(report.pageErrors).toEqual([]);
});
