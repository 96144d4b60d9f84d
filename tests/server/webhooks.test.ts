/**
 * The webhook on apply, against a local receiver (a node:http server in this test): the
 * signed POST, its headers and body; retries after failures until delivered; a delivery
 * that keeps failing marked failed and sent again on "Renvoyer"; a receiver that never
 * answers timed out; one delivery sent once by two senders claiming at the same time;
 * nothing queued or sent when no webhook is configured; nothing queued by an apply that
 * fails; and a server that closes while a receiver hangs.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineDto, RecapTotalsDto } from '../../src/core/api/dto';
import type {
  InventoryAppliedEvent,
  MovementsPageDto,
  WebhookDeliveriesDto,
  WebhookDeliveryDto,
} from '../../src/core/outbound';
import { readConfig } from '../../src/server/config';
import { applyInventory } from '../../src/server/repos/apply';
import { queueDelivery } from '../../src/server/repos/webhooks';
import { WebhookSender, type SenderOptions } from '../../src/server/webhook/sender';
import { startTestServer, type TestServer } from './harness';
import { dbSnapshot, expectError } from './support';

const SECRET = 'a-secret-of-24-characters';

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver that answers each request with the next status of `script` (then the last one), or never. */
class Receiver {
  readonly received: Received[] = [];
  script: (number | 'hang')[] = [200];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = this.script.length > 1 ? this.script.shift()! : this.script[0]!;
      if (next === 'hang') return; // never answers
      res.writeHead(next, { 'content-type': 'text/plain' }).end(next >= 300 ? `boom ${next}\n` : 'ok');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/decompte`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Waits for `check` to hold, polling; gives up (and fails) after many tries, never on a clock assertion. */
async function until<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

const FAST: SenderOptions = { pollMs: 20, retryDelaysMs: [20, 40], maxAttempts: 3, timeoutMs: 2_000 };

let receiver: Receiver;
let url: string;

beforeAll(async () => {
  receiver = new Receiver();
  url = await receiver.start();
});
afterAll(() => receiver.stop());
afterEach(() => {
  receiver.received.length = 0;
  receiver.script = [200];
});

/** An inventory of location 2 (articles) with a few lines counted off by one, closed. */
async function closedInventory(server: TestServer, name: string): Promise<InventoryDto> {
  const token = await server.token('superviseur');
  const created = await server.call('POST', '/api/inventories', {
    token,
    body: { name, locationId: 2, kind: 'articles' },
  });
  expect(created.status, created.body).toBe(201);
  const inv = created.json<InventoryDto>();
  const lines = (await server.call('GET', `/api/inventories/${inv.id}/lines`, { token })).json<LineDto[]>();
  const events = lines
    .filter((l) => !l.serial)
    .slice(0, 5)
    .map((l, i) => ({
      id: crypto.randomUUID(),
      lineKey: l.key,
      qty: String(Number(l.expectedQty) + 1),
      seq: i + 1,
      counter: 'Zoé',
      at: new Date().toISOString(),
    }));
  expect(
    (await server.call('POST', `/api/inventories/${inv.id}/counts`, { token, body: { deviceId: 'p', events } })).status,
  ).toBe(200);
  expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token, body: {} })).status).toBe(200);
  return inv;
}

async function deliveries(server: TestServer): Promise<WebhookDeliveriesDto> {
  const res = await server.call('GET', '/api/webhooks/deliveries', { token: await server.token('superviseur') });
  expect(res.status, res.body).toBe(200);
  return res.json<WebhookDeliveriesDto>();
}

const deliveryOf = async (server: TestServer, inventoryId: number): Promise<WebhookDeliveryDto | undefined> =>
  (await deliveries(server)).deliveries.find((d) => d.inventoryId === inventoryId);

describe('the webhook on apply', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { webhook: { url, secret: SECRET } }, webhook: FAST });
  });
  afterAll(() => server.close());

  it('POSTs the signed inventory.applied event, whose movement range pulls exactly the apply’s movements', async () => {
    const inv = await closedInventory(server, 'Webhook signé');
    const sup = await server.token('superviseur');
    const applied = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(applied.status, applied.body).toBe(200);
    const { totals, movements } = applied.json<{ totals: RecapTotalsDto; movements: number }>();

    const [got] = await until(
      'the receiver got the delivery',
      async () => receiver.received.length > 0 && receiver.received,
    );
    const d = await until('delivered', async () => {
      const x = await deliveryOf(server, inv.id);
      return x?.status === 'delivered' && x;
    });
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['x-decompte-event']).toBe('inventory.applied');
    expect(got!.headers['x-decompte-delivery']).toBe(String(d.id));
    const expected = `sha256=${createHmac('sha256', SECRET).update(got!.body).digest('hex')}`;
    expect(got!.headers['x-decompte-signature']).toBe(expected);
    // Signed with another secret, it would not verify.
    expect(got!.headers['x-decompte-signature']).not.toBe(
      `sha256=${createHmac('sha256', `${SECRET}x`).update(got!.body).digest('hex')}`,
    );
    const stamp = Number(got!.headers['x-decompte-timestamp']);
    expect(Number.isInteger(stamp) && Math.abs(stamp - Date.now() / 1000) < 3600).toBe(true);

    const event = JSON.parse(got!.body) as InventoryAppliedEvent;
    expect(event).toEqual({
      event: 'inventory.applied',
      inventory: { id: inv.id, name: 'Webhook signé', kind: 'articles' },
      location: { id: 2, code: 'MAG-02', name: 'Magasin atelier' },
      appliedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      appliedBy: 'superviseur',
      totals,
      movements: { count: movements, after: expect.any(Number), last: expect.any(Number) },
    });
    expect(movements).toBe(5);
    expect(event.movements.last - event.movements.after).toBe(5);
    const pulled = await server.call('GET', `/api/movements?after=${event.movements.after}&limit=5`, { token: sup });
    const page = pulled.json<MovementsPageDto>();
    expect(page.cursor).toBe(event.movements.last);
    expect(page.movements.map((m) => m.inventoryId)).toEqual([inv.id, inv.id, inv.id, inv.id, inv.id]);

    expect(d).toMatchObject({ event: 'inventory.applied', status: 'delivered', attempts: 1, lastError: null });
    expect(d.log).toEqual([
      { attempt: 1, at: expect.any(String), httpStatus: 200, error: null, durationMs: expect.any(Number) },
    ]);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a receiver that answers 500 twice, then 200: three attempts, delivered', async () => {
    receiver.script = [500, 500, 200];
    const inv = await closedInventory(server, 'Webhook 500');
    expect(
      (await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: await server.token('superviseur') }))
        .status,
    ).toBe(200);
    const d = await until('delivered after retries', async () => {
      const x = await deliveryOf(server, inv.id);
      return x?.status === 'delivered' && x;
    });
    expect(d.attempts).toBe(3);
    expect(d.log.map((a) => [a.attempt, a.httpStatus, a.error])).toEqual([
      [3, 200, null],
      [2, 500, 'HTTP 500: boom 500'],
      [1, 500, 'HTTP 500: boom 500'],
    ]);
    expect(receiver.received).toHaveLength(3);
    // The same delivery each time: same id, same body, same signature.
    expect(new Set(receiver.received.map((r) => r.headers['x-decompte-delivery'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
  });

  it('marks failed after the last attempt of a round; "Renvoyer" starts a new round', async () => {
    receiver.script = [503];
    const inv = await closedInventory(server, 'Webhook en panne');
    const sup = await server.token('superviseur');
    expect((await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup })).status).toBe(200);
    const failed = await until('failed', async () => {
      const x = await deliveryOf(server, inv.id);
      return x?.status === 'failed' && x;
    });
    expect(failed).toMatchObject({ attempts: 3, nextAttemptAt: null, lastError: 'HTTP 503: boom 503' });
    expect(receiver.received).toHaveLength(3);

    // Only a supervisor sends it again; a counter may not even read the log.
    const counter = await server.token('compteur');
    expectError(await server.call('GET', '/api/webhooks/deliveries', { token: counter }), 403, 'forbidden');
    expectError(
      await server.call('POST', `/api/webhooks/deliveries/${failed.id}/retry`, { token: counter }),
      403,
      'forbidden',
    );
    expectError(await server.call('POST', '/api/webhooks/deliveries/999999/retry', { token: sup }), 404, 'not_found');

    receiver.script = [200];
    const retried = await server.call('POST', `/api/webhooks/deliveries/${failed.id}/retry`, { token: sup });
    expect(retried.status, retried.body).toBe(200);
    const d = await until('delivered after Renvoyer', async () => {
      const x = await deliveryOf(server, inv.id);
      return x?.status === 'delivered' && x;
    });
    expect(d.attempts).toBe(4);
    expect(d.log.map((a) => a.httpStatus)).toEqual([200, 503, 503, 503]);
    expectError(
      await server.call('POST', `/api/webhooks/deliveries/${failed.id}/retry`, { token: sup }),
      409,
      'delivery_delivered',
    );
  });

  it('queues nothing when the apply fails, and rolls the delivery back with a transaction that fails after it', async () => {
    const sup = await server.token('superviseur');
    // A serial number counted by two phones: the apply is refused.
    const created = await server.call('POST', '/api/inventories', {
      token: sup,
      body: { name: 'Webhook refusé', locationId: 1, kind: 'pieces' },
    });
    const inv = created.json<InventoryDto>();
    const lines = (await server.call('GET', `/api/inventories/${inv.id}/lines`, { token: sup })).json<LineDto[]>();
    const serial = lines.find((l) => l.serial !== null)!;
    for (const deviceId of ['a', 'b']) {
      const e = {
        id: crypto.randomUUID(),
        lineKey: serial.key,
        qty: 1,
        seq: 1,
        counter: 'x',
        at: new Date().toISOString(),
      };
      await server.call('POST', `/api/inventories/${inv.id}/counts`, { token: sup, body: { deviceId, events: [e] } });
    }
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(200);
    const before = await dbSnapshot(server);
    const deliveriesBefore = (await deliveries(server)).deliveries.length;
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup }),
      409,
      'serial_counted_twice',
    );
    expect(await dbSnapshot(server)).toEqual(before);
    expect((await deliveries(server)).deliveries).toHaveLength(deliveriesBefore);

    // The delivery is queued in the apply's transaction: whatever fails after it takes it back too.
    const other = await closedInventory(server, 'Webhook annulé');
    const snapshot = await dbSnapshot(server);
    await expect(
      server.db.transaction(async (tx) => {
        const applied = await applyInventory(tx, other.id, 'superviseur', { notify: true });
        const [queued] = await tx.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM webhook_deliveries WHERE inventory_id = $1',
          [other.id],
        );
        expect([applied.movements, queued?.n]).toEqual([5, 1]);
        throw new Error('the transaction fails after the apply');
      }),
    ).rejects.toThrow(/fails after the apply/);
    expect(await dbSnapshot(server)).toEqual(snapshot);
    expect((await deliveries(server)).deliveries).toHaveLength(deliveriesBefore);
    expect(receiver.received).toHaveLength(0);
  });

  it('times out a receiver that never answers, logged without an HTTP status', async () => {
    const slow = await startTestServer({
      config: { webhook: { url, secret: SECRET } },
      webhook: { ...FAST, timeoutMs: 150, maxAttempts: 1 },
    });
    try {
      receiver.script = ['hang'];
      const inv = await closedInventory(slow, 'Webhook muet');
      expect(
        (await slow.call('POST', `/api/inventories/${inv.id}/apply`, { token: await slow.token('superviseur') }))
          .status,
      ).toBe(200);
      const d = await until('failed on timeout', async () => {
        const x = await deliveryOf(slow, inv.id);
        return x?.status === 'failed' && x;
      });
      expect(d.log).toEqual([
        {
          attempt: 1,
          at: expect.any(String),
          httpStatus: null,
          error: 'no answer within 0.15 s',
          durationMs: expect.any(Number),
        },
      ]);
    } finally {
      await slow.close();
    }
  });
});

describe('the webhook delivery loop', () => {
  it('sends each delivery once when two senders (two processes) claim at the same time', async () => {
    const server = await startTestServer();
    try {
      const payload = (i: number) =>
        ({ event: 'inventory.applied', inventory: { id: i } }) as unknown as InventoryAppliedEvent;
      const ids: number[] = [];
      for (let i = 1; i <= 25; i++) ids.push(await queueDelivery(server.db, payload(i), null));
      // A timed-out attempt is sent again, as it must be (at least once): on a loaded machine
      // FAST's 2 s did time out once and delivery 1 came twice. This is about the claims.
      const patient = { ...FAST, timeoutMs: 60_000 };
      const senders = [1, 2].map(() => new WebhookSender(server.db, { url, secret: SECRET }, patient));
      // Both look at once, again and again, until nothing is due (a bounded number of times).
      await Promise.all(
        senders.map(async (s) => {
          for (let i = 0; i < 20 && (await s.sendDue()) > 0; i++);
        }),
      );
      const sent = receiver.received.map((r) => Number(r.headers['x-decompte-delivery'])).sort((a, b) => a - b);
      expect(sent).toEqual(ids);
      const [row] = await server.db.query<{ n: number; attempts: number }>(
        `SELECT count(*)::int AS n, sum(attempts)::int AS attempts FROM webhook_deliveries WHERE status = 'delivered'`,
      );
      expect(row).toEqual({ n: 25, attempts: 25 });
    } finally {
      await server.close();
    }
  });

  it('closes without waiting on a receiver that hangs; the delivery is due again, its attempt not counted', async () => {
    const server = await startTestServer({ config: { webhook: { url, secret: SECRET } }, webhook: FAST });
    receiver.script = ['hang'];
    await server.call('GET', '/api/locations'); // ready: the loop runs
    const id = await queueDelivery(server.db, { event: 'inventory.applied' } as unknown as InventoryAppliedEvent, null);
    await until('the receiver got it', async () => receiver.received.length > 0);
    const db = server.db;
    await server.app.close(); // the loop stops, the request in flight is aborted
    const [row] = await db.query<{ status: string; attempts: number; due: boolean }>(
      'SELECT status, attempts, next_attempt_at <= now() AS due FROM webhook_deliveries WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ status: 'pending', attempts: 0, due: true });
    await db.close();
  });
});

describe('without a webhook configured', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('queues and sends nothing on apply, says so, and refuses "Renvoyer"', async () => {
    const inv = await closedInventory(server, 'Sans webhook');
    const sup = await server.token('superviseur');
    expect((await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup })).status).toBe(200);
    expect(await deliveries(server)).toEqual({ configured: false, deliveries: [] });
    const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries');
    expect(row?.n).toBe(0);
    expectError(await server.call('POST', '/api/webhooks/deliveries/1/retry', { token: sup }), 409, 'webhook_off');
    expect(receiver.received).toHaveLength(0);
  });
});

describe('the webhook settings', () => {
  const read = (env: Record<string, string>) => readConfig(env, []).webhook;

  it('is off by default, on with an http(s) URL and a secret of 16 characters or more', () => {
    expect(read({})).toBeNull();
    expect(read({ WEBHOOK_URL: 'https://erp.example/hooks/decompte', WEBHOOK_SECRET: SECRET })).toEqual({
      url: 'https://erp.example/hooks/decompte',
      secret: SECRET,
    });
    expect(read({ WEBHOOK_URL: 'http://10.0.0.5:8069/decompte', WEBHOOK_SECRET: '0123456789abcdef' })?.url).toBe(
      'http://10.0.0.5:8069/decompte',
    );
  });

  it('refuses at start a URL that is not http(s), a short secret, or one without the other', () => {
    for (const [env, message] of [
      [{ WEBHOOK_URL: 'ftp://erp.example/in', WEBHOOK_SECRET: SECRET }, /must be http\(s\)/],
      [{ WEBHOOK_URL: 'file:///etc/passwd', WEBHOOK_SECRET: SECRET }, /must be http\(s\)/],
      [{ WEBHOOK_URL: 'erp.example/hook', WEBHOOK_SECRET: SECRET }, /not a URL/],
      [{ WEBHOOK_URL: 'https://erp.example/hook', WEBHOOK_SECRET: 'short-secret' }, /at least 16 characters/],
      [{ WEBHOOK_URL: 'https://erp.example/hook' }, /WEBHOOK_SECRET is not/],
      [{ WEBHOOK_SECRET: SECRET }, /WEBHOOK_URL is not/],
    ] as const) {
      expect(() => read(env), JSON.stringify(env)).toThrow(message);
    }
  });
});
