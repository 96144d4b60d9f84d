/**
 * Issue #19, the smaller points on input: invalid UTF-8 is a 400 (never stored as U+FFFD),
 * right-to-left overrides and zero-width characters are refused in references and bins,
 * quantities are written plainly (" 1", "+1", "-0", "1e3" refused), a body that is sent
 * too slowly is cut with 408, and a counter never reads unit costs.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineDto } from '../../src/core/api/dto';
import { buildServer } from '../../src/server/app';
import { startTestServer, type TestServer } from './harness';
import { dbSnapshot, event, expectError, freshInventory, type FullLineDto } from './support';
import { openTestDatabase } from './testDatabase';

let server: TestServer;
let invId: number;
let line: FullLineDto;
beforeAll(async () => {
  server = await startTestServer();
  const { inv, lines } = await freshInventory(server, { name: 'Entrées', locationId: 1, kind: 'articles' });
  invId = inv.id;
  line = lines.find((l) => l.unit === 'pcs' && l.serial === null)!;
});
afterAll(() => server.close());

const raw = async (method: string, url: string, token: string, body: Buffer | string) =>
  server.app.inject({
    method: method as 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: body,
  });

describe('odd input', () => {
  it('invalid UTF-8 in a JSON body is a 400 invalid_utf8 and changes nothing', async () => {
    const token = await server.token('superviseur');
    const before = await dbSnapshot(server);
    const body = Buffer.concat([
      Buffer.from(`{"locationId":1,"itemRef":"REF-`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`","bin":"A-01","delta":"1","reason":"test"}`),
    ]);
    const res = await raw('POST', '/api/stock-movements', token, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_utf8' } });
    const push = Buffer.concat([
      Buffer.from(`{"deviceId":"utf","events":[{"id":"${crypto.randomUUID()}","lineKey":"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`","qty":"1","seq":1,"at":"2026-01-01T00:00:00Z"}]}`),
    ]);
    expect((await raw('POST', `/api/inventories/${invId}/counts`, token, push)).statusCode).toBe(400);
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('refuses right-to-left overrides and zero-width characters in references and bins', async () => {
    const token = await server.token('superviseur');
    const before = await dbSnapshot(server);
    for (const sneaky of ['REF\u202E1', 'REF\u200B1', '\u2066REF', 'REF\u200D', 'REF\u061C']) {
      const res = await server.call('POST', `/api/inventories/${invId}/lines`, {
        token,
        body: { itemRef: sneaky, designation: 'Nouveau', bin: 'A-01' },
      });
      expectError(res, 400, 'invalid_request');
      const bin = await server.call('POST', `/api/inventories/${invId}/lines`, {
        token,
        body: { itemRef: line.itemRef, bin: sneaky },
      });
      expectError(bin, 400, 'invalid_request');
    }
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('takes quantities written plainly only: " 1", "+1", "-0", "1e3" (string or number) are refused', async () => {
    const token = await server.token('compteur');
    const before = await dbSnapshot(server);
    for (const qty of [' 1', '1 ', '+1', '-0', '-0.000', '1e3', '1.', '.5', '0x10']) {
      const res = await server.call('POST', `/api/inventories/${invId}/counts`, {
        token,
        body: { deviceId: 'odd', events: [event(line.key, qty, 1)] },
      });
      expect(res.status, `${qty}: ${res.body}`).toBe(400);
    }
    for (const number of ['1e3', '1E3', '-0', '10e-1']) {
      const body = `{"deviceId":"odd","events":[{"id":"${crypto.randomUUID()}","lineKey":${JSON.stringify(line.key)},"qty":${number},"seq":1,"at":"2026-01-01T00:00:00Z"}]}`;
      const res = await raw('POST', `/api/inventories/${invId}/counts`, token, body);
      expect(res.statusCode, `${number}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_number' } });
    }
    expect(await dbSnapshot(server)).toEqual(before);
    // Written plainly, as a string or a number, it is taken.
    for (const [i, qty] of ['2', 3, '0', 0, '12.000'].entries()) {
      const res = await server.call('POST', `/api/inventories/${invId}/counts`, {
        token,
        body: { deviceId: 'plain', events: [event(line.key, qty, i + 1)] },
      });
      expect(res.status, res.body).toBe(200);
    }
  });

  it('a counter never reads unit costs; a supervisor does', async () => {
    const counter = await server.token('compteur');
    const lines = (await server.call('GET', `/api/inventories/${invId}/lines`, { token: counter })).json<LineDto[]>();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.unitCost === null && l.expectedQty === null)).toBe(true);
    const sup = (
      await server.call('GET', `/api/inventories/${invId}/lines`, { token: await server.token('superviseur') })
    ).json<LineDto[]>();
    expect(sup.every((l) => typeof l.unitCost === 'string')).toBe(true);
    const added = await server.call('POST', `/api/inventories/${invId}/lines`, {
      token: counter,
      body: { itemRef: line.itemRef, bin: 'ZZ-COUNTER' },
    });
    expect(added.status, added.body).toBeLessThan(300);
    expect(added.json<LineDto>().unitCost).toBeNull();
  });
});

describe('a body sent too slowly', () => {
  it('is cut with 408 body_timeout, and the server answers others meanwhile', async () => {
    const db = await openTestDatabase();
    const app = await buildServer(
      db,
      { tokenTtlMs: 3_600_000, staticDir: '/nonexistent' },
      { bodyTimeouts: { idleMs: 300, graceMs: 600, minBytesPerSecond: 1000 } },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as net.AddressInfo).port;
    try {
      // Slowloris: headers, then a byte now and then, never the whole body.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
        socket.write(
          'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"u',
        );
        // Idle: nothing more. Then a second connection drips a byte every 200 ms (under idleMs).
        setTimeout(() => socket.end(), 10_000);
      });
      expect(answer).toMatch(/^HTTP\/1.1 408/);
      expect(answer).toContain('body_timeout');

      const dripped = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('error', reject);
        socket.write(
          'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
        );
        const drip = setInterval(() => socket.write(' '), 200);
        socket.on('close', () => {
          clearInterval(drip);
          resolve(got);
        });
        setTimeout(() => socket.destroy(), 10_000);
      });
      expect(dripped).toMatch(/^HTTP\/1.1 408/);
      const health = await fetch(`http://127.0.0.1:${port}/api/locations`);
      expect(health.status).toBe(401);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
