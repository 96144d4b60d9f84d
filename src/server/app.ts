/**
 * The HTTP server: JSON API under /api, the built app everywhere else. Bodies are
 * validated against schemas (unknown fields and wrong types refused, never coerced), and
 * one error handler shapes every refusal as `{ error: { code, message } }` and hides the
 * details of 5xx errors.
 */
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
} from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { LoginThrottle } from './auth/loginThrottle';
import type { Database } from './db/database';
import { watchAnswers, type AnswerWatcher } from './http/answerWatch';
import { HttpError } from './http/errors';
import { BODY_TIMEOUTS, bodyTimeout, type BodyTimeouts } from './http/bodyTimeout';
import { jsonText } from './http/jsonText';
import { BODY_LIMIT } from './http/limits';
import { registerSecurity } from './http/security';
import { strictRoutes, type ApiRoute } from './http/strictRoutes';
import { binRoutes } from './routes/bins';
import { AppliedRecaps } from './repos/appliedRecaps';
import { SnapshotChunks } from './repos/snapshotChunks';
import { recountRoutes } from './routes/recounts';
import { countRoutes } from './routes/counts';
import { exportRoutes } from './routes/exports';
import { importRoutes } from './routes/imports';
import { inventoryRoutes } from './routes/inventories';
import { lineRoutes } from './routes/lines';
import { locationRoutes } from './routes/locations';
import { deviceRoutes } from './routes/devices';
import { sessionRoutes } from './routes/session';
import { stockRoutes } from './routes/stock';
import { userRoutes } from './routes/users';
import { movementRoutes } from './routes/movements';
import { webhookRoutes } from './routes/webhooks';
import { WebhookSender, type SenderOptions } from './webhook/sender';
import type { ServerContext } from './context';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route (method, URL with its :params, schema), in declaration order. */
    readonly apiRoutes: readonly ApiRoute[];
  }
}

/** Schemas check, never fix: no field removed, no type coerced. (The fuzz test validates with these too.) */
export const AJV_OPTIONS = {
  removeAdditional: false,
  coerceTypes: false,
  useDefaults: true,
  allErrors: false,
} as const;

export async function buildServer(
  db: Database,
  config: ServerContext['config'],
  options: {
    logger?: boolean | LoggerOptions;
    throttle?: LoginThrottle;
    webhook?: SenderOptions;
    bodyTimeouts?: BodyTimeouts;
    /** Tests: sees every API answer (http/answerWatch.ts). */
    watcher?: AnswerWatcher;
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logger),
    // The backstop behind bodyTimeout: no request may take longer to arrive than this.
    requestTimeout: 30 * 60_000,
    bodyLimit: BODY_LIMIT.default,
    trustProxy: config.trustProxy ?? false,
    ajv: { customOptions: AJV_OPTIONS },
    // The router's own refusals (a path that is not valid percent-encoded UTF-8, a path
    // parameter over 100 characters) in the API's shape, like every other refusal.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.statusCode === 414;
      void reply
        .status(tooLong ? 414 : 400)
        .send({ error: { code: tooLong ? 'uri_too_long' : 'bad_request', message: error.message } });
    },
  });
  app.decorateRequest('user', null);
  // Every body must keep coming (a slow one is cut: 408 body_timeout).
  app.addHook('preParsing', bodyTimeout(options.bodyTimeouts ?? BODY_TIMEOUTS));
  // An empty body sent as JSON (fetch with the header and no body) means "no body", as
  // it does without the header; anything else must be valid UTF-8 (never read with
  // U+FFFD in place of what was sent) with plain numbers, then goes to Fastify's safe
  // JSON parser.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.byteLength === 0) return done(null, undefined);
    const text = jsonText(bytes);
    if (text instanceof HttpError) return done(text, undefined);
    return parseJson(request, text, done);
  });
  const ctx: ServerContext = {
    db,
    config,
    throttle: options.throttle ?? new LoginThrottle(),
    appliedRecaps: new AppliedRecaps(),
    snapshotChunks: new SnapshotChunks(),
    webhooks: config.webhook ? new WebhookSender(db, config.webhook, options.webhook) : null,
  };
  // A build under way reads the database, which closes after the server.
  app.addHook('onClose', async () => ctx.snapshotChunks.close());
  if (ctx.webhooks) {
    const sender = ctx.webhooks;
    app.addHook('onReady', async () => sender.start());
    app.addHook('onClose', async () => sender.stop());
  }

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send({
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      });
    }
    if (error.validation) {
      return reply.status(400).send({ error: { code: 'invalid_request', message: validationMessage(error) } });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const code =
        status === 413
          ? 'too_large'
          : status === 415
            ? 'unsupported_media_type'
            : error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
              ? 'invalid_json'
              : 'bad_request';
      return reply.status(status).send({ error: { code, message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({
      error: { code: 'internal', message: 'Something went wrong on the server; nothing was changed. Try again.' },
    });
  });

  await registerSecurity(app, config.corsOrigins ?? []);

  const routes: ApiRoute[] = [];
  app.decorate('apiRoutes', routes);
  await app.register(
    async (api) => {
      strictRoutes(api, routes);
      if (options.watcher) watchAnswers(api, options.watcher);
      sessionRoutes(api, ctx);
      deviceRoutes(api, ctx);
      stockRoutes(api, ctx);
      inventoryRoutes(api, ctx);
      lineRoutes(api, ctx);
      countRoutes(api, ctx);
      binRoutes(api, ctx);
      recountRoutes(api, ctx);
      exportRoutes(api, ctx);
      importRoutes(api, ctx);
      userRoutes(api, ctx);
      locationRoutes(api, ctx);
      movementRoutes(api, ctx);
      webhookRoutes(api, ctx);
      api.setNotFoundHandler((request, reply) =>
        reply.status(404).send({
          error: { code: 'not_found', message: `No API route ${request.method} ${request.url.split('?')[0]}.` },
        }),
      );
    },
    { prefix: '/api' },
  );

  await serveApp(app, config.staticDir);
  return app;
}

/** Where logs go and from which level; tests pass a stream to read what was logged. */
export interface LoggerOptions {
  readonly level?: string;
  readonly stream?: { write(line: string): void };
}

/**
 * JSON lines (pino). Requests are logged by method, URL and address only; the paths below
 * are censored in case a log call ever includes headers or a body, so no password or
 * bearer token reaches a log file.
 */
function loggerOptions(logger: boolean | LoggerOptions | undefined): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const o = logger === true ? {} : logger;
  return {
    level: o.level ?? (process.env.LOG_LEVEL || 'info'),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.body.password',
        'body.password',
        'password',
        'token',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
    ...(o.stream ? { stream: o.stream } : {}),
  };
}

/** "body/events/3/qty must be …": where, then what, in words a client developer can act on. */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
  if (!first) return `${where} is invalid`;
  const params = first.params;
  if (first.keyword === 'additionalProperties')
    return `${where} has an unknown field "${String(params.additionalProperty)}"`;
  if (first.keyword === 'pattern') {
    return String(params.pattern).includes('u0000')
      ? `${where} must not contain control characters or broken unicode`
      : `${where} is not in the expected format`;
  }
  return `${where} ${first.message ?? 'is invalid'}`;
}

/** The built PWA; any non-API path falls back to index.html (client-side routes). */
async function serveApp(app: FastifyInstance, dir: string): Promise<void> {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    app.setNotFoundHandler((_request, reply) =>
      reply
        .status(404)
        .type('text/plain')
        .send('The app is not built: run `npm run build` (npm start does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: dir, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
