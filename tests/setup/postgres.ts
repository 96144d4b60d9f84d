/**
 * The PostgreSQL side of the test runs: TEST_DATABASE_URL names a server where the
 * tests may create and drop databases (`.ci/postgres` starts one). Each test server
 * gets its own database, copied from a migrated template with the demo dataset, so
 * tests stay independent exactly as they are on the embedded database.
 */
import pg from 'pg';

export interface PgTemplate {
  /** A URL to the server's maintenance database, used to create and drop databases. */
  readonly adminUrl: string;
  /** The migrated, seeded database every test database is copied from. */
  readonly template: string;
  /** Prefix of every database this run creates (the teardown drops them all). */
  readonly prefix: string;
}

/** The same server, another database. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string): string => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
};

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await admin(adminUrl, (c) =>
    c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)} STRATEGY FILE_COPY` : ''}`),
  );
}

export async function dropDatabases(adminUrl: string, names: readonly string[]): Promise<void> {
  await admin(adminUrl, async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  });
}

export async function databasesStartingWith(adminUrl: string, prefix: string): Promise<string[]> {
  return admin(adminUrl, async (c) => {
    const res = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
      prefix,
    ]);
    return res.rows.map((r) => r.datname);
  });
}

let created = 0;

/** A new database name of this run, unique across the test workers. */
export function newDatabaseName(t: PgTemplate): string {
  return `${t.prefix}${process.pid}_${++created}_${Math.random().toString(36).slice(2, 8)}`;
}
