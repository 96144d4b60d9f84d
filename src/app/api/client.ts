/**
 * The one way the app (and its workers) talk to the server. Every call returns a Result:
 * the server's own error code and message, or `offline` when the network or the server is
 * unreachable, or `unauthorized` when the session has expired — never a throw, so each
 * screen decides what the user sees and nothing already counted depends on the network.
 */
import type { ApiError } from '../../core/api/dto';
import { retryable } from '../../core/api/errorCodes';
import { ROUTES, routePath, type ParamsOf, type RouteName, type RouteParams } from '../../core/api/routes';
import { fail, ok, type DomainError, type Result } from '../../core/errors';
import type { ResponseOf } from './responses';

export type ApiResult<T> = Result<T, string>;

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;
let onAnswered: (() => void) | null = null;

/** The bearer token for the next calls (null after logout); workers get it in their request. */
export function setToken(next: string | null): void {
  token = next;
}

/** The Authorization header of the session, for the few calls made outside fetch (an upload with progress). */
export const authorization = (): string | null => (token ? `Bearer ${token}` : null);

/** The session's token as is, for a worker's request (its own copy of this client calls with it). */
export const sessionToken = (): string | null => token;

/**
 * A worker's call ended (it has its own copy of this module, and so none of the page's
 * callbacks): what the page's own call would have done with the same answer — the sync
 * loop learns the server answered, an expired session asks to log in again.
 */
export function workerAnswered(result: Result<unknown, string>): void {
  if (result.ok) onAnswered?.();
  else if (result.error.code === 'unauthorized' && token) onUnauthorized?.();
}

export function whenUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
}

/**
 * Called after each call the server answered successfully: the sync loop, waiting out its
 * backoff after the server could not be reached, learns the way is back from any screen's
 * call and pushes at once.
 */
export function whenAnswered(callback: () => void): void {
  onAnswered = callback;
}

const TIMEOUT_MS = 30_000;

interface Options {
  readonly body?: unknown;
  /** Sent as is (a ZIP upload). */
  readonly bytes?: Uint8Array;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

async function send(method: string, path: string, options: Options): Promise<Result<Response, string>> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.bytes) {
    headers['Content-Type'] = 'application/zip';
    body = new Blob([options.bytes as Uint8Array<ArrayBuffer>]);
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method, headers, body, signal, cache: 'no-store' });
  } catch (e) {
    if (options.signal?.aborted) return fail('aborted', 'Cancelled.');
    return fail('offline', e instanceof Error ? e.message : 'The server cannot be reached.');
  }
  if (res.ok) {
    onAnswered?.();
    return ok(res);
  }
  // A proxy or a stopped server may answer with HTML: the status alone then tells the story.
  let error: ApiError['error'] | null = null;
  try {
    const body = (await res.json()) as Partial<ApiError> | null;
    error = typeof body?.error?.code === 'string' ? body.error : null;
  } catch {
    error = null;
  }
  const retryAfterMs = retryAfter(res.headers.get('Retry-After'));
  const facts = { status: res.status, api: error !== null, ...(retryAfterMs === null ? {} : { retryAfterMs }) };
  // 401 `unauthenticated`: the token expired or was revoked (a wrong password is `invalid_credentials`).
  const expired = res.status === 401 && error?.code !== 'invalid_credentials';
  if (expired && token) onUnauthorized?.();
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    return fail('offline', `The server is unavailable (HTTP ${res.status}).`, facts);
  }
  // Every 5xx reads the same to the app ("the server failed; try again"), whatever code it sent.
  const code = expired
    ? 'unauthorized'
    : res.status >= 500
      ? 'server_error'
      : (error?.code ?? (res.status === 429 ? 'too_many_requests' : 'http_error'));
  return fail(code, error?.message ?? `HTTP ${res.status}`, { ...facts, details: error?.details });
}

/** Retry-After as milliseconds (seconds or an HTTP date); null when absent or unreadable. */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = /^\s*(\d{1,7})\s*$/.exec(header);
  if (seconds) return Number(seconds[1]) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/**
 * Whether the server refused what was sent for good, so sending it again would be refused
 * again: only our API's own answer (a JSON error with a code), and only for a code core's
 * table (api/errorCodes.ts) says no retry can help. Everything else — no answer, a cut
 * answer, a proxy's HTML page, a 5xx (`internal`, `busy`), 401, 403, 404, 408, 413, 429 —
 * may pass later and is retried: a count is never given up because the way to the server
 * failed. A code this version does not know (a newer server's) is read from its status:
 * a 400, 409 or 422 refuses the content.
 */
export function isDefinitive(error: DomainError<string>): boolean {
  if (error.details?.api !== true) return false;
  const known = retryable(error.code);
  if (known !== null) return !known;
  const status = typeof error.details?.status === 'number' ? error.details.status : 0;
  return status === 400 || status === 409 || status === 422;
}

/** How long the server asked to wait (429, 503), in ms; 0 when it did not say. */
export const retryAfterMs = (error: DomainError<string>): number =>
  typeof error.details?.retryAfterMs === 'number' ? error.details.retryAfterMs : 0;

export async function apiJson<T>(method: string, path: string, options: Options = {}): Promise<ApiResult<T>> {
  const res = await send(method, path, options);
  if (!res.ok) return res;
  if (res.value.status === 204) return ok(undefined as T);
  try {
    return ok((await res.value.json()) as T);
  } catch (e) {
    return fail('offline', `The answer was cut short: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function apiBytes(path: string, options: Options = {}): Promise<ApiResult<Uint8Array>> {
  const res = await send('GET', path, { ...options, timeoutMs: options.timeoutMs ?? 300_000 });
  if (!res.ok) return res;
  try {
    return ok(new Uint8Array(await res.value.arrayBuffer()));
  } catch (e) {
    return fail('offline', `The download was cut short: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A call whose answer is read as it arrives (the snapshot's lines: tens of MB the page
 * should never hold as one text): `onText` gets each decoded piece in order, and the
 * reading waits for it. An answer cut short is `offline`, as in `apiJson`; what `onText`
 * throws is thrown.
 */
export async function callStreamed<N extends RouteName>(
  name: N,
  onText: (text: string) => void | Promise<void>,
  ...[input]: OptionalIfNoParams<N>
): Promise<ApiResult<void>> {
  const i = (input ?? {}) as CallInput<N>;
  const res = await send(ROUTES[name].method, urlOf(name, i), i);
  if (!res.ok) return res;
  const body = res.value.body;
  if (!body) return ok(undefined);
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (e) {
      return fail('offline', `The answer was cut short: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (next.done) break;
    try {
      await onText(decoder.decode(next.value, { stream: true }));
    } catch (e) {
      // The rest is not wanted: the connection is let go rather than read to its end.
      reader.cancel().catch(() => undefined);
      throw e;
    }
  }
  const rest = decoder.decode();
  if (rest) await onText(rest);
  return ok(undefined);
}

/** A call's query: undefined values are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

/** What a call of route `N` carries: its path's values (when it has any), a query, a body. */
export type CallInput<N extends RouteName> = Options & { readonly query?: Query } & ([
    ParamsOf<(typeof ROUTES)[N]['path']>,
  ] extends [never]
    ? { readonly params?: undefined }
    : { readonly params: RouteParams<N> });

/** The URL of a call under /api, relative to it (what `send` takes). */
function urlOf<N extends RouteName>(name: N, input: CallInput<N>): string {
  const path = routePath(name, (input.params ?? {}) as RouteParams<N>).slice('/api'.length);
  const entries = Object.entries(input.query ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length === 0 ? path : `${path}?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}`;
}

/**
 * Calls a route of core's table by name: its method and path come from the table, the
 * answer's type from responses.ts. `call('listLines', { params: { id } })`.
 */
export function call<N extends RouteName>(
  name: N,
  ...[input]: OptionalIfNoParams<N>
): Promise<ApiResult<ResponseOf<N>>> {
  const i = (input ?? {}) as CallInput<N>;
  return apiJson<ResponseOf<N>>(ROUTES[name].method, urlOf(name, i), i);
}

/** A download (a ZIP) of a route of the table, as bytes. */
export function callBytes<N extends RouteName>(
  name: N,
  ...[input]: OptionalIfNoParams<N>
): Promise<ApiResult<Uint8Array>> {
  const i = (input ?? {}) as CallInput<N>;
  return apiBytes(urlOf(name, i), i);
}

/** The input may be left out for a route whose path has no values. */
type OptionalIfNoParams<N extends RouteName> = [ParamsOf<(typeof ROUTES)[N]['path']>] extends [never]
  ? [input?: CallInput<N>]
  : [input: CallInput<N>];
