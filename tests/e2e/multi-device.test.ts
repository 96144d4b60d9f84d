/**
 * Two phones count the same inventory, the same lines included, while the test cuts each
 * one off the network and back at random (seeded), reloads a page with its push in
 * flight, and SIGKILLs the server right after a push reached it, then restarts it. At the
 * end, against the phones' own records: every event made is stored on the server exactly
 * once, and the recap's counted quantities are the sums computed from the events. The
 * scenario lives in support/multiDevice.ts; `npm run chaos` runs it longer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figuresLine, runMultiDevice } from './support/multiDevice';
import { startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;

beforeAll(async () => {
  server = await startE2eServer();
});

afterAll(async () => {
  await server?.dispose();
});

describe('several devices, network cuts, reloads and a server crash', () => {
  it('keeps every event exactly once and the recap equal to the events', async () => {
    const seed = Number(process.env.MULTI_DEVICE_SEED ?? 20260501);
    console.log(`multi-device seed ${seed} (MULTI_DEVICE_SEED=${seed} replays the script)`);
    const report = await runMultiDevice(server, {
      seed,
      devices: 2,
      steps: 40,
      durationMs: 40_000,
      poolSize: 6,
      log: (line) => console.log(line),
    });
    console.log(figuresLine(report));
    expect(report.made).toBeGreaterThan(10);
    expect(report.kills).toBeGreaterThanOrEqual(1);
    expect(report.reloadsInPush).toBeGreaterThanOrEqual(1);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.refused).toBe(0);
    expect(report.stranded).toBe(0);
    expect(report.unknown).toBe(0);
    expect(report.stored).toBe(report.made);
    expect(report.recapMismatches).toEqual([]);
    expect(report.sharedLines).toBeGreaterThan(0);
    expect(report.teamTotalShown).toBe(true);
    expect(report.pageErrors).toEqual([]);
  }, 240_000);
});
