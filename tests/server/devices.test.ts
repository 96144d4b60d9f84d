/**
 * The devices taking part in an inventory (issue #5) on the real database: each push and
 * pull is a contact, a push reports what the device still holds unsent, and closing while
 * a device holds unsent events is refused with the devices named — unless forced; events
 * that then arrive are late, reported apart, and join the count when the supervisor reopens.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceStatusDto, DevicesHoldUnsentDetails, RecapDto } from '../../src/core/api/dto';
import { dbSnapshot, event, expectError, freshInventory, getRecap, type FullLineDto, fileServer } from './support';

const { server, sup, counter, accountant } = await fileServer();

const pushWith = async (inventoryId: number, body: object, user?: string) =>
  server.call('POST', `/api/inventories/${inventoryId}/counts`, {
    token: user ? await server.userToken(user) : counter,
    body,
  });

async function devices(inventoryId: number, token = sup): Promise<DeviceStatusDto[]> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/devices`, { token });
  expect(res.status, res.body).toBe(200);
  return res.json<DeviceStatusDto[]>();
}

const pcs = (lines: readonly FullLineDto[]) => lines.filter((l) => l.unit === 'pcs' && l.serial === null);

describe('device status', () => {
  it('records counter, contact, unsent as reported, events and late events per device', async () => {
    const { inv, lines } = await freshInventory(server, { name: 'Appareils', locationId: 1, kind: 'articles' });
    const [a, b] = pcs(lines) as [FullLineDto, FullLineDto];
    expect(await devices(inv.id)).toEqual([]);

    const t0 = Date.now();
    expect(
      (await pushWith(inv.id, { deviceId: 'tab-1', unsent: 4, events: [event(a.key, 1, 1)] }, 'alice')).status,
    ).toBe(200);
    // The name a client writes is ignored: the logged-in user is the counter.
    expect(
      (
        await pushWith(
          inv.id,
          { deviceId: 'tab-2', events: [event(b.key, 2, 1, 'Bob'), event(a.key, 1, 2, 'X')] },
          'bob',
        )
      ).status,
    ).toBe(200);
    // A pull names the device: a contact, the counter and unsent unchanged.
    const pull = await server.call('GET', `/api/inventories/${inv.id}/counts?after=0&deviceId=tab-3`, {
      token: counter,
    });
    expect(pull.status, pull.body).toBe(200);

    const list = await devices(inv.id, accountant);
    expect(list.map((d) => [d.deviceId, d.counter, d.unsent, d.events, d.lateEvents])).toEqual([
      ['tab-1', 'alice', 4, 1, 0],
      ['tab-2', 'bob', 0, 2, 0],
      ['tab-3', 'compteur', 0, 0, 0],
    ]);
    for (const d of list) expect(Date.parse(d.lastContactAt)).toBeGreaterThanOrEqual(t0 - 1000);

    // The next push reports 0: nothing left on the device. A push without `unsent` keeps the figure.
    expect((await pushWith(inv.id, { deviceId: 'tab-1', unsent: 0, events: [] }, 'alice')).status).toBe(200);
    expect((await pushWith(inv.id, { deviceId: 'tab-2', unsent: 3, events: [] }, 'bob')).status).toBe(200);
    expect((await pushWith(inv.id, { deviceId: 'tab-2', events: [] }, 'bob')).status).toBe(200);
    expect((await devices(inv.id)).map((d) => d.unsent)).toEqual([0, 3, 0]);
  });

  it('keeps the newer unsent report when two pushes of a device arrive out of order', async () => {
    const { inv, lines } = await freshInventory(server, { name: 'Appareils ordre', locationId: 1, kind: 'articles' });
    const [a] = pcs(lines) as [FullLineDto];
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();
    // The phone sent everything at :20 (0 left); its older push of :10 (3 left) arrives after.
    const newer = { deviceId: 'tab-o', unsent: 0, unsentAt: at(20), events: [event(a.key, 2, 2, 'Alice')] };
    const older = { deviceId: 'tab-o', unsent: 3, unsentAt: at(10), events: [event(a.key, 1, 1, 'Alice')] };
    expect((await pushWith(inv.id, newer)).status).toBe(200);
    expect((await pushWith(inv.id, older)).status).toBe(200);
    expect((await devices(inv.id)).map((d) => [d.deviceId, d.unsent, d.events])).toEqual([['tab-o', 0, 2]]);
    // So the close is not held by the stale figure.
    const close = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} });
    expect(close.status, close.body).toBe(200);
    // A newer report still replaces it; a malformed time is a 400 that changes nothing.
    const inv2 = await freshInventory(server, { name: 'Appareils ordre 2', locationId: 2, kind: 'articles' });
    const b = pcs(inv2.lines)[0] as FullLineDto;
    const push2 = (unsent: number, unsentAt: string, seq: number) =>
      pushWith(inv2.inv.id, { deviceId: 'tab-p', unsent, unsentAt, events: [event(b.key, seq, seq, 'Bob')] });
    expect((await push2(5, at(10), 1)).status).toBe(200);
    expect((await push2(2, at(30), 2)).status).toBe(200);
    expectError(await push2(9, 'hier', 3), 400);
    expect((await devices(inv2.inv.id)).map((d) => [d.unsent, d.events])).toEqual([[2, 2]]);
  });

  it('counters cannot read it; bad unsent and deviceId are 400', async () => {
    const { inv } = await freshInventory(server, { name: 'Appareils 2', locationId: 1, kind: 'articles' });
    expectError(await server.call('GET', `/api/inventories/${inv.id}/devices`, { token: counter }), 403);
    expectError(await pushWith(inv.id, { deviceId: 'd', unsent: -1, events: [] }), 400);
    expectError(await pushWith(inv.id, { deviceId: 'd', unsent: 1.5, events: [] }), 400);
    expectError(
      await server.call('GET', `/api/inventories/${inv.id}/counts?deviceId=${encodeURIComponent('a b')}`, {
        token: counter,
      }),
      400,
    );
    expectError(await server.call('GET', '/api/inventories/999999/devices', { token: sup }), 404);
  });
});

describe('closing while devices hold unsent events', () => {
  it('409 devices_hold_unsent names them and changes nothing; force closes; late events are kept, shown, and join on reopen', async () => {
    const { inv, lines } = await freshInventory(server, { name: 'Clôture', locationId: 1, kind: 'articles' });
    const [a, b] = pcs(lines) as [FullLineDto, FullLineDto];
    expect(
      (await pushWith(inv.id, { deviceId: 'ph-1', unsent: 2, events: [event(a.key, 5, 1)] }, 'alice')).status,
    ).toBe(200);
    expect((await pushWith(inv.id, { deviceId: 'ph-2', unsent: 0, events: [event(b.key, 1, 1)] }, 'bob')).status).toBe(
      200,
    );

    const before = await dbSnapshot(server);
    const refused = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} });
    const error = expectError(refused, 409, 'devices_hold_unsent');
    expect(error.message).toContain('alice');
    const details = error.details as DevicesHoldUnsentDetails;
    expect(details.devices.map((d) => [d.deviceId, d.counter, d.unsent])).toEqual([['ph-1', 'alice', 2]]);
    expect(await dbSnapshot(server)).toEqual(before);

    const forced = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: { force: true } });
    expect(forced.status, forced.body).toBe(200);
    const atClose = forced.json<RecapDto>();
    expect(atClose.lines.find((l) => l.key === a.key)?.counted).toBe('5.000');

    // ph-1's held events arrive after the close: kept, late, not in the figures.
    const late = [event(a.key, 7, 2, 'Alice'), event(b.key, 4, 3, 'Alice')];
    expect((await pushWith(inv.id, { deviceId: 'ph-1', unsent: 0, events: late }, 'alice')).json()).toEqual({
      accepted: 2,
      duplicates: 0,
      late: 2,
    });
    const closed = await getRecap(server, inv.id);
    expect(closed.totals.lateEvents).toBe(2);
    expect(
      closed.lines
        .filter((l) => l.late)
        .map((l) => l.key)
        .sort(),
    ).toEqual([a.key, b.key].sort());
    expect(closed.lines.find((l) => l.key === a.key)?.counted).toBe('5.000');
    expect(closed.totals.counted).toBe(atClose.totals.counted);
    expect((await devices(inv.id)).map((d) => [d.deviceId, d.unsent, d.events, d.lateEvents])).toEqual([
      ['ph-1', 0, 3, 2],
      ['ph-2', 0, 1, 0],
    ]);

    // Reopen: the late events join the count (still flagged late in the log).
    const reopen = await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup });
    expect(reopen.status, reopen.body).toBe(200);
    const reopened = await getRecap(server, inv.id);
    expect(reopened.totals.lateEvents).toBe(0);
    expect(reopened.lines.some((l) => l.late)).toBe(false);
    expect(reopened.lines.find((l) => l.key === a.key)?.counted).toBe('7.000');
    expect(reopened.lines.find((l) => l.key === b.key)?.counted).toBe('5.000'); // Bob 1 + Alice 4

    // Nothing held any more: a plain close goes through, with the late counts in.
    const close2 = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} });
    expect(close2.status, close2.body).toBe(200);
    expect(close2.json<RecapDto>().lines.find((l) => l.key === a.key)?.counted).toBe('7.000');
  });

  it('a closed inventory gives invalid_transition, not the unsent warning', async () => {
    const { inv, lines } = await freshInventory(server, { name: 'Clôture 2', locationId: 1, kind: 'articles' });
    const [a] = pcs(lines) as [FullLineDto];
    await pushWith(inv.id, { deviceId: 'ph-9', unsent: 0, events: [event(a.key, 1, 1)] });
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(200);
    await pushWith(inv.id, { deviceId: 'ph-9', unsent: 5, events: [] });
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} }),
      409,
      'invalid_transition',
    );
  });
});
