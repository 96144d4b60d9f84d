/**
 * Bins as a checklist on the real database: each bin not visited, counted (a line of it
 * has a count from any device) or confirmed empty; "bin empty" checks are per-device
 * registers (highest seq wins, repeats ignored), refused for an unknown bin (the whole
 * batch) and once the inventory is no longer counting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  BinChecksPushDto,
  BinChecksPushResultDto,
  BinDto,
  InventoryDto,
  LineDto,
  LocationDto,
  RecapDto,
} from '../../src/core/api/dto';
import { binChecklist } from '../../src/core/bins';
import { createInventory, event, expectError, getLines, push, fileServer } from './support';

const { server, sup, counter, accountant } = await fileServer();

type Check = BinChecksPushDto['checks'][number];

const check = (bin: string, empty: boolean, seq: number, counter = 'Test'): Check => ({
  bin,
  empty,
  seq,
  counter,
  at: new Date(Date.UTC(2026, 0, 5, 10, 0, seq % 60)).toISOString(),
});

/** A fresh counting inventory at the location (whatever was open there is cancelled). */
async function freshInventory(locationId: number): Promise<{ inv: InventoryDto; lines: LineDto[] }> {
  const locations = (await server.call('GET', '/api/locations', { token: sup })).json<LocationDto[]>();
  const frozenBy = locations.find((l) => l.id === locationId)?.frozenBy;
  if (frozenBy) {
    const res = await server.call('POST', `/api/inventories/${frozenBy}/cancel`, { token: sup });
    expect(res.status, res.body).toBe(200);
  }
  const inv = await createInventory(server, { name: 'Bacs', locationId, kind: 'articles' });
  return { inv, lines: await getLines(server, inv.id) };
}

async function bins(inventoryId: number, token = sup): Promise<Map<string, BinDto>> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/bins`, { token });
  expect(res.status, res.body).toBe(200);
  return new Map(res.json<BinDto[]>().map((b) => [b.code, b]));
}

async function pushChecks(
  inventoryId: number,
  deviceId: string,
  checks: readonly Check[],
  token = counter,
): Promise<BinChecksPushResultDto> {
  const res = await server.call('POST', `/api/inventories/${inventoryId}/bins`, { token, body: { deviceId, checks } });
  expect(res.status, res.body).toBe(200);
  return res.json<BinChecksPushResultDto>();
}

async function storedChecks(inventoryId: number): Promise<string> {
  const rows = await server.db.query<{ r: string }>(
    `SELECT bin || '/' || device_id || '/' || empty || '/' || seq AS r FROM bin_checks
     WHERE inventory_id = $1 ORDER BY bin, device_id`,
    [inventoryId],
  );
  return rows.map((x) => x.r).join(',');
}

async function locationBins(locationId: number): Promise<string[]> {
  const rows = await server.db.query<{ code: string }>('SELECT code FROM bins WHERE location_id = $1', [locationId]);
  return rows.map((r) => r.code);
}

/** Two bins with lines, and one bin of the location without any line. */
function pickBins(lines: readonly LineDto[], all: readonly string[]): { a: string; b: string; bare: string } {
  const withLines = [...new Set(lines.map((l) => l.bin))];
  const bare = all.find((code) => !withLines.includes(code));
  const [a, b] = withLines as [string, string];
  expect(a && b && bare, 'demo data has bins with and without lines').toBeTruthy();
  return { a, b, bare: bare as string };
}

describe('GET /inventories/:id/bins', () => {
  let inv: InventoryDto;
  let lines: LineDto[];
  let all: string[];

  beforeAll(async () => {
    ({ inv, lines } = await freshInventory(1));
    all = await locationBins(1);
  });

  it('lists every bin of the location, sorted by code, none visited at the start', async () => {
    const res = await server.call('GET', `/api/inventories/${inv.id}/bins`, { token: sup });
    expect(res.status, res.body).toBe(200);
    const list = res.json<BinDto[]>();
    const codes = list.map((b) => b.code);
    expect(codes).toEqual([...all].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(list.every((b) => b.state === 'not_visited' && b.countedLines === 0 && b.emptyBy.length === 0)).toBe(true);
    expect(list.reduce((n, b) => n + b.lines, 0)).toBe(lines.length);
    const { a } = pickBins(lines, all);
    expect(list.find((b) => b.code === a)?.lines).toBe(lines.filter((l) => l.bin === a).length);
  });

  it('goes from not visited to counted (any device) or empty, and counted wins over empty', async () => {
    const { a, b, bare } = pickBins(lines, all);
    const lineOfA = lines.find((l) => l.bin === a && l.unit === 'pcs' && l.serial === null) as LineDto;
    expect(lineOfA).toBeDefined();

    await push(server, sup, inv.id, 'state-count', [event(lineOfA.key, 0, 1)]); // a count of 0 is a count
    expect(await pushChecks(inv.id, 'state-A', [check(b, true, 1, 'Alice'), check(a, true, 2, 'Alice')])).toEqual({
      accepted: 2,
      ignored: 0,
    });
    await pushChecks(inv.id, 'state-B', [check(b, true, 1, 'Bob'), check(bare, true, 2, 'Bob')], sup);

    const after = await bins(inv.id);
    expect(after.get(a)).toEqual({
      code: a,
      state: 'counted',
      lines: lines.filter((l) => l.bin === a).length,
      countedLines: 1,
      emptyBy: ['Alice'],
    });
    expect(after.get(b)).toMatchObject({ state: 'empty', countedLines: 0, emptyBy: ['Alice', 'Bob'] });
    expect(after.get(bare)).toEqual({ code: bare, state: 'empty', lines: 0, countedLines: 0, emptyBy: ['Bob'] });
    expect([...after.values()].filter((x) => x.state !== 'not_visited').map((x) => x.code)).toHaveLength(3);

    // The accountant reads it too.
    expect(await bins(inv.id, accountant)).toEqual(after);
  });

  it('agrees with core binChecklist on the same lines, counts and checks', async () => {
    const recap = (await server.call('GET', `/api/inventories/${inv.id}/recap`, { token: sup })).json<RecapDto>();
    const counted = new Set(recap.lines.map((l) => l.key));
    const checks = await server.db.query<{
      bin: string;
      deviceId: string;
      empty: boolean;
      seq: number;
      counter: string;
      at: string;
    }>(
      `SELECT bin, device_id AS "deviceId", empty, seq::float8 AS seq, counter, at::text AS at
       FROM bin_checks WHERE inventory_id = $1`,
      [inv.id],
    );
    expect(checks.length).toBeGreaterThan(0);
    expect([...(await bins(inv.id)).values()]).toEqual(binChecklist(all, lines, counted, checks));
  });

  it('shows the bin of a line added during the count, even one the location does not list', async () => {
    const template = lines.find((l) => l.lot === null && l.serial === null) as LineDto;
    const res = await server.call('POST', `/api/inventories/${inv.id}/lines`, {
      token: counter,
      body: { itemRef: template.itemRef, bin: 'ZZ-NEW-1' },
    });
    expect(res.status, res.body).toBe(201);
    let list = await bins(inv.id);
    expect(list.get('ZZ-NEW-1')).toEqual({
      code: 'ZZ-NEW-1',
      state: 'not_visited',
      lines: 1,
      countedLines: 0,
      emptyBy: [],
    });
    expect([...list.keys()].at(-1)).toBe('ZZ-NEW-1');
    expect(list.size).toBe(all.length + 1);

    // It can be checked, and counted.
    await pushChecks(inv.id, 'added-A', [check('ZZ-NEW-1', true, 1)]);
    expect((await bins(inv.id)).get('ZZ-NEW-1')?.state).toBe('empty');
    await push(server, counter, inv.id, 'added-A', [event(res.json<LineDto>().key, 2, 2)]);
    list = await bins(inv.id);
    expect(list.get('ZZ-NEW-1')).toMatchObject({ state: 'counted', lines: 1, countedLines: 1 });
  });

  it('answers 404 for an unknown inventory and 401 without a token', async () => {
    expectError(await server.call('GET', '/api/inventories/999999/bins', { token: sup }), 404, 'not_found');
    expectError(await server.call('GET', `/api/inventories/${inv.id}/bins`), 401, 'unauthenticated');
  });
});

describe('POST /inventories/:id/bins', () => {
  let inv: InventoryDto;
  let a: string;
  let b: string;
  let bare: string;

  beforeAll(async () => {
    const fresh = await freshInventory(2);
    inv = fresh.inv;
    ({ a, b, bare } = pickBins(fresh.lines, await locationBins(2)));
  });

  it('un-confirms with a higher seq, and ignores a lower seq arriving later', async () => {
    expect(await pushChecks(inv.id, 'seq-A', [check(a, true, 5, 'Alice')])).toEqual({ accepted: 1, ignored: 0 });
    expect((await bins(inv.id)).get(a)?.state).toBe('empty');

    expect(await pushChecks(inv.id, 'seq-A', [check(a, false, 7, 'Alice')])).toEqual({ accepted: 1, ignored: 0 });
    expect((await bins(inv.id)).get(a)).toMatchObject({ state: 'not_visited', emptyBy: [] });

    // An older "empty" from the same device (seq 6 < 7) changes nothing.
    expect(await pushChecks(inv.id, 'seq-A', [check(a, true, 6, 'Alice')])).toEqual({ accepted: 0, ignored: 1 });
    expect((await bins(inv.id)).get(a)?.state).toBe('not_visited');
    expect(await storedChecks(inv.id)).toBe(`${a}/seq-A/false/7`);

    // Another device's confirmation is its own register.
    await pushChecks(inv.id, 'seq-B', [check(a, true, 1, 'Bob')]);
    expect((await bins(inv.id)).get(a)).toMatchObject({ state: 'empty', emptyBy: ['Bob'] });
  });

  it('keeps the newest check of a bin within one batch, whatever the order', async () => {
    expect(await pushChecks(inv.id, 'batch-C', [check(b, false, 9), check(b, true, 8), check(bare, true, 3)])).toEqual({
      accepted: 2,
      ignored: 1,
    });
    const list = await bins(inv.id);
    expect(list.get(b)?.state).toBe('not_visited');
    expect(list.get(bare)?.state).toBe('empty');
  });

  it('is idempotent: the same checks twice change nothing the second time', async () => {
    const batch = [check(b, true, 20, 'Chloé'), check(bare, false, 21, 'Chloé')];
    expect(await pushChecks(inv.id, 'idem-D', batch)).toEqual({ accepted: 2, ignored: 0 });
    const stored = await storedChecks(inv.id);
    const [receivedAt] = await server.db.query<{ t: string }>(
      `SELECT string_agg(received_at::text, ',' ORDER BY bin) AS t FROM bin_checks WHERE device_id = 'idem-D'`,
    );
    expect(await pushChecks(inv.id, 'idem-D', batch)).toEqual({ accepted: 0, ignored: 2 });
    expect(await storedChecks(inv.id)).toBe(stored);
    const [again] = await server.db.query<{ t: string }>(
      `SELECT string_agg(received_at::text, ',' ORDER BY bin) AS t FROM bin_checks WHERE device_id = 'idem-D'`,
    );
    expect(again).toEqual(receivedAt);
    expect(await pushChecks(inv.id, 'idem-D', [])).toEqual({ accepted: 0, ignored: 0 });
  });

  it('refuses a batch naming an unknown bin, and stores none of it', async () => {
    const before = await storedChecks(inv.id);
    const error = expectError(
      await server.call('POST', `/api/inventories/${inv.id}/bins`, {
        token: counter,
        body: { deviceId: 'unk-E', checks: [check(a, true, 1), check('NO-SUCH-BIN', true, 2)] },
      }),
      400,
      'unknown_bin',
    );
    expect(error.details).toEqual({ index: 1, bin: 'NO-SUCH-BIN' });
    expect(error.message).toContain('checks[1]');
    expect(await storedChecks(inv.id)).toBe(before);
    // A bin of the other location is unknown here too.
    const here = await locationBins(2);
    const other = (await locationBins(1)).find((code) => !here.includes(code)) as string;
    expect(other).toBeDefined();
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/bins`, {
        token: counter,
        body: { deviceId: 'unk-E', checks: [check(other, true, 3)] },
      }),
      400,
      'unknown_bin',
    );
    expect(await storedChecks(inv.id)).toBe(before);
  });

  it('validates the body like count pushes', async () => {
    const bad: [string, unknown][] = [
      ['unknown field', { deviceId: 'v', checks: [{ ...check(a, true, 1), qty: 1 }] }],
      ['extra top-level field', { deviceId: 'v', checks: [], extra: 1 }],
      ['bad device id', { deviceId: 'no spaces', checks: [] }],
      ['seq 0', { deviceId: 'v', checks: [check(a, true, 0)] }],
      ['seq 1.5', { deviceId: 'v', checks: [{ ...check(a, true, 1), seq: 1.5 }] }],
      ['empty as text', { deviceId: 'v', checks: [{ ...check(a, true, 1), empty: 'true' }] }],
      ['not a time', { deviceId: 'v', checks: [{ ...check(a, true, 1), at: 'yesterday' }] }],
      // Valid RFC 3339 that PostgreSQL's timestamptz cannot hold: a 400, not a 500.
      ['year 0000', { deviceId: 'v', checks: [{ ...check(a, true, 1), at: '0000-01-01T00:00:00Z' }] }],
      ['offset +16:00', { deviceId: 'v', checks: [{ ...check(a, true, 1), at: '2026-01-05T10:00:00+16:00' }] }],
      ['long counter', { deviceId: 'v', checks: [{ ...check(a, true, 1), counter: 'x'.repeat(101) }] }],
      ['long bin', { deviceId: 'v', checks: [{ ...check(a, true, 1), bin: 'x'.repeat(65) }] }],
      ['control character', { deviceId: 'v', checks: [{ ...check(a, true, 1), bin: 'A\u0000' }] }],
      ['too many', { deviceId: 'v', checks: Array.from({ length: 5001 }, (_, i) => check(a, true, i + 1)) }],
    ];
    const before = await storedChecks(inv.id);
    for (const [what, body] of bad) {
      const res = await server.call('POST', `/api/inventories/${inv.id}/bins`, { token: counter, body });
      expect(res.status, `${what}: ${res.body}`).toBe(400);
      expectError(res, 400, 'invalid_request');
    }
    expect(await storedChecks(inv.id)).toBe(before);
    // Offsets PostgreSQL takes are accepted.
    expect(
      await pushChecks(inv.id, 'tz-F', [{ ...check(a, true, 1), at: '2026-01-05T10:00:00.123456789+15:59' }]),
    ).toEqual({ accepted: 1, ignored: 0 });
  });

  it('admits counters and supervisors, not accountants nor anonymous callers', async () => {
    const body = { deviceId: 'role-G', checks: [check(a, true, 1)] };
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/bins`, { token: accountant, body }),
      403,
      'forbidden',
    );
    expectError(await server.call('POST', `/api/inventories/${inv.id}/bins`, { body }), 401, 'unauthenticated');
    expect(await storedChecks(inv.id)).not.toContain('role-G');
    expect(await pushChecks(inv.id, 'role-G', body.checks, sup)).toEqual({ accepted: 1, ignored: 0 });
    expectError(await server.call('POST', '/api/inventories/999999/bins', { token: counter, body }), 404, 'not_found');
  });

  it('refuses checks once the inventory is closed (not kept as late), and takes them again after a reopen', async () => {
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup })).status).toBe(200);
    const before = await storedChecks(inv.id);
    const error = expectError(
      await server.call('POST', `/api/inventories/${inv.id}/bins`, {
        token: counter,
        body: { deviceId: 'closed-H', checks: [check(b, true, 1)] },
      }),
      409,
      'not_counting',
    );
    expect(error.message).toContain('closed');
    expect(error.message).toContain('not a count');
    expect(await storedChecks(inv.id)).toBe(before);
    // Still readable after the close (batch-C confirmed it empty).
    expect((await bins(inv.id)).get(bare)?.state).toBe('empty');

    expect((await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup })).status).toBe(200);
    expect(await pushChecks(inv.id, 'closed-H', [check(b, true, 1)])).toEqual({ accepted: 1, ignored: 0 });

    expect((await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: sup })).status).toBe(200);
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/bins`, {
        token: counter,
        body: { deviceId: 'closed-H', checks: [check(b, false, 2)] },
      }),
      409,
      'not_counting',
    );
  });
});
