/**
 * `npm run backup [-- --out FILE]`: writes the embedded database of DATA_DIR (./data by
 * default) to ONE file, by default backups/decompte-<date>.tar.gz. The server must be
 * stopped (the embedded database has one owner). On PostgreSQL, use pg_dump instead.
 */
import path from 'node:path';
import { readConfig } from '../config';
import { backupDataDir } from '../db/backup';
import { arg } from './args';

async function main(): Promise<void> {
  if (process.env.DATABASE_URL) {
    throw new Error(
      'DATABASE_URL is set: back up a PostgreSQL server with pg_dump (see docs/operations.md, "Backups").',
    );
  }
  const { dataDir } = readConfig(process.env, []);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const out = path.resolve(arg('out') ?? path.join('backups', `decompte-${stamp}.tar.gz`));
  const started = Date.now();
  const { file, bytes, summary } = await backupDataDir(dataDir, out);
  console.log(`Backup of ${dataDir} written to ${file} (${(bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms).`);
  console.log(
    `It holds ${summary.inventories} inventories, ${summary.countEvents} count events, ${summary.exports} exports, ` +
      `${summary.stockLines} stock lines, ${summary.users} users.`,
  );
}

main().catch((e: unknown) => {
  console.error(`Backup failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
