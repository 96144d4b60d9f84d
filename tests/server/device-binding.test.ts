/**
 * Issue #19, finding 3 and the smaller points on count pushes: a device id belongs to the
 * user who first pushed with it (since migration 019, who first claimed it, on every
 * inventory: device-claims.test.ts), the counter is the logged-in user, seq is
 * bounded, an event id is an event of its inventory (the same id with another content is
 * a 409, never a silent "duplicate"), and device times PostgreSQL cannot store are a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsPageDto, DeviceStatusDto, InventoryDto } from '../../src/core/api/dto';
import { startTestServer, type TestServer } from './harness';
import { dbSnapshot, event, expectError, freshInventory, getRecap, push, type FullLineDto } from './support';

let server: TestServer;
let inv: InventoryDto;
let lines: FullLineDto[];
let alice: string;
let bob: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ inv, lines } = await freshInventory(server, { name: 'Liaison', locationId: 1, kind: 'articles' }));
  alice = await server.userToken('alice');
  bob = await server.userToken('bob');
});
afterAll(() => server.close());

const pcs = () => lines.filter((l) => l.unit === 'pcs' && l.serial === null);
const pushRaw = (token: string, body: unknown, id = inv.id) =>
  server.call('POST', `/api/inventories/${id}/counts`, { token, body });
const counted = async (key: string) => (await getRecap(server, inv.id)).lines.find((l) => l.key === key)?.counted;

describe('a device id belongs to its first user', () => {
  it('refuses another user pushing as that device (403) and changes nothing; its owner goes on counting', async () => {
    const line = pcs()[0]!;
    await push(server, alice, inv.id, 'phone-a', [event(line.key, 5, 1, 'alice')]);
    const before = await dbSnapshot(server);
    // Bob, logged in, pushes a withdrawal as Alice's phone with the highest seq there is.
    const spoof = { ...event(line.key, 0, Number.MAX_SAFE_INTEGER, 'alice'), qty: null };
    expectError(await pushRaw(bob, { deviceId: 'phone-a', events: [spoof] }), 400);
    const spoofInRange = { ...event(line.key, 0, 2_000_000_000, 'alice'), qty: null };
    expectError(await pushRaw(bob, { deviceId: 'phone-a', events: [spoofInRange] }), 403, 'device_taken');
    expectError(await pushRaw(bob, { deviceId: 'phone-a', unsent: 0, events: [] }), 403, 'device_taken');
    expect(await dbSnapshot(server)).toEqual(before);
    expect(await counted(line.key)).toBe('5.000');
    // Alice's next real count is taken and counts.
    await push(server, alice, inv.id, 'phone-a', [event(line.key, 7, 2, 'alice')]);
    expect(await counted(line.key)).toBe('7.000');
  });

  it('bounds seq: 2^53-1 is refused even from the owner', async () => {
    const line = pcs()[1]!;
    const e = event(line.key, 1, Number.MAX_SAFE_INTEGER);
    expectError(await pushRaw(alice, { deviceId: 'phone-a', events: [e] }), 400, 'invalid_request');
    expect((await pushRaw(alice, { deviceId: 'phone-a', events: [{ ...e, seq: 2_147_483_647 }] })).status).toBe(200);
  });

  it('names the logged-in user as the counter, whatever the client wrote, in the log, the recap and the devices', async () => {
    const line = pcs()[2]!;
    await push(server, bob, inv.id, 'phone-b', [event(line.key, 3, 1, 'Mallory')]);
    const page = (
      await server.call('GET', `/api/inventories/${inv.id}/counts?after=0`, { token: bob })
    ).json<CountsPageDto>();
    expect(page.events.filter((e) => e.deviceId === 'phone-b').map((e) => e.counter)).toEqual(['bob']);
    const recapLine = (await getRecap(server, inv.id)).lines.find((l) => l.key === line.key);
    expect(recapLine?.devices.map((d) => d.counter)).toEqual(['bob']);
    // A push without any name at all is fine: the server knows who is logged in.
    const { counter: _omitted, ...nameless } = event(line.key, 4, 2);
    expect((await pushRaw(bob, { deviceId: 'phone-b', events: [nameless] })).status).toBe(200);
    const devices = (
      await server.call('GET', `/api/inventories/${inv.id}/devices`, { token: await server.token('superviseur') })
    ).json<DeviceStatusDto[]>();
    expect(devices.find((d) => d.deviceId === 'phone-b')?.counter).toBe('bob');
  });

  it("a pull naming another user's device does not touch it", async () => {
    const sup = await server.token('superviseur');
    const seen = async () =>
      (await server.call('GET', `/api/inventories/${inv.id}/devices`, { token: sup }))
        .json<DeviceStatusDto[]>()
        .find((d) => d.deviceId === 'phone-a')?.lastContactAt;
    const before = await seen();
    await new Promise((r) => setTimeout(r, 20));
    const pull = await server.call('GET', `/api/inventories/${inv.id}/counts?after=0&deviceId=phone-a`, { token: bob });
    expect(pull.status).toBe(200);
    expect(await seen()).toBe(before);
  });

  it('records refused events a device reports, with the reason, for the supervisor', async () => {
    const res = await pushRaw(alice, {
      deviceId: 'phone-a',
      unsent: 1,
      refused: 1,
      refusedReason: 'events[0]: line X is not in this inventory.',
      events: [],
    });
    expect(res.status, res.body).toBe(200);
    const devices = (
      await server.call('GET', `/api/inventories/${inv.id}/devices`, { token: await server.token('superviseur') })
    ).json<DeviceStatusDto[]>();
    expect(devices.find((d) => d.deviceId === 'phone-a')).toMatchObject({
      refused: 1,
      refusedReason: 'events[0]: line X is not in this inventory.',
    });
  });
});

describe('event ids', () => {
  it('are scoped per inventory: the same id in another inventory is stored there, not dropped', async () => {
    const other = await freshInventory(server, { name: 'Autre lieu', locationId: 2, kind: 'articles' });
    const line = pcs()[3]!;
    const e = event(line.key, 2, 10);
    await push(server, alice, inv.id, 'phone-a', [e]);
    const otherLine = other.lines.find((l) => l.unit === 'pcs' && l.serial === null)!;
    const there = { ...event(otherLine.key, 6, 1), id: e.id };
    expect(await push(server, alice, other.inv.id, 'phone-a', [there])).toEqual({
      accepted: 1,
      duplicates: 0,
      late: 0,
    });
    // Read as the supervisor: a counter on a blind inventory gets the quantities withheld.
    const sup = await server.token('superviseur');
    const page = (
      await server.call('GET', `/api/inventories/${other.inv.id}/counts?after=0`, { token: sup })
    ).json<CountsPageDto>();
    expect(page.events.map((x) => [x.id, x.qty])).toEqual([[e.id, '6.000']]);
  });

  it('refuses the same id with another content (409 event_conflict) and stores nothing of the batch', async () => {
    const [a, b] = [pcs()[4]!, pcs()[5]!];
    const e = event(a.key, 2, 20);
    await push(server, alice, inv.id, 'phone-a', [e]);
    // The same event again is a duplicate (a retry).
    expect(await push(server, alice, inv.id, 'phone-a', [e])).toEqual({ accepted: 0, duplicates: 1, late: 0 });
    const before = await dbSnapshot(server);
    const fresh = event(b.key, 1, 21);
    // The clash is found among the events the insert skipped: it names the stored one.
    expect(
      expectError(
        await pushRaw(alice, { deviceId: 'phone-a', events: [fresh, { ...e, qty: '9' }] }),
        409,
        'event_conflict',
      ).details,
    ).toEqual({ index: 1, id: e.id });
    // From another device of the same user, the same id is another event too.
    expectError(await pushRaw(alice, { deviceId: 'phone-a2', events: [e] }), 409, 'event_conflict');
    // Twice in one batch with two contents.
    expectError(
      await pushRaw(alice, { deviceId: 'phone-a', events: [fresh, { ...fresh, qty: '3' }] }),
      409,
      'event_conflict',
    );
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

describe('device times', () => {
  it('a push whose unsentAt or at PostgreSQL cannot store is a 400, not a 500', async () => {
    const line = pcs()[6]!;
    const before = await dbSnapshot(server);
    for (const unsentAt of ['0000-01-01T00:00:00Z', '2026-01-01T00:00:00+16:00']) {
      expectError(await pushRaw(alice, { deviceId: 'phone-a', unsent: 1, unsentAt, events: [] }), 400);
      expectError(
        await pushRaw(alice, { deviceId: 'phone-a', events: [{ ...event(line.key, 1, 30), at: unsentAt }] }),
        400,
      );
    }
    expect(await dbSnapshot(server)).toEqual(before);
  });
});
