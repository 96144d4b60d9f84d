/**
 * Vitest global setup of the `postgres` project: on the server in TEST_DATABASE_URL,
 * builds ONE migrated database with the demo dataset (the same 600 lines as the embedded
 * template) for the test databases to be copied from, and drops every database of the
 * run at the end. An unreachable server fails the run: it never silently tests less.
 */
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../../src/server/db/postgres';
import { migrate } from '../../src/server/db/migrate';
import { seedDemo } from '../../src/server/demo/seed';
import { createDatabase, databaseUrl, databasesStartingWith, dropDatabases, type PgTemplate } from './postgres';
import { TEMPLATE_LINES } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in the `postgres` project only: where the test databases come from. */
    pgTemplate: PgTemplate | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set (see docs/testing.md, "Tests on PostgreSQL").');
  const prefix = `decompte_t${Date.now().toString(36)}_`;
  const template = `${prefix}template`;
  await createDatabase(adminUrl, template);
  const db = await openPostgres({ url: databaseUrl(adminUrl, template), poolSize: 2 });
  try {
    await migrate(db);
    await seedDemo(db, { lines: TEMPLATE_LINES });
  } finally {
    await db.close();
  }
  project.provide('pgTemplate', { adminUrl, template, prefix });
  return async () => dropDatabases(adminUrl, await databasesStartingWith(adminUrl, prefix));
}
