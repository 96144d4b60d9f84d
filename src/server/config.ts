/** Server settings, from the environment only (secrets never live in the code or the repo). */
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Seed the demo catalogue and demo users into an empty database. */
  readonly demo: boolean;
  /** Stock lines in the first demo location (benchmarks ask for more). */
  readonly demoLines: number;
  readonly tokenTtlMs: number;
  /** The built app (vite build output) served at `/`. */
  readonly staticDir: string;
  /**
   * Origins allowed to call the API from another site (CORS_ORIGINS, comma-separated).
   * Empty by default: the app is served by this server, so no cross-origin access at all.
   */
  readonly corsOrigins: readonly string[];
  /**
   * Behind a reverse proxy (TRUST_PROXY=1, or the proxy's addresses): the client address
   * comes from X-Forwarded-For, so the login throttle counts per client, not per proxy.
   */
  readonly trustProxy: boolean | string;
  /**
   * Where to POST the signed `inventory.applied` event (WEBHOOK_URL, WEBHOOK_SECRET), or
   * null: off, the default. See src/server/webhook/sender.ts.
   */
  readonly webhook: WebhookConfig | null;
}

export interface WebhookConfig {
  /** An http(s) URL. */
  readonly url: string;
  /** The HMAC-SHA256 key the receiver checks the signature with; 16 characters or more. */
  readonly secret: string;
}

/** Shorter is guessable offline from one signed body. */
export const MIN_WEBHOOK_SECRET = 16;

export function readConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv.slice(2),
): Config {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const int = (text: string | undefined, fallback: number, what: string): number => {
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number, got "${text}"`);
    return n;
  };
  return {
    port: int(env.PORT, 8080, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    demo: !(argv.includes('--no-demo') || env.DEMO === '0'),
    demoLines: int(arg('demo-lines') ?? env.DEMO_LINES, 6000, '--demo-lines'),
    tokenTtlMs: int(env.TOKEN_TTL_HOURS, 12, 'TOKEN_TTL_HOURS') * 3_600_000,
    staticDir: path.resolve(env.STATIC_DIR || './dist'),
    corsOrigins: origins(env.CORS_ORIGINS),
    trustProxy: trustProxy(env.TRUST_PROXY),
    webhook: webhook(env.WEBHOOK_URL, env.WEBHOOK_SECRET),
  };
}

/** Both or neither; a URL that is not http(s), or a short secret, stops the server at start. */
export function webhook(url: string | undefined, secret: string | undefined): WebhookConfig | null {
  if (!url && !secret) return null;
  if (!url) throw new Error('WEBHOOK_SECRET is set but WEBHOOK_URL is not: set both, or neither');
  if (!secret) throw new Error('WEBHOOK_URL is set but WEBHOOK_SECRET is not: the webhook is always signed');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`WEBHOOK_URL: "${url}" is not a URL like https://erp.example/hooks/decompte`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`WEBHOOK_URL must be http(s), not ${parsed.protocol}`);
  }
  if (secret.length < MIN_WEBHOOK_SECRET) {
    throw new Error(`WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET} characters (it has ${secret.length})`);
  }
  return { url: parsed.toString(), secret };
}

/** "https://a.example, https://b.example" → exact origins; anything that is not one is refused at start. */
function origins(text: string | undefined): string[] {
  const list = (text ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of list) {
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o;
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`CORS_ORIGINS: "${o}" is not an origin like https://shop.example (no path, no slash)`);
  }
  return list;
}

function trustProxy(text: string | undefined): boolean | string {
  if (!text || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  return text; // addresses or CIDR ranges of the proxies, as Fastify's trustProxy takes them
}
