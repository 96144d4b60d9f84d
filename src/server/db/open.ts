/**
 * Opens the configured database and brings its schema up to date: a PostgreSQL server
 * when DATABASE_URL is set (several server processes may share it), else the embedded
 * database in the data directory.
 */
import path from 'node:path';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export async function openDatabase(options: { dataDir: string; databaseUrl?: string | undefined }): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres({ url: checkedUrl(options.databaseUrl) })
    : await openPglite({ dataDir: path.resolve(options.dataDir) });
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

function checkedUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database');
  }
  return url;
}
