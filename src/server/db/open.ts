/** Opens the configured database and brings its schema up to date. */
import path from 'node:path';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pglite';

export async function openDatabase(options: { dataDir: string; databaseUrl?: string | undefined }): Promise<Database> {
  if (options.databaseUrl) {
    throw new Error('DATABASE_URL (a PostgreSQL server) is not supported yet; unset it to use the embedded database.');
  }
  const db = await openPglite({ dataDir: path.resolve(options.dataDir) });
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
