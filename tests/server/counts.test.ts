/**
 * Count events on the real database: idempotent by event id, per-device registers merged
 * by highest seq and summed over devices, late events kept apart, and a bad event
 * refusing its whole batch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CountsPageDto, InventoryDto, LineDto, LocationDto, RecapDto, RecapLineDto } from '../../src/core/api/dto';
import { createInventory, dbSnapshot, event, expectError, figures, getLines, push, fileServer } from './support';

const { server, sup, counter } = await fileServer();

/** A fresh counting inventory at the location (whatever was open there is cancelled). */
async function freshInventory(
  locationId: number,
  kind: 'articles' | 'pieces',
): Promise<{ inv: InventoryDto; lines: LineDto[] }> {
  const locations = (await server.call('GET', '/api/locations', { token: sup })).json<LocationDto[]>();
  const frozenBy = locations.find((l) => l.id === locationId)?.frozenBy;
  if (frozenBy) {
    const res = await server.call('POST', `/api/inventories/${frozenBy}/cancel`, { token: sup });
    expect(res.status).toBe(200);
  }
  const inv = await createInventory(server, { name: `Comptage ${kind}`, locationId, kind });
  return { inv, lines: await getLines(server, inv.id) };
}

async function recap(inventoryId: number): Promise<RecapDto> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/recap`, { token: sup });
  expect(res.status, res.body).toBe(200);
  return res.json<RecapDto>();
}

async function recapLine(inventoryId: number, key: string): Promise<RecapLineDto | undefined> {
  const r = await recap(inventoryId);
  return [...r.lines, ...r.uncounted].find((l) => l.key === key);
}

function pcsLines(lines: readonly LineDto[]): LineDto[] {
  return lines.filter((l) => l.unit === 'pcs' && l.serial === null);
}

async function storedEvents(ids: readonly string[]): Promise<number> {
  const [row] = await server.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM count_events WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return row?.n ?? -1;
}

describe('count events', () => {
  let inv: InventoryDto;
  let lines: LineDto[];

  beforeAll(async () => {
    ({ inv, lines } = await freshInventory(1, 'articles'));
  });

  it('are idempotent: the same batch twice is stored once', async () => {
    const [a, b, c] = pcsLines(lines) as [LineDto, LineDto, LineDto];
    const batch = [event(a.key, 1, 1), event(b.key, 2, 2), event(c.key, 3, 3)];
    expect(await push(server, counter, inv.id, 'idem-1', batch)).toEqual({ accepted: 3, duplicates: 0, late: 0 });
    const before = await dbSnapshot(server);
    expect(await push(server, counter, inv.id, 'idem-1', batch)).toEqual({ accepted: 0, duplicates: 3, late: 0 });
    expect(await dbSnapshot(server)).toEqual(before);
    expect(await storedEvents(batch.map((e) => e.id))).toBe(3);
    // An id in upper case is the same UUID.
    const upper = batch.map((e) => ({ ...e, id: e.id.toUpperCase() }));
    expect(await push(server, counter, inv.id, 'idem-1', upper)).toEqual({ accepted: 0, duplicates: 3, late: 0 });
    expect((await recapLine(inv.id, b.key))?.counted).toBe('2.000');
  });

  it('are idempotent within one batch: the same id twice is one event', async () => {
    const line = pcsLines(lines)[3] as LineDto;
    const e = event(line.key, 4, 10);
    expect(await push(server, counter, inv.id, 'idem-2', [e, e])).toEqual({ accepted: 1, duplicates: 1, late: 0 });
    expect(await storedEvents([e.id])).toBe(1);
    const page = (await server.call('GET', `/api/inventories/${inv.id}/counts`, { token: sup })).json<CountsPageDto>();
    expect(page.events.filter((x) => x.id === e.id)).toHaveLength(1);
  });

  it('merges two devices on one line by adding their counts', async () => {
    const line = pcsLines(lines)[4] as LineDto;
    await push(server, counter, inv.id, 'merge-A', [event(line.key, 3, 1, 'Alice')]);
    await push(server, sup, inv.id, 'merge-B', [event(line.key, 4, 1, 'Bob')]);
    let r = await recapLine(inv.id, line.key);
    expect(r?.counted).toBe('7.000');
    expect(r?.devices.map((d) => [d.deviceId, d.counter, d.qty])).toEqual([
      // The counter is the logged-in user, whatever name the client wrote.
      ['merge-A', 'compteur', '3.000'],
      ['merge-B', 'superviseur', '4.000'],
    ]);
    // A device's new count replaces its own part only.
    await push(server, counter, inv.id, 'merge-A', [event(line.key, 5, 2, 'Alice')]);
    r = await recapLine(inv.id, line.key);
    expect(r?.counted).toBe('9.000');
    expect(r?.devices.map((d) => d.qty)).toEqual(['5.000', '4.000']);
  });

  it("keeps a device's newest seq even when an older one arrives later", async () => {
    const [line, other] = pcsLines(lines).slice(5) as [LineDto, LineDto];
    const newer = event(line.key, 8, 10);
    const older = event(line.key, 2, 5);
    await push(server, counter, inv.id, 'order-C', [newer]);
    expect(await push(server, counter, inv.id, 'order-C', [older])).toEqual({ accepted: 1, duplicates: 0, late: 0 });
    expect((await recapLine(inv.id, line.key))?.counted).toBe('8.000');
    // Both events are kept in the log.
    expect(await storedEvents([newer.id, older.id])).toBe(2);

    // The same within one batch, newest first.
    await push(server, counter, inv.id, 'order-D', [event(other.key, 6, 9), event(other.key, 1, 3)]);
    expect((await recapLine(inv.id, other.key))?.counted).toBe('6.000');
  });

  it('refuses a batch with a decimal quantity on a "pcs" line and stores none of it', async () => {
    const [ok, bad] = pcsLines(lines).slice(7) as [LineDto, LineDto];
    const batch = [event(ok.key, 1, 1), event(bad.key, '1.5', 2)];
    const before = await dbSnapshot(server);
    const error = expectError(
      await server.call('POST', `/api/inventories/${inv.id}/counts`, {
        token: counter,
        body: { deviceId: 'pcs-E', events: batch },
      }),
      400,
      'invalid_quantity',
    );
    expect(error.message).toContain('events[1]');
    expect(await dbSnapshot(server)).toEqual(before);
    expect(await storedEvents(batch.map((e) => e.id))).toBe(0);
  });

  it('refuses an unknown line key with unknown_line', async () => {
    const good = pcsLines(lines)[9] as LineDto;
    const before = await dbSnapshot(server);
    const error = expectError(
      await server.call('POST', `/api/inventories/${inv.id}/counts`, {
        token: counter,
        body: { deviceId: 'unk-F', events: [event(good.key, 1, 1), event('NOPE-1|A-01-1||', 1, 2)] },
      }),
      400,
      'unknown_line',
    );
    expect(error.details).toEqual({ index: 1, lineKey: 'NOPE-1|A-01-1||' });
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('accepts a JSON number and a decimal string on a decimal-unit line, exactly', async () => {
    const line = lines.find((l) => ['m', 'kg', 'l'].includes(l.unit) && l.serial === null);
    expect(line, 'demo data has lines in m, kg or l').toBeDefined();
    const key = (line as LineDto).key;
    expect(await push(server, counter, inv.id, 'dec-G', [event(key, 0.1, 1)])).toMatchObject({ accepted: 1 });
    expect(await push(server, counter, inv.id, 'dec-H', [event(key, '0.1', 1)])).toMatchObject({ accepted: 1 });
    expect(await push(server, counter, inv.id, 'dec-I', [event(key, 0.2, 1)])).toMatchObject({ accepted: 1 });
    const r = await recapLine(inv.id, key);
    expect(r?.counted).toBe('0.400');
    expect(r?.devices.map((d) => d.qty)).toEqual(['0.100', '0.100', '0.200']);
    const page = (await server.call('GET', `/api/inventories/${inv.id}/counts`, { token: sup })).json<CountsPageDto>();
    expect(page.events.filter((e) => e.lineKey === key).map((e) => e.qty)).toEqual(['0.100', '0.100', '0.200']);
  });
});

describe('serial-numbered lines', () => {
  let inv: InventoryDto;
  let serials: LineDto[];

  beforeAll(async () => {
    const fresh = await freshInventory(2, 'pieces');
    inv = fresh.inv;
    serials = fresh.lines.filter((l) => l.serial !== null);
    expect(serials.length).toBeGreaterThan(2);
  });

  it('refuses a quantity of 2 (serial_quantity) and the batch stores nothing', async () => {
    const [a, b] = serials as [LineDto, LineDto];
    const batch = [event(a.key, 1, 1), event(b.key, 2, 2)];
    const before = await dbSnapshot(server);
    const error = expectError(
      await server.call('POST', `/api/inventories/${inv.id}/counts`, {
        token: counter,
        body: { deviceId: 'serial-A', events: batch },
      }),
      400,
      'serial_quantity',
    );
    expect(error.message).toContain(b.serial ?? '');
    expect(await dbSnapshot(server)).toEqual(before);
    expect(await storedEvents(batch.map((e) => e.id))).toBe(0);
  });

  it('accepts 0 and 1, and a decimal is refused', async () => {
    const [a, b, c] = serials as [LineDto, LineDto, LineDto];
    expect(await push(server, counter, inv.id, 'serial-B', [event(a.key, 1, 1), event(b.key, '0', 2)])).toMatchObject({
      accepted: 2,
    });
    expect((await recapLine(inv.id, a.key))?.counted).toBe('1.000');
    expect((await recapLine(inv.id, b.key))?.counted).toBe('0.000');
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/counts`, {
        token: counter,
        body: { deviceId: 'serial-B', events: [event(c.key, 0.5, 3)] },
      }),
      400,
      'serial_quantity',
    );
  });
});

describe('late events', () => {
  it('are kept after the close, shown as late, and never change the recap', async () => {
    const { inv, lines } = await freshInventory(1, 'articles');
    const [line, other] = pcsLines(lines) as [LineDto, LineDto];
    await push(server, counter, inv.id, 'late-A', [event(line.key, 5, 1)]);
    const close = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup });
    expect(close.status, close.body).toBe(200);
    const atClose = close.json<RecapDto>();
    expect(atClose.lines.map((l) => [l.key, l.counted])).toEqual([[line.key, '5.000']]);

    const late = [event(line.key, 50, 2), event(other.key, 3, 3)];
    expect(await push(server, counter, inv.id, 'late-A', late)).toEqual({ accepted: 2, duplicates: 0, late: 2 });
    // Another device, never seen before the close: late too.
    expect(await push(server, counter, inv.id, 'late-B', [event(line.key, 1, 1)])).toEqual({
      accepted: 1,
      duplicates: 0,
      late: 1,
    });
    // Pushed again: a duplicate, not a second late event.
    expect(await push(server, counter, inv.id, 'late-A', late)).toEqual({ accepted: 0, duplicates: 2, late: 0 });

    // The figures stay those of the close; the late events are reported apart.
    const afterLate = await recap(inv.id);
    expect(figures(afterLate)).toEqual(figures(atClose));
    expect(afterLate.totals.lateEvents).toBe(3);
    expect(afterLate.lines.find((l) => l.key === line.key)?.late).toBe(true);
    expect(afterLate.uncounted.find((l) => l.key === other.key)?.late).toBe(true);
    expect(atClose.totals.lateEvents).toBe(0);
    // Listing only the first uncounted lines (as the app asks) changes none of that.
    const listed = (
      await server.call('GET', `/api/inventories/${inv.id}/recap?uncounted=500`, { token: sup })
    ).json<RecapDto>();
    expect(listed).toEqual({ ...afterLate, uncounted: afterLate.uncounted.slice(0, 500) });
    const page = (await server.call('GET', `/api/inventories/${inv.id}/counts`, { token: sup })).json<CountsPageDto>();
    expect(page.events.map((e) => [e.deviceId, e.qty, e.late])).toEqual([
      ['late-A', '5.000', false],
      ['late-A', '50.000', true],
      ['late-A', '3.000', true],
      ['late-B', '1.000', true],
    ]);

    // Applying uses the count at close, not the late one.
    const apply = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(apply.status, apply.body).toBe(200);
    const [row] = await server.db.query<{ qty: string }>(
      `SELECT qty::text AS qty FROM stock_lines WHERE location_id = 1 AND item_ref = $1 AND bin = $2 AND lot = '' AND serial = ''`,
      [line.itemRef, line.bin],
    );
    expect(row?.qty).toBe('5.000');
    expect(await push(server, counter, inv.id, 'late-A', [event(line.key, 7, 4)])).toMatchObject({ late: 1 });
  });

  it('after an apply: the recap the apply computed is served until a late event lands', async () => {
    const { inv, lines } = await freshInventory(1, 'articles');
    const [line, other] = pcsLines(lines) as [LineDto, LineDto];
    await push(server, counter, inv.id, 'kept-A', [event(line.key, 5, 1)]);
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup })).status).toBe(200);
    const atApply = await recap(inv.id);
    expect((await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup })).status).toBe(200);
    const counted = async (): Promise<RecapDto> => {
      const res = await server.call('GET', `/api/inventories/${inv.id}/recap?uncounted=0`, { token: sup });
      expect(res.status, res.body).toBe(200);
      return res.json<RecapDto>();
    };
    expect(await counted()).toEqual({ ...atApply, uncounted: [] });

    // Changed behind the server's back (no event, so no new cursor): the kept recap is what
    // is served — proof it is not computed again — while a recap with uncounted lines is.
    await server.db.query('UPDATE count_registers SET qty = 6 WHERE inventory_id = $1', [inv.id]);
    expect((await counted()).lines.map((l) => l.counted)).toEqual(['5.000']);
    expect((await recap(inv.id)).lines.map((l) => l.counted)).toEqual(['6.000']);

    // A late event moves the cursor: computed again, with the late event reported.
    expect(await push(server, counter, inv.id, 'kept-A', [event(other.key, 2, 2)])).toMatchObject({ late: 1 });
    const afterLate = await counted();
    expect(afterLate.lines.map((l) => l.counted)).toEqual(['6.000']);
    expect(afterLate.totals.lateEvents).toBe(1);
  });

  it('are taken into the count when the supervisor reopens, and stay flagged late', async () => {
    const { inv, lines } = await freshInventory(2, 'articles');
    const [line, other] = pcsLines(lines) as [LineDto, LineDto];
    await push(server, counter, inv.id, 'reopen-A', [event(line.key, 5, 1)]);
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup })).status).toBe(200);
    // Counted while closed: a newer count of the same line, an older one that must not win, another line.
    const late = [event(line.key, 9, 3), event(line.key, 7, 2), event(other.key, 4, 4)];
    expect(await push(server, counter, inv.id, 'reopen-A', late)).toMatchObject({ accepted: 3, late: 3 });
    expect((await recap(inv.id)).lines.map((l) => [l.key, l.counted])).toEqual([[line.key, '5.000']]);

    expect((await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup })).status).toBe(200);
    const counted = new Map((await recap(inv.id)).lines.map((l) => [l.key, l.counted]));
    expect(counted.get(line.key)).toBe('9.000');
    expect(counted.get(other.key)).toBe('4.000');
    const page = (await server.call('GET', `/api/inventories/${inv.id}/counts`, { token: sup })).json<CountsPageDto>();
    expect(page.events.filter((e) => e.late)).toHaveLength(3);
    // Reopening twice folds nothing twice: the counts are registers, not sums of events.
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup })).status).toBe(200);
    expect((await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup })).status).toBe(200);
    expect(new Map((await recap(inv.id)).lines.map((l) => [l.key, l.counted])).get(line.key)).toBe('9.000');
  });
});
