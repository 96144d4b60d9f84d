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
  };
}
