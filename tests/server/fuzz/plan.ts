/**
 * Builds the fuzz test's requests. For every API route (as the server lists them, so a new
 * route is fuzzed without being named here) and every caller, a seeded stream of requests
 * whose body, path id or query is hostile: a template body with one field replaced,
 * removed or added, a whole hostile value, a raw payload, broken UTF-8, a wrong content
 * type. Each request is checked against the route's own schemas (Fastify's compiler, the
 * server's ajv options) and kept only if it is certainly invalid, so no fuzz request can
 * legitimately change data and any change it makes is a bug.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import fc from 'fast-check';
import querystring from 'node:querystring';
import { AJV_OPTIONS } from '../../../src/server/app';
import type { ApiRoute } from '../../../src/server/http/strictRoutes';
import { BROKEN_UTF8, CONTENT_TYPES, HOSTILE_IDS, HOSTILE_QUERIES, hostileValue, RAW_PAYLOADS } from './hostile';

export interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string | Buffer;
  /** What was hostile, for the failure report. */
  readonly what: string;
}

type Json = unknown;
type Validate = (data: unknown) => boolean;

const NOW = '2026-12-01T10:00:00.000Z';
/** Valid-looking bodies of each write route, to mutate one field at a time. */
const TEMPLATES: Readonly<Record<string, Json>> = {
  'POST /api/session': { username: 'superviseur', password: 'demo' },
  'POST /api/devices/claim': { deviceId: 'fuzz' },
  'POST /api/stock-movements': { locationId: 2, itemRef: 'REF', bin: 'A-01', delta: 1, reason: 'réception' },
  'POST /api/inventories': {
    name: 'Fuzz',
    locationId: 1,
    kind: 'articles',
    showExpected: false,
    recountThreshold: { qtyPercent: '10', value: null },
  },
  'PATCH /api/inventories/:id': { recountThreshold: { qtyPercent: '10', value: '5' } },
  'POST /api/inventories/:id/close': { uncountedPolicy: 'keep', force: false },
  'POST /api/inventories/:id/lines': {
    itemRef: 'REF',
    barcode: null,
    designation: 'Vis',
    supplier: null,
    unit: 'pcs',
    unitCost: '1.5',
    bin: 'A-01',
    lot: null,
    serial: null,
  },
  'POST /api/inventories/:id/counts': {
    deviceId: 'fuzz',
    unsent: 0,
    events: [
      {
        id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
        lineKey: 'NOPE|X||',
        qty: '1',
        seq: 1,
        counter: 'Zoé',
        at: NOW,
        round: 0,
      },
    ],
  },
  'POST /api/inventories/:id/bins': {
    deviceId: 'fuzz',
    checks: [{ bin: 'A-01', empty: true, seq: 1, counter: 'Zoé', at: NOW }],
  },
  'POST /api/inventories/:id/recounts': { lineKey: 'NOPE|X||' },
  'POST /api/users': { username: 'fuzz.user', role: 'counter', password: 'fuzz-password' },
  'PATCH /api/users/:username': { role: 'supervisor', active: false },
  'PUT /api/users/:username/password': { password: 'fuzz-password' },
  'POST /api/locations': { code: 'FUZZ-01', name: 'Fuzz' },
  'PATCH /api/locations/:id': { name: 'Fuzz' },
};

/** Users named in the paths of the user routes: real ones and one that does not exist. */
const USERNAMES = ['compteur', 'admin', 'personne'] as const;

/** Every path to a value inside `v` (the root included), e.g. ['events', 0, 'qty']. */
function pathsOf(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => pathsOf(x, [...prefix, i]))];
  if (v && typeof v === 'object')
    return [...here, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...prefix, k]))];
  return here;
}

/** A copy of `v` with the value at `path` replaced (or removed when `value` is REMOVE). */
const REMOVE = Symbol('remove');
function setAt(v: Json, path: readonly (string | number)[], value: unknown): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(v)) {
    const copy: Json[] = [...(v as Json[])];
    if (rest.length === 0 && value === REMOVE) copy.splice(Number(head), 1);
    else copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const copy = { ...(v as Record<string, unknown>) };
  if (rest.length === 0 && value === REMOVE) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value);
  return copy;
}

interface Choice {
  readonly body: number;
  readonly path: number;
  readonly value: unknown;
  readonly raw: number;
  readonly contentType: number;
  readonly id: number;
  readonly query: number;
  readonly hostileId: boolean;
  readonly hostileQuery: boolean;
}

const choice: fc.Arbitrary<Choice> = fc.record({
  body: fc.nat(99),
  path: fc.nat(),
  value: hostileValue,
  raw: fc.nat(),
  contentType: fc.nat(),
  id: fc.nat(),
  query: fc.nat(),
  hostileId: fc.boolean(),
  hostileQuery: fc.boolean(),
});

export interface RouteValidators {
  params: Validate;
  querystring: Validate;
  body: Validate | null;
}

export function validatorsFor(route: ApiRoute): RouteValidators {
  const build = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS } });
  const compile = (httpPart: string, schema: unknown): Validate =>
    schema ? build({ schema, method: route.method, url: route.url, httpPart }) : () => true;
  const s = (route.schema ?? {}) as Record<string, unknown>;
  return {
    params: compile('params', s.params),
    querystring: compile('querystring', s.querystring),
    body: s.body ? compile('body', s.body) : null,
  };
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/**
 * `count` certainly-invalid requests for `route` (ids of real inventories in `ids`), as
 * `authorization` (or none). Requests that would be valid are dropped, so a call may
 * return fewer than asked.
 */
export function planRequests(
  route: ApiRoute,
  validators: RouteValidators,
  ids: readonly string[],
  authorization: string | null,
  /** The caller is refused whatever it sends (no token, a revoked one): keep every request. */
  refusedCaller: boolean,
  count: number,
  seed: number,
): FuzzRequest[] {
  const key = `${route.method} ${route.url}`;
  const template = TEMPLATES[key] ?? {};
  const paths = pathsOf(template);
  const takesBody = route.method !== 'GET' && route.method !== 'HEAD';
  const out: FuzzRequest[] = [];
  for (const c of fc.sample(choice, { seed, numRuns: count })) {
    const id = c.hostileId ? pick(HOSTILE_IDS, c.id) : pick(ids, c.id);
    const urlPath = route.url
      .replace(':id', id)
      .replace(':phase', c.id % 2 ? 'before' : 'after')
      .replace(':username', c.hostileId ? id : pick(USERNAMES, c.id));
    const query = c.hostileQuery || !takesBody ? pick(HOSTILE_QUERIES, c.query) : '';
    const headers: Record<string, string> = authorization ? { authorization } : {};
    let payload: string | Buffer | undefined;
    let what: string;
    if (!takesBody) {
      what = 'query/id';
    } else if (c.body < 35) {
      const path = pick(paths, c.path);
      payload = JSON.stringify(setAt(template, path, c.value));
      what = `${path.join('.') || 'body'} = hostile`;
    } else if (c.body < 45 && paths.length > 1) {
      const path = pick(paths.slice(1), c.path);
      payload = JSON.stringify(setAt(template, path, REMOVE));
      what = `${path.join('.')} removed`;
    } else if (c.body < 55) {
      const path = pick(paths, c.path);
      const target = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], template);
      const extra = target && typeof target === 'object' && !Array.isArray(target) ? [...path, 'évil'] : ['évil'];
      payload = JSON.stringify(setAt(template, extra, c.value));
      what = `unknown field ${extra.join('.')}`;
    } else if (c.body < 70) {
      payload = JSON.stringify(c.value) ?? 'null';
      what = 'whole body hostile';
    } else if (c.body < 88) {
      payload = pick(RAW_PAYLOADS, c.raw);
      what = `raw payload #${c.raw % RAW_PAYLOADS.length}`;
    } else if (c.body < 92) {
      payload = BROKEN_UTF8;
      what = 'broken UTF-8';
    } else {
      payload = JSON.stringify(template);
      headers['content-type'] = pick(CONTENT_TYPES, c.contentType);
      what = `content-type ${headers['content-type']}`;
    }
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const request: FuzzRequest = {
      method: route.method,
      url: query ? `${urlPath}?${query}` : urlPath,
      headers,
      ...(payload === undefined ? {} : { payload }),
      what: `${what}${c.hostileId ? `, id ${id}` : ''}${query ? `, ?${query}` : ''}`,
    };
    if (refusedCaller || !wouldPass(request, validators, route.binaryBody)) out.push(request);
  }
  return out;
}

/** True unless some part of the request is certainly refused by the route's own checks. */
function wouldPass(r: FuzzRequest, v: RouteValidators, binary: boolean): boolean {
  if (binary) return false; // only a genuine export ZIP passes, and no fuzz body is one
  const [path = '', query = ''] = r.url.split('?');
  const params: Record<string, string> = {};
  const m = /^\/api\/inventories\/([^/]+)/.exec(path);
  if (m) params.id = decodeURIComponent(m[1] ?? '');
  if (m && !v.params(params)) return false;
  if (!v.querystring({ ...querystring.parse(query) })) return false;
  if (r.method === 'GET') return true;
  if (r.payload === undefined) return v.body ? v.body(undefined) : true;
  const type = r.headers['content-type'] ?? '';
  if (/^(text\/|multipart\/|application\/(x-www-form|xml))/.test(type)) return false;
  if (/^application\/(zip|octet-stream)/.test(type)) return false; // a Buffer: no schema takes one
  let body: unknown;
  try {
    const text = Buffer.isBuffer(r.payload) ? r.payload.toString('utf8') : r.payload;
    const stripped = text.replace(/^\uFEFF/, '');
    body = stripped === '' ? undefined : JSON.parse(stripped);
  } catch {
    return false;
  }
  return v.body ? v.body(body) : body === undefined;
}
