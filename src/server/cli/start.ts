/**
 * `npm start`: builds the app if it is missing or older than its sources, opens (and
 * migrates) the database, seeds the demo dataset into an empty one, and serves.
 * Options: --no-demo (or DEMO=0), --demo-lines N (or DEMO_LINES), --no-build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildServer } from '../app';
import { readConfig } from '../config';
import { openDatabase } from '../db/open';
import { redact } from '../db/postgres';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../demo/seed';
import { boundHeapGrowth } from '../heapGrowth';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function main(): Promise<void> {
  boundHeapGrowth();
  const config = readConfig();
  if (!process.argv.includes('--no-build') && process.env.SKIP_BUILD !== '1') await buildAppIfStale(config.staticDir);

  console.log(
    process.env.DATABASE_URL
      ? `Opening the database: ${redact(process.env.DATABASE_URL)}…`
      : `Opening the database in ${config.dataDir}…`,
  );
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: process.env.DATABASE_URL });
  let seeded = false;
  if (config.demo) {
    const started = Date.now();
    seeded = await seedDemo(db, {
      lines: config.demoLines,
      onProgress: (done, total) => process.stdout.write(`\rDemo data: ${Math.round((100 * done) / total)} %`),
    });
    if (seeded)
      process.stdout.write(
        `\rDemo data: ${config.demoLines} stock lines in DEP-01, created in ${Date.now() - started} ms\n`,
      );
  }

  const app = await buildServer(db, config, { logger: process.env.LOG_LEVEL !== undefined });
  const stop = async (signal: string): Promise<void> => {
    console.log(`\n${signal}: stopping…`);
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // With DATABASE_URL the data is in PostgreSQL, not in DATA_DIR: say where it really is.
  const where = process.env.DATABASE_URL
    ? `data in PostgreSQL: ${redact(process.env.DATABASE_URL)}`
    : `data in ${config.dataDir}`;
  console.log(`Décompte is running: http://${shownHost}:${config.port}/  (${where})`);
  const [users] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE username = ANY($1)`, [
    DEMO_USERS.map((u) => u.username),
  ]);
  if ((users?.n ?? 0) > 0) {
    console.log(
      `Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`,
    );
  } else if (!seeded) {
    console.log('Make the first admin with: npm run user:add -- --username NAME --role admin');
  }
}

async function buildAppIfStale(staticDir: string): Promise<void> {
  const index = path.join(staticDir, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = [
    path.join(ROOT, 'src/app'),
    path.join(ROOT, 'src/core'),
    path.join(ROOT, 'public'),
    path.join(ROOT, 'vite.config.ts'),
  ];
  if (built > 0 && newest(sources) <= built) return;
  // The first build takes about a minute on a small machine: say so, and that it is still going.
  console.log('Building the app (the first time takes about a minute)…');
  const started = Date.now();
  const seconds = (): number => Math.round((Date.now() - started) / 1000);
  const ticker = setInterval(
    () =>
      process.stdout.isTTY
        ? process.stdout.write(`\rBuilding the app… ${seconds()} s`)
        : console.log(`Building the app… ${seconds()} s`),
    process.stdout.isTTY ? 1_000 : 15_000,
  );
  try {
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    clearInterval(ticker);
  }
  console.log(`${process.stdout.isTTY ? '\r' : ''}App built in ${seconds()} s.`);
}

function newest(paths: readonly string[]): number {
  let latest = 0;
  for (const p of paths) {
    if (!fs.existsSync(p)) continue;
    const stat = fs.statSync(p);
    latest = Math.max(latest, stat.mtimeMs);
    if (stat.isDirectory()) latest = Math.max(latest, newest(fs.readdirSync(p).map((f) => path.join(p, f))));
  }
  return latest;
}

main().catch((e: unknown) => {
  console.error(`Décompte could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
