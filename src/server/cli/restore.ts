/**
 * `npm run restore -- FILE [--force]`: brings a backup made by `npm run backup` back into
 * DATA_DIR (./data by default). Refuses a DATA_DIR that is not empty unless --force (the
 * current data is then moved aside, not deleted), a running server, and a damaged file;
 * a refusal changes nothing.
 */
import { readConfig } from '../config';
import { restoreDataDir } from '../db/backup';
import { positionals } from './args';

async function main(): Promise<void> {
  if (process.env.DATABASE_URL) {
    throw new Error(
      'DATABASE_URL is set: restore a PostgreSQL server with pg_restore or psql (see docs/operations.md, "Backups").',
    );
  }
  const [file, ...extra] = positionals();
  if (!file || extra.length > 0) throw new Error('usage: npm run restore -- FILE [--force]');
  const { dataDir } = readConfig(process.env, []);
  const started = Date.now();
  const { summary, movedAside } = await restoreDataDir(file, dataDir, { force: process.argv.includes('--force') });
  console.log(`Restored ${file} into ${dataDir} (${Date.now() - started} ms).`);
  console.log(
    `It holds ${summary.inventories} inventories, ${summary.countEvents} count events, ${summary.exports} exports, ` +
      `${summary.stockLines} stock lines, ${summary.users} users.`,
  );
  if (movedAside) console.log(`The data it replaced was moved to ${movedAside} (delete it once you are sure).`);
}

main().catch((e: unknown) => {
  console.error(`Restore refused: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
