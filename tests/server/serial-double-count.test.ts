/** A serial number counted by two devices is a double count: apply refuses until it is recounted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, InventoryDto, LineDto, StockLineDto } from '../../src/core/api/dto';
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const event = (lineKey: string, qty: number, seq: number) => ({
  id: crypto.randomUUID(),
  lineKey,
  qty,
  seq,
  counter: 'test',
  at: new Date().toISOString(),
});

describe('serial numbers counted twice', () => {
  it('refuses to apply, then applies once one device recounts it as absent', async () => {
    const token = await server.token('superviseur');
    const created = await server.call('POST', '/api/inventories', {
      token,
      body: { name: 'Pièces', locationId: 1, kind: 'pieces' },
    });
    const id = created.json<InventoryDto>().id;
    const lines = (await server.call('GET', `/api/inventories/${id}/lines`, { token })).json<LineDto[]>();
    const serialLine = lines.find((l) => l.serial !== null);
    expect(serialLine).toBeDefined();
    const key = serialLine!.key;
    for (const deviceId of ['phone-a', 'phone-b']) {
      const push = await server.call('POST', `/api/inventories/${id}/counts`, {
        token,
        body: { deviceId, events: [event(key, 1, 1)] },
      });
      expect(push.status).toBe(200);
    }
    expect((await server.call('POST', `/api/inventories/${id}/close`, { token, body: {} })).status).toBe(200);
    const refused = await server.call('POST', `/api/inventories/${id}/apply`, { token });
    expect(refused.status).toBe(409);
    expect(refused.json<ApiError>().error.code).toBe('serial_counted_twice');
    expect((await server.call('GET', `/api/inventories/${id}`, { token })).json<InventoryDto>().status).toBe('closed');

    expect((await server.call('POST', `/api/inventories/${id}/reopen`, { token })).status).toBe(200);
    await server.call('POST', `/api/inventories/${id}/counts`, {
      token,
      body: { deviceId: 'phone-b', events: [event(key, 0, 2)] },
    });
    expect((await server.call('POST', `/api/inventories/${id}/close`, { token, body: {} })).status).toBe(200);
    expect((await server.call('POST', `/api/inventories/${id}/apply`, { token })).status).toBe(200);
    const stock = (await server.call('GET', '/api/stock?locationId=1', { token })).json<StockLineDto[]>();
    const line = stock.find(
      (s) => s.itemRef === serialLine!.itemRef && s.serial === serialLine!.serial && s.bin === serialLine!.bin,
    );
    expect(line?.qty).toBe('1.000');
  });
});
