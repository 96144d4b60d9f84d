/**
 * `npm run chaos [-- --minutes N --devices K --seed S]`: the long multi-device run
 * (default 3 minutes, 3 devices, a fresh seed), through Vitest with its own config so the
 * app is built and the template database made exactly as for `npm test`. On PostgreSQL
 * (TEST_DATABASE_URL, else the cluster `.ci/postgres` starts or finds), so the database
 * can stop behind the live server. Ends with
 * `events made M / stored S / lost L / duplicated D / refused R / stranded T`.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const number = (name: string, fallback: number, min: number): number => {
  const text = arg(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} wants a number ≥ ${min}, got "${text}"`);
  return n;
};

/** The PostgreSQL server to run on: TEST_DATABASE_URL, or the one `.ci/postgres` starts (as `.ci/run` does). */
function postgresUrl(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const r = spawnSync('bash', [path.join(ROOT, '.ci/postgres')], { encoding: 'utf8' });
  const url = r.status === 0 ? r.stdout.trim().split('\n').at(-1) : undefined;
  if (!url)
    console.warn(
      'chaos: no PostgreSQL (.ci/postgres failed): the run stays on the embedded database, without database outages.',
    );
  return url;
}

const pg = postgresUrl();
const env = {
  ...process.env,
  ...(pg ? { TEST_DATABASE_URL: pg } : {}),
  CHAOS_MINUTES: String(number('minutes', 3, 0.1)),
  CHAOS_DEVICES: String(Math.floor(number('devices', 3, 2))),
  CHAOS_SEED: String(Math.floor(number('seed', Date.now() % 1_000_000, 0))),
};
const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const child = spawn(process.execPath, [vitest, 'run', '--config', path.join(ROOT, 'tests/chaos/vitest.config.ts')], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
