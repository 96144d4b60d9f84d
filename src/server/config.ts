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
}

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
  };
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
