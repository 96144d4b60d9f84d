/**
 * The one way the app (and its workers) talk to the server. Every call returns a Result:
 * the server's own error code and message, or `offline` when the network or the server is
 * unreachable, or `unauthorized` when the session has expired — never a throw, so each
 * screen decides what the user sees and nothing already counted depends on the network.
 */
import type { ApiError } from '../../core/api';
import { fail, ok, type Result } from '../../core/errors';

export type ApiResult<T> = Result<T, string>;

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The bearer token for the next calls (null after logout); workers get it in their request. */
export function setToken(next: string | null): void {
  token = next;
}

export function whenUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
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
  if (res.ok) return ok(res);
  // A proxy or a stopped server may answer with HTML: the status alone then tells the story.
  let error: ApiError['error'] | null = null;
  try {
    error = ((await res.json()) as ApiError).error ?? null;
  } catch {
    error = null;
  }
  // 401 `unauthenticated`: the token expired or was revoked (a wrong password is `invalid_credentials`).
  const expired = res.status === 401 && error?.code !== 'invalid_credentials';
  if (expired && token) onUnauthorized?.();
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    return fail('offline', `The server is unavailable (HTTP ${res.status}).`);
  }
  const code = expired ? 'unauthorized' : (error?.code ?? (res.status >= 500 ? 'server_error' : 'http_error'));
  return fail(code, error?.message ?? `HTTP ${res.status}`, { status: res.status, details: error?.details });
}

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

export const get = <T>(path: string, options?: Options): Promise<ApiResult<T>> => apiJson<T>('GET', path, options);
export const post = <T>(path: string, body?: unknown, options?: Options): Promise<ApiResult<T>> =>
  apiJson<T>('POST', path, { ...options, body });
