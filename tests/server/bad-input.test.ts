/**
 * Bad input on every write endpoint, table-driven: each body is refused with 400 (404 for
 * unknown ids, 409 for a stock that would go negative) in the `{error: {code, message}}`
 * shape, and the database is exactly as it was before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsPushResultDto, InventoryDto, LineDto, StockLineDto } from '../../src/core/api/dto';
import { ROUTES, ROUTE_NAMES, routePath, type RouteName } from '../../src/core/api/routes';
import { startTestServer, type TestServer } from './harness';
import { createInventory, dbSnapshot, event, expectError, getLines } from './support';

let server: TestServer;
let sup: string;
let inv: InventoryDto; // counting, location 1, articles
let pcsLine: LineDto;
let lotLine: LineDto;
let pieceRef: string; // an item of the other kind
let free: StockLineDto; // a plain stock line at location 2, which nobody counts

beforeAll(async () => {
  server = await startTestServer();
  sup = await server.token('superviseur');
  inv = await createInventory(server, { name: 'Entrées invalides', locationId: 1, kind: 'articles' });
  const lines = await getLines(server, inv.id);
  pcsLine = lines.find((l) => l.unit === 'pcs' && l.lot === null && l.serial === null) as LineDto;
  lotLine = lines.find((l) => l.lot !== null) as LineDto;
  const stock2 = (await server.call('GET', '/api/stock?locationId=2', { token: sup })).json<StockLineDto[]>();
  free = stock2.find(
    (s) => s.unit === 'pcs' && s.lot === null && s.serial === null && s.qty !== '0.000',
  ) as StockLineDto;
  pieceRef = (stock2.find((s) => s.kind === 'pieces') as StockLineDto).itemRef;
});
afterAll(() => server.close());

const LONG = 'x'.repeat(10_000);
const MISSING = 999999;

interface Case {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: () => string;
  /** A JSON value, or a raw payload sent as it is. */
  readonly body?: () => unknown;
  readonly contentType?: string;
  readonly status: number;
  readonly code?: string;
}

const movementBody = (patch: Record<string, unknown>) => () => ({
  locationId: 2,
  itemRef: free.itemRef,
  bin: free.bin,
  delta: 1,
  reason: 'réception',
  ...patch,
});
const movement = (name: string, patch: Record<string, unknown>, status = 400, code?: string): Case => ({
  name: `stock movement: ${name}`,
  method: 'POST',
  url: () => '/api/stock-movements',
  body: movementBody(patch),
  status,
  ...(code ? { code } : {}),
});

const inventory = (name: string, patch: Record<string, unknown>, status = 400, code?: string): Case => ({
  name: `create inventory: ${name}`,
  method: 'POST',
  url: () => '/api/inventories',
  body: () => ({ name: 'Inventaire 2026', locationId: 2, kind: 'articles', ...patch }),
  status,
  ...(code ? { code } : {}),
});

const addLine = (
  name: string,
  body: () => Record<string, unknown>,
  status = 400,
  code?: string,
  id?: number,
): Case => ({
  name: `add line: ${name}`,
  method: 'POST',
  url: () => `/api/inventories/${id ?? inv.id}/lines`,
  body,
  status,
  ...(code ? { code } : {}),
});

const eventPatch = (patch: Record<string, unknown>) => () => ({
  deviceId: 'tablette-1',
  events: [{ ...event(pcsLine.key, 1, 1), ...patch }],
});
const counts = (name: string, body: () => unknown, status = 400, code?: string, id?: number): Case => ({
  name: `push counts: ${name}`,
  method: 'POST',
  url: () => `/api/inventories/${id ?? inv.id}/counts`,
  body,
  status,
  ...(code ? { code } : {}),
});

const CASES: readonly Case[] = [
  // POST /api/session
  ...(
    [
      ['unknown field', { username: 'superviseur', password: 'demo', remember: true }],
      ['number username', { username: 42, password: 'demo' }],
      ['missing password', { username: 'superviseur' }],
      // Within the 4 KB a login body may have, above the 100 characters a username may.
      ['huge username', { username: 'x'.repeat(1000), password: 'demo' }],
      ['control character', { username: 'super\u0000viseur', password: 'demo' }],
    ] as const
  ).map(([name, body]): Case => ({
    name: `login: ${name}`,
    method: 'POST',
    url: () => '/api/session',
    body: () => body,
    status: 400,
    code: 'invalid_request',
  })),

  // POST /api/stock-movements
  movement('unknown field', { comment: 'hello' }, 400, 'invalid_request'),
  movement('string locationId', { locationId: '2' }, 400, 'invalid_request'),
  movement('decimal locationId', { locationId: 2.5 }, 400, 'invalid_request'),
  movement('locationId 0', { locationId: 0 }, 400, 'invalid_request'),
  movement('number itemRef', { itemRef: 12 }, 400, 'invalid_request'),
  movement('empty itemRef', { itemRef: '' }, 400, 'invalid_request'),
  movement('control character in itemRef', { itemRef: 'ART\u0007001' }, 400, 'invalid_request'),
  movement('newline in bin', { bin: 'A-01\n' }, 400, 'invalid_request'),
  movement('blank bin', { bin: '   ' }, 400, 'invalid_request'),
  movement('blank reason', { reason: ' ' }, 400, 'invalid_request'),
  movement('huge reason', { reason: LONG }, 400, 'invalid_request'),
  movement('missing reason', { reason: undefined }, 400, 'invalid_request'),
  movement('number lot', { lot: 7 }, 400, 'invalid_request'),
  movement('boolean delta', { delta: true }, 400, 'invalid_request'),
  movement('null delta', { delta: null }, 400, 'invalid_request'),
  movement('delta "abc"', { delta: 'abc' }, 400, 'invalid_quantity'),
  movement('delta "1,5"', { delta: '1,5' }, 400, 'invalid_quantity'),
  movement('delta with 4 decimals', { delta: '1.0001' }, 400, 'invalid_quantity'),
  movement('delta above 1e9', { delta: '1000000001' }, 400, 'invalid_quantity'),
  movement('delta below -1e9', { delta: -1000000001 }, 400, 'invalid_quantity'),
  // A JSON number with an exponent is refused as written, before any route reads it.
  movement('delta 1e21', { delta: 1e21 }, 400, 'invalid_number'),
  movement('delta "0"', { delta: '0' }, 400, 'invalid_quantity'),
  movement('delta 0', { delta: 0 }, 400, 'invalid_quantity'),
  movement('delta "-0.000"', { delta: '-0.000' }, 400, 'invalid_quantity'),
  movement('decimal delta on a "pcs" item', { delta: '0.5' }, 400, 'invalid_quantity'),
  movement('unknown item', { itemRef: 'NOPE-000' }, 404, 'not_found'),
  movement('unknown location', { locationId: MISSING }, 404, 'not_found'),
  movement('delta taking the stock below zero', { delta: -1000000 }, 409, 'insufficient_stock'),

  // POST /api/inventories
  inventory('unknown field', { owner: 'moi' }, 400, 'invalid_request'),
  inventory('number name', { name: 42 }, 400, 'invalid_request'),
  inventory('empty name', { name: '' }, 400, 'invalid_request'),
  inventory('blank name', { name: '   ' }, 400, 'invalid_request'),
  inventory('huge name', { name: LONG }, 400, 'invalid_request'),
  inventory('control character in name', { name: 'Inv\u001b[31m' }, 400, 'invalid_request'),
  inventory('string locationId', { locationId: '2' }, 400, 'invalid_request'),
  inventory('unknown kind', { kind: 'tout' }, 400, 'invalid_request'),
  inventory('missing kind', { kind: undefined }, 400, 'invalid_request'),
  inventory('string showExpected', { showExpected: 'yes' }, 400, 'invalid_request'),
  inventory('unknown location', { locationId: MISSING }, 404, 'not_found'),
  { name: 'create inventory: array body', method: 'POST', url: () => '/api/inventories', body: () => [], status: 400 },

  // POST /api/inventories/:id/lines
  addLine('unknown field', () => ({ itemRef: pcsLine.itemRef, bin: 'B-01-1', qty: 3 }), 400, 'invalid_request'),
  addLine('missing bin', () => ({ itemRef: pcsLine.itemRef }), 400, 'invalid_request'),
  addLine('empty bin', () => ({ itemRef: pcsLine.itemRef, bin: '' }), 400, 'invalid_request'),
  addLine('blank bin', () => ({ itemRef: pcsLine.itemRef, bin: '   ' }), 400, 'invalid_request'),
  addLine('tab in bin', () => ({ itemRef: pcsLine.itemRef, bin: 'B\t01' }), 400, 'invalid_request'),
  addLine('huge itemRef', () => ({ itemRef: LONG, designation: 'x', bin: 'B-01-1' }), 400, 'invalid_request'),
  addLine('number designation', () => ({ itemRef: 'NEW-1', designation: 5, bin: 'B-01-1' }), 400, 'invalid_request'),
  addLine('neither reference nor barcode', () => ({ bin: 'B-01-1', designation: 'Objet' }), 400, 'item_required'),
  addLine(
    'unit cost "abc"',
    () => ({ itemRef: 'NEW-1', designation: 'x', bin: 'B-01-1', unitCost: 'abc' }),
    400,
    'invalid_money',
  ),
  addLine(
    'negative unit cost',
    () => ({ itemRef: 'NEW-1', designation: 'x', bin: 'B-01-1', unitCost: -1 }),
    400,
    'invalid_money',
  ),
  addLine(
    'unit cost with 5 decimals',
    () => ({ itemRef: 'NEW-1', designation: 'x', bin: 'B-01-1', unitCost: '1.00001' }),
    400,
    'invalid_money',
  ),
  addLine(
    'boolean unit cost',
    () => ({ itemRef: 'NEW-1', designation: 'x', bin: 'B-01-1', unitCost: true }),
    400,
    'invalid_request',
  ),
  addLine(
    'new reference without designation',
    () => ({ itemRef: 'NEW-1', bin: 'B-01-1' }),
    400,
    'designation_required',
  ),
  addLine('unknown barcode', () => ({ barcode: '0000000000017', bin: 'B-01-1' }), 404, 'not_found'),
  addLine('an item of the other kind', () => ({ itemRef: pieceRef, bin: 'B-01-1' }), 400, 'wrong_kind'),
  addLine('lot-tracked item without a lot', () => ({ itemRef: lotLine.itemRef, bin: 'B-01-1' }), 400, 'lot_required'),
  addLine('unknown inventory', () => ({ itemRef: pcsLine.itemRef, bin: 'B-01-1' }), 404, 'not_found', MISSING),

  // POST /api/inventories/:id/counts
  counts('unknown top-level field', () => ({ deviceId: 'd', events: [], batch: 1 }), 400, 'invalid_request'),
  counts('unknown event field', eventPatch({ note: 'x' }), 400, 'invalid_request'),
  counts('missing deviceId', () => ({ events: [] }), 400, 'invalid_request'),
  counts('deviceId with a slash', () => ({ deviceId: 'a/b', events: [] }), 400, 'invalid_request'),
  counts('deviceId of 65 characters', () => ({ deviceId: 'd'.repeat(65), events: [] }), 400, 'invalid_request'),
  counts('events not an array', () => ({ deviceId: 'd', events: {} }), 400, 'invalid_request'),
  counts(
    'more than 5000 events',
    () => ({ deviceId: 'd', events: Array.from({ length: 5001 }, (_, i) => event(pcsLine.key, 1, i + 1)) }),
    400,
    'invalid_request',
  ),
  counts('bad uuid', eventPatch({ id: 'not-a-uuid' }), 400, 'invalid_request'),
  counts('bad date', eventPatch({ at: 'yesterday' }), 400, 'invalid_request'),
  counts('impossible date', eventPatch({ at: '2026-13-45T99:00:00Z' }), 400, 'invalid_request'),
  counts('seq 0', eventPatch({ seq: 0 }), 400, 'invalid_request'),
  counts('negative seq', eventPatch({ seq: -3 }), 400, 'invalid_request'),
  counts('non-integer seq', eventPatch({ seq: 1.5 }), 400, 'invalid_request'),
  counts('string seq', eventPatch({ seq: '1' }), 400, 'invalid_request'),
  counts('negative qty', eventPatch({ qty: -1 }), 400, 'invalid_quantity'),
  counts('qty "abc"', eventPatch({ qty: 'abc' }), 400, 'invalid_quantity'),
  counts('qty "1,5"', eventPatch({ qty: '1,5' }), 400, 'invalid_quantity'),
  counts('qty "1.0001"', eventPatch({ qty: '1.0001' }), 400, 'invalid_quantity'),
  counts('qty "1000000001"', eventPatch({ qty: '1000000001' }), 400, 'invalid_quantity'),
  counts('boolean qty', eventPatch({ qty: true }), 400, 'invalid_request'),
  // qty null is valid: the device withdraws its count of the line (tests/server/withdrawal.test.ts).
  counts('qty "null" (text)', eventPatch({ qty: 'null' }), 400, 'invalid_quantity'),
  counts('empty counter', eventPatch({ counter: '' }), 400, 'invalid_request'),
  counts('control character in counter', eventPatch({ counter: 'Al\u0000ice' }), 400, 'invalid_request'),
  counts('huge counter', eventPatch({ counter: LONG }), 400, 'invalid_request'),
  counts('huge lineKey', eventPatch({ lineKey: LONG }), 400, 'invalid_request'),
  counts('unknown lineKey', eventPatch({ lineKey: 'NOPE|A-01-1||' }), 400, 'unknown_line'),
  counts('unknown inventory', eventPatch({}), 404, 'not_found', MISSING),

  // POST /api/inventories/:id/close and the other moves
  {
    name: 'close: unknown field',
    method: 'POST',
    url: () => `/api/inventories/${inv.id}/close`,
    body: () => ({ uncountedPolicy: 'zero', hurry: true }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'close: unknown policy',
    method: 'POST',
    url: () => `/api/inventories/${inv.id}/close`,
    body: () => ({ uncountedPolicy: 'guess' }),
    status: 400,
    code: 'invalid_request',
  },
  ...(['close', 'apply', 'cancel', 'reopen'] as const).flatMap((action): Case[] => [
    {
      name: `${action}: unknown inventory`,
      method: 'POST',
      url: () => `/api/inventories/${MISSING}/${action}`,
      status: 404,
      code: 'not_found',
    },
    ...['abc', '0', '-1', '1e3', '12345678901'].map((id): Case => ({
      name: `${action}: id "${id}"`,
      method: 'POST',
      url: () => `/api/inventories/${id}/${action}`,
      status: 400,
      code: 'invalid_request',
    })),
  ]),

  // Reads with bad parameters
  ...(
    [
      ['detail of an unknown inventory', () => `/api/inventories/${MISSING}`, 404],
      ['lines of an unknown inventory', () => `/api/inventories/${MISSING}/lines`, 404],
      ['recap of an unknown inventory', () => `/api/inventories/${MISSING}/recap`, 404],
      ['counts of an unknown inventory', () => `/api/inventories/${MISSING}/counts`, 404],
      ['counts after "abc"', () => `/api/inventories/${inv.id}/counts?after=abc`, 400],
      ['counts after -1', () => `/api/inventories/${inv.id}/counts?after=-1`, 400],
      ['counts limit 0', () => `/api/inventories/${inv.id}/counts?limit=0`, 400],
      ['counts unknown parameter', () => `/api/inventories/${inv.id}/counts?since=3`, 400],
      ['stock without locationId', () => '/api/stock', 400],
      ['stock of location "abc"', () => '/api/stock?locationId=abc', 400],
      ['stock of an unknown location', () => `/api/stock?locationId=${MISSING}`, 404],
    ] as const
  ).map(([name, url, status]): Case => ({ name: `GET ${name}`, method: 'GET', url, status })),

  // Transport
  {
    name: 'malformed JSON',
    method: 'POST',
    url: () => '/api/inventories',
    body: () => '{"name": "Inventaire", "locationId": 2,',
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'malformed JSON on counts',
    method: 'POST',
    url: () => `/api/inventories/${inv.id}/counts`,
    body: () => '{"deviceId": "d", "events": [}',
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'empty JSON body',
    method: 'POST',
    url: () => '/api/inventories',
    body: () => '',
    status: 400,
  },
  {
    name: 'JSON sent as text/plain',
    method: 'POST',
    url: () => '/api/inventories',
    body: () => JSON.stringify({ name: 'Inventaire', locationId: 2, kind: 'articles' }),
    contentType: 'text/plain',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'XML content type',
    method: 'POST',
    url: () => '/api/inventories',
    body: () => '<inventory name="x"/>',
    contentType: 'application/xml',
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'JSON body on the export upload',
    method: 'PUT',
    url: () => `/api/inventories/${inv.id}/exports/before`,
    body: () => JSON.stringify({ zip: 'no' }),
    status: 400,
  },
  {
    name: 'count push above its 8 MB limit',
    method: 'POST',
    url: () => `/api/inventories/${inv.id}/counts`,
    body: () => JSON.stringify({ deviceId: 'd', events: [], pad: 'x'.repeat(9 * 1024 * 1024) }),
    status: 413,
    code: 'too_large',
  },
  {
    name: 'login body above its 4 KB limit',
    method: 'POST',
    url: () => '/api/session',
    body: () => JSON.stringify({ username: LONG, password: 'demo' }),
    status: 413,
    code: 'too_large',
  },
  {
    name: 'form body above the 64 KB default limit',
    method: 'POST',
    url: () => '/api/inventories',
    body: () => JSON.stringify({ name: 'x'.repeat(70 * 1024), locationId: 2, kind: 'articles' }),
    status: 413,
    code: 'too_large',
  },
];

describe('bad input is refused and changes nothing', () => {
  it('the table covers every write endpoint', () => {
    const urls = new Set(CASES.filter((c) => c.method !== 'GET').map((c) => c.name.split(':')[0]));
    expect([...urls]).toEqual(
      expect.arrayContaining([
        'login',
        'stock movement',
        'create inventory',
        'add line',
        'push counts',
        'close',
        'apply',
        'cancel',
        'reopen',
      ]),
    );
  });

  it.each(CASES)('$name → $status', async (c) => {
    const before = await dbSnapshot(server);
    const body = c.body?.();
    const res = await server.call(c.method, c.url(), {
      token: sup,
      ...(body === undefined ? {} : { body }),
      ...(c.contentType ? { headers: { 'content-type': c.contentType } } : {}),
    });
    expectError(res, c.status, c.code);
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

/**
 * Every write route of core's table, from its schema: a JSON body with a field the route
 * does not take (or any body, where it takes none) is a 400 and changes nothing — a new
 * route is checked here without anyone listing it. As the admin, whom every route admits
 * but the logins'.
 */
describe('every write route of the table refuses what it does not take', () => {
  const writes = ROUTE_NAMES.filter((n) => ROUTES[n].method !== 'GET');

  it.each(writes)('%s', async (name: RouteName) => {
    const spec = ROUTES[name];
    const takesJson = 'body' in spec.schema && !('binaryBody' in spec);
    const body = takesJson ? { ...validShape(name), unexpectedField: 1 } : { unexpected: true };
    const before = await dbSnapshot(server);
    // The counting inventory: a refusal must come from what is sent, not from an id that does not exist.
    const params = { id: inv.id, phase: 'before', username: 'personne' } as const;
    const res = await server.call(spec.method, routePath(name, params), {
      token: await server.token('admin'),
      body,
    });
    const error = expectError(res, 400);
    if (!('binaryBody' in spec)) expect(error.code).toBe(takesJson ? 'invalid_request' : 'unexpected_body');
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

/** A body of the right shape for the routes whose schema says only "no unknown field" (oneOf: the first). */
function validShape(name: RouteName): Record<string, unknown> {
  return name === 'createRecount' ? { lineKey: 'x' } : {};
}

describe('edge values that are accepted', () => {
  it('an empty batch of events is fine: accepted 0', async () => {
    // Claimed before: a first push with an id claims it, which is a change of its own.
    expect(
      (await server.call('POST', '/api/devices/claim', { token: sup, body: { deviceId: 'tablette-1' } })).status,
    ).toBe(204);
    const before = await dbSnapshot(server);
    const res = await server.call('POST', `/api/inventories/${inv.id}/counts`, {
      token: sup,
      body: { deviceId: 'tablette-1', events: [] },
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json<CountsPushResultDto>()).toEqual({ accepted: 0, duplicates: 0, late: 0 });
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('exactly 5000 events and a quantity of exactly 1e9 are accepted', async () => {
    const events = Array.from({ length: 5000 }, (_, i) => event(pcsLine.key, i === 4999 ? '1000000000' : 1, i + 1));
    const res = await server.call('POST', `/api/inventories/${inv.id}/counts`, {
      token: sup,
      body: { deviceId: 'limite', events },
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json<CountsPushResultDto>().accepted).toBe(5000);
  });

  it('a signed delta (no "+": written plainly) is accepted on a movement, and exactly the stock can be removed', async () => {
    const add = await server.call('POST', '/api/stock-movements', {
      token: sup,
      body: movementBody({ delta: '2' })(),
    });
    expect(add.status, add.body).toBe(201);
    const all = BigInt(free.qty.replace('.', '')) + 2000n;
    const remove = await server.call('POST', '/api/stock-movements', {
      token: sup,
      body: movementBody({ delta: `-${all / 1000n}` })(),
    });
    expect(remove.status, remove.body).toBe(201);
    expect(remove.json<{ qty: string }>().qty).toBe('0.000');
    expectError(
      await server.call('POST', '/api/stock-movements', { token: sup, body: movementBody({ delta: -1 })() }),
      409,
      'insufficient_stock',
    );
  });
});
