/**
 * A request body must keep coming: every route's body is read through a guard that gives
 * up (408 `body_timeout`, connection closed) when no byte came for `idleMs`, or when the
 * whole body took longer than `graceMs` plus its declared length at `minBytesPerSecond`.
 * A client that opens a request and sends its body a byte at a time ("slowloris") then
 * holds a connection for seconds, not forever; a phone on a bad network that stalls is
 * told so and sends again (the app retries a 408). Node's own requestTimeout is the backstop.
 */
import type { preParsingAsyncHookHandler } from 'fastify';
import { Transform } from 'node:stream';
import { HttpError } from './errors';

export interface BodyTimeouts {
  readonly idleMs: number;
  readonly graceMs: number;
  readonly minBytesPerSecond: number;
}

export const BODY_TIMEOUTS: BodyTimeouts = { idleMs: 30_000, graceMs: 30_000, minBytesPerSecond: 8 * 1024 };

export function bodyTimeout(t: BodyTimeouts): preParsingAsyncHookHandler {
  return async (request, reply, payload) => {
    const length = Number(request.headers['content-length'] ?? NaN);
    const chunked = request.headers['transfer-encoding'] !== undefined;
    // No body to wait for.
    if (!chunked && !(length > 0)) return payload;
    const deadlineMs = t.graceMs + ((Number.isFinite(length) ? length : 0) / t.minBytesPerSecond) * 1000;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const guard = new Transform({
      transform(chunk, _encoding, callback) {
        armIdle();
        callback(null, chunk);
      },
      flush(callback) {
        stop();
        callback();
      },
    });
    const giveUp = (why: string): void => {
      stop();
      reply.header('Connection', 'close');
      // The answer goes out, then the connection closes (Connection: close); whatever more
      // the client sends meanwhile is read and dropped.
      payload.unpipe(guard);
      payload.resume();
      guard.destroy(new HttpError(408, 'body_timeout', `The request body ${why}; send it again.`));
    };
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => giveUp(`stopped coming for ${t.idleMs / 1000} s`), t.idleMs);
    };
    const total = setTimeout(() => giveUp(`took over ${Math.round(deadlineMs / 1000)} s`), deadlineMs);
    const stop = (): void => {
      clearTimeout(idle);
      clearTimeout(total);
    };
    armIdle();
    payload.on('error', (e) => {
      stop();
      guard.destroy(e);
    });
    guard.on('close', stop);
    // Once answered (a refusal before the body was read in full, say), nothing is waited for.
    reply.raw.once('close', stop);
    request.raw.once('close', stop);
    // Fastify listens while it reads; an error after that has no one to tell and is no crash.
    guard.on('error', () => undefined);
    return payload.pipe(guard);
  };
}
