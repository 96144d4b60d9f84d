/**
 * The database a server test runs on: the embedded database (a copy of the template
 * dump) in the `pglite` project, or its own PostgreSQL database (a copy of the template
 * database) in the `postgres` project. Closing it drops a PostgreSQL copy.
 */
import fs from 'node:fs';
import { afterAll, inject } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { createDatabase, databaseUrl, dropDatabases, newDatabaseName, type PgTemplate } from '../setup/postgres';

export const testDatabaseKind = (): Database['kind'] => (inject('pgTemplate') ? 'postgres' : 'pglite');

function pgTemplate(): PgTemplate {
  const t = inject('pgTemplate');
  if (!t) throw new Error('not in the postgres project');
  return t;
}

/** A new PostgreSQL database of this run (empty, or copied from the template); `drop` removes it. */
export async function newPgDatabase(options: { seeded: boolean }): Promise<{ url: string; drop(): Promise<void> }> {
  const t = pgTemplate();
  const name = newDatabaseName(t);
  await createDatabase(t.adminUrl, name, options.seeded ? t.template : undefined);
  return { url: databaseUrl(t.adminUrl, name), drop: () => dropDatabases(t.adminUrl, [name]) };
}

/**
 * A seeded PostgreSQL database of the calling test file, opened with a pool of `poolSize`
 * connections (await it at the file's top level); closed and dropped after the file.
 */
export async function filePgDatabase(poolSize: number): Promise<{ url: string; db: Database }> {
  const database = await newPgDatabase({ seeded: true });
  const db = await openPostgres({ url: database.url, poolSize });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });
  return { url: database.url, db };
}

/** Opens a database for one test: migrated with the demo dataset, or `empty` (not even migrated). */
export async function openTestDatabase(options: { empty?: boolean } = {}): Promise<Database> {
  if (testDatabaseKind() === 'pglite') {
    return openPglite(options.empty ? {} : { loadDataDir: new Blob([fs.readFileSync(inject('templateDump'))]) });
  }
  const created = await newPgDatabase({ seeded: !options.empty });
  const db = await openPostgres({ url: created.url, poolSize: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      await created.drop();
    },
  };
}
