/**
 * Small helpers shared by the server tests: error-shape assertions, count events, exact
 * decimal arithmetic done independently of the code under test (BigInt on the decimal
 * text, never floats), and a snapshot of the database to prove a refusal changed nothing.
 */
import { afterAll, expect } from 'vitest';
import type {
  ApiError,
  CountEventInputDto,
  CountsPushResultDto,
  CreateInventoryDto,
  InventoryDto,
  LineDto,
  LocationDto,
  RecapDto,
  RecapLineDto,
} from '../../src/core/api/dto';
import { startTestServer, type Response, type TestServer } from './harness';

/** A line as the lines endpoint sends it: `expectedQty` is null for a blind count. */
export type WireLineDto = LineDto;
/** A line as a supervisor sees it: with its expected quantity. */
export type FullLineDto = LineDto & { readonly expectedQty: string; readonly unitCost: string };

/** A count event as a device sends it (the API contract's input shape). */
export type EventBody = CountEventInputDto;

export const QTY = /^-?\d+\.\d{3}$/;
export const MONEY = /^-?\d+\.\d{4}$/;

/** Asserts a refusal: the status, the `{error: {code, message}}` shape, a non-empty message. */
export function expectError(res: Response, status: number, code?: string): ApiError['error'] {
  expect(res.status, res.body).toBe(status);
  const body = res.json<ApiError>();
  expect(typeof body.error.code).toBe('string');
  expect(body.error.code.length).toBeGreaterThan(0);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.trim().length).toBeGreaterThan(0);
  if (code !== undefined) expect(body.error.code).toBe(code);
  return body.error;
}

export function event(lineKey: string, qty: number | string, seq: number, counter = 'Test'): EventBody {
  return { id: crypto.randomUUID(), lineKey, qty, seq, counter, at: new Date().toISOString() };
}

export async function push(
  server: TestServer,
  token: string,
  inventoryId: number,
  deviceId: string,
  events: readonly EventBody[],
): Promise<CountsPushResultDto> {
  const res = await server.call('POST', `/api/inventories/${inventoryId}/counts`, {
    token,
    body: { deviceId, events },
  });
  expect(res.status, res.body).toBe(200);
  return res.json<CountsPushResultDto>();
}

export async function createInventory(server: TestServer, body: CreateInventoryDto): Promise<InventoryDto> {
  const res = await server.call('POST', '/api/inventories', { token: await server.token('superviseur'), body });
  expect(res.status, res.body).toBe(201);
  return res.json<InventoryDto>();
}

export async function getLines(server: TestServer, inventoryId: number): Promise<FullLineDto[]> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/lines`, {
    token: await server.token('superviseur'),
  });
  expect(res.status, res.body).toBe(200);
  const lines = res.json<LineDto[]>();
  expect(lines.every((l) => l.expectedQty !== null)).toBe(true);
  return lines as FullLineDto[];
}

/** "12.340" → 12340n at scale 3; refuses any text that is not canonical at that scale. */
export function scaled(text: string, scale: number): bigint {
  expect(text).toMatch(new RegExp(`^-?\\d+\\.\\d{${scale}}$`));
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).replace('.', '');
  const value = BigInt(digits);
  return negative ? -value : value;
}

export const sumScaled = (texts: readonly string[], scale: number): bigint =>
  texts.reduce((total, t) => total + scaled(t, scale), 0n);

export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** qty (3 decimals) × unit cost (4 decimals), rounded half away from zero to 4 decimals. */
export function valueOf(qtyText: string, unitCostText: string): bigint {
  const product = scaled(qtyText, 3) * scaled(unitCostText, 4);
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude + 500n) / 1000n;
  return product < 0n ? -rounded : rounded;
}

/**
 * Row counts and sums of every table a write could touch, users and locations whole
 * (sessions excepted: logins write them).
 */
export async function dbSnapshot(server: TestServer): Promise<Record<string, string>> {
  const [row] = await server.db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM inventories)::text AS inventories,
            (SELECT string_agg(id || ':' || status || ':' || uncounted_policy, ',' ORDER BY id) FROM inventories) AS statuses,
            (SELECT count(*) FROM inventory_lines)::text AS inventory_lines,
            (SELECT coalesce(sum(unit_cost), 0) FROM inventory_lines)::text AS line_costs,
            (SELECT count(*) FILTER (WHERE cost_missing) FROM inventory_lines)::text AS lines_to_value,
            (SELECT count(*) FROM count_events)::text AS count_events,
            (SELECT count(*) FROM count_registers)::text AS count_registers,
            (SELECT coalesce(sum(qty), 0) FROM count_registers)::text AS registered_qty,
            (SELECT count(*) FROM stock_lines)::text AS stock_lines,
            (SELECT coalesce(sum(qty), 0) FROM stock_lines)::text AS stock_qty,
            (SELECT count(*) FROM stock_movements)::text AS stock_movements,
            (SELECT count(*) FROM items)::text AS items,
            (SELECT count(*) FROM item_barcodes)::text AS barcodes,
            (SELECT count(*) FROM bins)::text AS bins,
            (SELECT count(*) FROM exports)::text AS exports,
            (SELECT string_agg(device_id || ':' || username, ',' ORDER BY device_id) FROM device_claims) AS device_claims,
            (SELECT count(*) FROM users)::text AS users,
            (SELECT string_agg(username || ':' || role || ':' || active || ':' || password_hash, ',' ORDER BY username)
             FROM users) AS user_rows,
            (SELECT string_agg(id || ':' || code || ':' || name, ',' ORDER BY id) FROM locations) AS locations`,
  );
  if (!row) throw new Error('snapshot query returned nothing');
  return row;
}

/** The stock of a location as `itemRef|bin|lot|serial → qty`, read from the database. */
export async function stockInDb(server: TestServer, locationId: number): Promise<Map<string, string>> {
  const rows = await server.db.query<{ k: string; qty: string }>(
    `SELECT item_ref || '|' || bin || '|' || lot || '|' || serial AS k, qty::text AS qty
     FROM stock_lines WHERE location_id = $1`,
    [locationId],
  );
  return new Map(rows.map((r) => [r.k, r.qty]));
}

export const stockKey = (l: { itemRef: string; bin: string; lot: string | null; serial: string | null }): string =>
  `${l.itemRef}|${l.bin}|${l.lot ?? ''}|${l.serial ?? ''}`;

/**
 * A recap's figures without what only says late events exist (per line `late`, totals
 * `lateEvents`): late events must never change the figures, only be reported apart.
 */
export function figures(recap: RecapDto): unknown {
  const line = ({ late: _late, ...rest }: RecapLineDto) => rest;
  const { lateEvents: _lateEvents, ...totals } = recap.totals;
  return { ...recap, lines: recap.lines.map(line), uncounted: recap.uncounted.map(line), totals };
}

/**
 * A new inventory of a location, cancelling the one that holds it (tests share the demo
 * database); with its lines as a supervisor sees them.
 */
export async function freshInventory(
  server: TestServer,
  body: CreateInventoryDto,
): Promise<{ inv: InventoryDto; lines: FullLineDto[] }> {
  const sup = await server.token('superviseur');
  const locations = (await server.call('GET', '/api/locations', { token: sup })).json<LocationDto[]>();
  const frozenBy = locations.find((l) => l.id === body.locationId)?.frozenBy;
  if (frozenBy)
    expect((await server.call('POST', `/api/inventories/${frozenBy}/cancel`, { token: sup })).status).toBe(200);
  const inv = await createInventory(server, body);
  return { inv, lines: await getLines(server, inv.id) };
}

/** The recap as the supervisor reads it. */
export async function getRecap(server: TestServer, inventoryId: number): Promise<RecapDto> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/recap`, {
    token: await server.token('superviseur'),
  });
  expect(res.status, res.body).toBe(200);
  return res.json<RecapDto>();
}

/** A test file's server and the demo users' tokens. */
export interface FileServer {
  readonly server: TestServer;
  readonly sup: string;
  readonly counter: string;
  readonly accountant: string;
}

/**
 * Starts the test file's server with a token for each demo role, and closes it after the
 * file's tests: `const { server, sup, counter } = await fileServer();` at the file's top
 * level (vitest collects test files asynchronously, so the hook lands on the file).
 */
export async function fileServer(options?: Parameters<typeof startTestServer>[0]): Promise<FileServer> {
  const server = await startTestServer(options);
  afterAll(() => server.close());
  return {
    server,
    sup: await server.token('superviseur'),
    counter: await server.token('compteur'),
    accountant: await server.token('comptable'),
  };
}
