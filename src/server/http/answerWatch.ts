/**
 * Lets a test watch every API answer as it leaves: the route, the status, the bytes
 * sent, and the value the handler gave before Fastify serialized it with the route's
 * response schema. The server suite compares the two (a field the schema forgot would be
 * dropped, a wrong type coerced) and checks each refusal's code against the route's list
 * (tests/server/contractAudit.ts). Off unless buildServer is given a watcher.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { RouteName } from '../../core/api/routes';

export interface Answer {
  readonly route: RouteName;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  /** The body sent, as text (null: bytes or a stream, not text). */
  readonly body: string | null;
  /** JSON.stringify of the handler's value when Fastify serialized it (undefined: the handler sent text or bytes). */
  readonly value: string | undefined;
}

export interface AnswerWatcher {
  answered(answer: Answer): void;
}

/** Adds the hooks to the routes declared from now on in `app`. */
export function watchAnswers(app: FastifyInstance, watcher: AnswerWatcher): void {
  const values = new WeakMap<FastifyRequest, string>();
  app.addHook('preSerialization', async (request, _reply, payload) => {
    values.set(request, JSON.stringify(payload));
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.config.routeName;
    if (!route) return payload;
    const answer = (body: string | null): void =>
      watcher.answered({
        route,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        body,
        value: values.get(request),
      });
    // A streamed JSON answer (the lines, written a page at a time) is read as it passes and
    // watched whole once it ends; bytes (a ZIP) are watched as bytes.
    if (payload instanceof Readable && String(reply.getHeader('content-type') ?? '').startsWith('application/json')) {
      const chunks: Buffer[] = [];
      const tee = new PassThrough();
      tee.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
      tee.on('end', () => {
        const bytes = Buffer.concat(chunks);
        // A gzipped answer (the lines' chunks to a browser) is watched as the text it carries.
        answer((reply.getHeader('content-encoding') === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'));
      });
      return payload.pipe(tee);
    }
    answer(typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : null);
    return payload;
  });
}
