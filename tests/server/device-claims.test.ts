/**
 * A device id is claimed by a user for good, on every inventory (migration 019,
 * repos/deviceClaims.ts): the phone claims its id at login, a push with an unclaimed id
 * claims it for the pusher, and nobody else can then claim it or push with it — the
 * chaos run's finding, where a user who learnt a phone's id before its first push
 * stranded that phone's counts for ever. Two claims of one id at once: one wins.
 */
import { describe, expect, it } from 'vitest';
import { claimDevice } from '../../src/server/repos/deviceClaims';
import { loadMigrations, migrate } from '../../src/server/db/migrate';
import { openTestDatabase } from './testDatabase';
import { dbSnapshot, event, expectError, fileServer, freshInventory, getRecap, push } from './support';

const { server } = await fileServer();
const alice = await server.userToken('alice');
const bob = await server.userToken('bob');
const { inv, lines } = await freshInventory(server, { name: 'Réclamations', locationId: 1, kind: 'articles' });
const other = await freshInventory(server, { name: 'Autre', locationId: 2, kind: 'articles' });
const pcs = lines.filter((l) => l.unit === 'pcs' && l.serial === null);
const otherLine = other.lines.find((l) => l.unit === 'pcs' && l.serial === null)!;

const claim = (token: string, deviceId: string) =>
  server.call('POST', '/api/devices/claim', { token, body: { deviceId } });
const pushRaw = (token: string, inventoryId: number, body: unknown) =>
  server.call('POST', `/api/inventories/${inventoryId}/counts`, { token, body });
const holder = async (deviceId: string) =>
  (
    await server.db.query<{ username: string }>('SELECT username FROM device_claims WHERE device_id = $1', [deviceId])
  )[0]?.username;

describe('claiming a device id', () => {
  it('is 204 for its claimant, now and again; refused to anyone else (403 device_taken), nothing changed', async () => {
    expect((await claim(alice, 'phone-1')).status).toBe(204);
    expect((await claim(alice, 'phone-1')).status).toBe(204);
    expect(await holder('phone-1')).toBe('alice');
    const before = await dbSnapshot(server);
    expect(expectError(await claim(bob, 'phone-1'), 403, 'device_taken').details).toEqual({ deviceId: 'phone-1' });
    expect(await dbSnapshot(server)).toEqual(before);
    expect(await holder('phone-1')).toBe('alice');
  });

  it('holds before the first push: another user pushing with the claimed id is refused on every inventory', async () => {
    expect((await claim(alice, 'phone-2')).status).toBe(204);
    const before = await dbSnapshot(server);
    // Bob learnt the id before Alice's phone first pushed (the chaos run's strand).
    for (const [id, line] of [
      [inv.id, pcs[0]!],
      [other.inv.id, otherLine],
    ] as const) {
      expectError(
        await pushRaw(bob, id, { deviceId: 'phone-2', events: [event(line.key, 9, 1)] }),
        403,
        'device_taken',
      );
      expectError(await pushRaw(bob, id, { deviceId: 'phone-2', unsent: 3, events: [] }), 403, 'device_taken');
      // Bin checks too: under Alice's id they would show as her phone's.
      const check = { bin: line.bin, empty: true, seq: 1, counter: 'bob', at: '2026-12-04T08:00:00.000Z' };
      expectError(
        await server.call('POST', `/api/inventories/${id}/bins`, {
          token: bob,
          body: { deviceId: 'phone-2', checks: [check] },
        }),
        403,
        'device_taken',
      );
    }
    expect(await dbSnapshot(server)).toEqual(before);
    // Alice's phone then pushes for the first time, and counts.
    await push(server, alice, inv.id, 'phone-2', [event(pcs[0]!.key, 4, 1)]);
    expect((await getRecap(server, inv.id)).lines.find((l) => l.key === pcs[0]!.key)?.counted).toBe('4.000');
  });

  it('a push with an unclaimed id claims it for the pusher (older apps): the id is then theirs everywhere', async () => {
    await push(server, alice, inv.id, 'phone-3', [event(pcs[1]!.key, 2, 1)]);
    expect(await holder('phone-3')).toBe('alice');
    expectError(await claim(bob, 'phone-3'), 403, 'device_taken');
    expectError(
      await pushRaw(bob, other.inv.id, { deviceId: 'phone-3', events: [event(otherLine.key, 1, 1)] }),
      403,
      'device_taken',
    );
    // Alice uses it on the other inventory too.
    await push(server, alice, other.inv.id, 'phone-3', [event(otherLine.key, 1, 1)]);
  });

  it('a push refused for another reason claims nothing (its transaction rolls back)', async () => {
    const e = event(pcs[2]!.key, 1, 1);
    await push(server, alice, inv.id, 'phone-4', [e]);
    // Bob sends Alice's event id with other content from a new id: 409, and the id stays free.
    expectError(
      await pushRaw(bob, inv.id, { deviceId: 'phone-5', events: [{ ...e, qty: '3' }] }),
      409,
      'event_conflict',
    );
    expect(await holder('phone-5')).toBeUndefined();
  });

  it("a pull naming another user's claimed id records no contact for it", async () => {
    expect((await claim(alice, 'phone-7')).status).toBe(204);
    const before = await dbSnapshot(server);
    const pull = await server.call('GET', `/api/inventories/${other.inv.id}/counts?after=0&deviceId=phone-7`, {
      token: bob,
    });
    expect(pull.status).toBe(200);
    const rows = await server.db.query(`SELECT 1 FROM inventory_devices WHERE device_id = 'phone-7'`);
    expect(rows).toEqual([]);
    expect(await dbSnapshot(server)).toEqual(before);
    // Its claimant's pull is recorded.
    await server.call('GET', `/api/inventories/${other.inv.id}/counts?after=0&deviceId=phone-7`, { token: alice });
    expect(await server.db.query(`SELECT counter FROM inventory_devices WHERE device_id = 'phone-7'`)).toEqual([
      { counter: 'alice' },
    ]);
  });

  it('is refused to a role that does not count, and to no one logged in', async () => {
    expectError(await claim(await server.token('comptable'), 'phone-6'), 403, 'forbidden');
    expectError(await server.call('POST', '/api/devices/claim', { body: { deviceId: 'phone-6' } }), 401);
    expect(await holder('phone-6')).toBeUndefined();
  });
});

describe('two claims of one id at once', () => {
  it('through the API: exactly one user wins, the others get device_taken', async () => {
    const users = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const tokens = await Promise.all(users.map((u) => server.userToken(u)));
    const answers = await Promise.all(tokens.map((t) => claim(t, 'phone-race')));
    const won = answers.flatMap((a, i) => (a.status === 204 ? [users[i]] : []));
    expect(won).toHaveLength(1);
    expect(
      answers.filter((a) => a.status === 403).map((a) => a.json<{ error: { code: string } }>().error.code),
    ).toEqual(Array(users.length - 1).fill('device_taken'));
    expect(await holder('phone-race')).toBe(won[0]);
  });

  it('first pushes of one new id by two users to two inventories at once: one wins, the other stores nothing', async () => {
    const [x, y] = await Promise.all([
      pushRaw(alice, inv.id, { deviceId: 'phone-race-2', events: [event(pcs[3]!.key, 1, 1)] }),
      pushRaw(bob, other.inv.id, { deviceId: 'phone-race-2', events: [event(otherLine.key, 1, 1)] }),
    ]);
    expect([x.status, y.status].sort((a, b) => a - b)).toEqual([200, 403]);
    const winner = x.status === 200 ? 'alice' : 'bob';
    expect(await holder('phone-race-2')).toBe(winner);
    const [stored] = await server.db.query<{ n: number; by: string }>(
      `SELECT count(*)::int AS n, min(received_by) AS by FROM count_events WHERE device_id = 'phone-race-2'`,
    );
    expect(stored).toEqual({ n: 1, by: winner });
  });

  it('in the database: the second INSERT waits for the first; committed, it refuses, rolled back, it wins', async () => {
    for (const outcome of ['commit', 'rollback'] as const) {
      const id = `phone-lock-${outcome}`;
      let inserted!: () => void;
      const firstInserted = new Promise<void>((r) => (inserted = r));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const first = server.db
        .transaction(async (tx) => {
          await claimDevice(tx, id, 'alice');
          inserted();
          await gate;
          if (outcome === 'rollback') throw new Error('rolled back on purpose');
        })
        .then(
          () => 'committed',
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        );
      await firstInserted;
      // Bob's claim runs while Alice's is neither committed nor rolled back.
      const second = claimDevice(server.db, id, 'bob').then(
        () => 'bob claimed',
        (e: unknown) => (e as { code?: string }).code,
      );
      release();
      expect(await first).toBe(outcome === 'commit' ? 'committed' : 'rolled back on purpose');
      expect(await second).toBe(outcome === 'commit' ? 'device_taken' : 'bob claimed');
      expect(await holder(id)).toBe(outcome === 'commit' ? 'alice' : 'bob');
    }
  });
});

describe('migration 019 on devices bound before it', () => {
  it('gives an id bound to one user on every inventory to that user; an id two users hold, or none, stays free', async () => {
    const db = await openTestDatabase({ empty: true });
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < 19),
      );
      await db.exec(`
        INSERT INTO users (username, password_hash, role) VALUES ('alice', 'x', 'counter'), ('bob', 'x', 'counter');
        INSERT INTO locations (code, name) VALUES ('L1', 'Un'), ('L2', 'Deux');
        INSERT INTO inventories (name, location_id, kind, status, created_by) VALUES
          ('I1', 1, 'articles', 'applied', 'x'), ('I2', 2, 'articles', 'counting', 'x');
        INSERT INTO inventory_devices (inventory_id, device_id, counter, owner, last_contact_at) VALUES
          (1, 'both-alice', 'alice', 'alice', '2026-11-02T10:00:00Z'),
          (2, 'both-alice', 'alice', 'alice', '2026-11-01T09:00:00Z'),
          (1, 'one-bob', 'bob', 'bob', '2026-11-03T08:00:00Z'),
          (1, 'two-owners', 'alice', 'alice', now()),
          (2, 'two-owners', 'bob', 'bob', now()),
          (2, 'two-owners-one-pull', 'alice', NULL, now()),
          (1, 'two-owners-one-pull', 'bob', 'bob', '2026-11-04T08:00:00Z'),
          (1, 'only-pulled', 'alice', NULL, now()),
          (1, 'gone-user', 'ghost', 'ghost', now());
      `);
      expect(await migrate(db)).toContain('019_device_claims.sql');
      const rows = await db.query<{ device_id: string; username: string; at: string }>(
        `SELECT device_id, username, to_char(claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at
         FROM device_claims ORDER BY device_id`,
      );
      expect(rows.map((r) => [r.device_id, r.username, r.at])).toEqual([
        ['both-alice', 'alice', '2026-11-01 09:00'],
        ['one-bob', 'bob', '2026-11-03 08:00'],
        ['two-owners-one-pull', 'bob', '2026-11-04 08:00'],
      ]);
    } finally {
      await db.close();
    }
  });
});
