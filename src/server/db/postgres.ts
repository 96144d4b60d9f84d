/**
 * A PostgreSQL server behind DATABASE_URL (the scale-out database): a connection pool
 * shared by the requests of one process, while several processes share the server.
 * Values come back as the embedded database gives them (int8 as a number), so the same
 * repositories run unchanged on both. A transaction that PostgreSQL aborts because of a
 * concurrent one (serialization failure, deadlock) is run again from its start.
 */
import pg from 'pg';
import type { Database, Queryable, SqlParam } from './database';

export interface PostgresOptions {
  readonly url: string;
  /** Connections of this process; PostgreSQL's max_connections bounds the sum over processes. */
  readonly poolSize?: number;
}

/** SQLSTATEs of a transaction that lost a race and may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

// PGlite returns int8 as a JavaScript number; without this, pg would return text.
const INT8 = 20;
// pg types its own parsers' results as any; to pg they are opaque values.
const pgParser = pg.types.getTypeParser as (oid: number, format: 'text' | 'binary') => (value: string) => unknown;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? (text: string) => Number(text)
      : pgParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
  async query<T extends object>(sql: string, params: readonly SqlParam[] = []) {
    return (await q.query<T>(sql, params as unknown[])).rows;
  },
  async exec(sql: string) {
    // Without parameters pg uses the simple protocol, which runs several statements.
    await q.query(sql);
  },
});

/**
 * A transaction's connection runs one query at a time; repositories may still start
 * several at once (Promise.all), as they can on PGlite, so they wait their turn here.
 */
function serialized(client: pg.PoolClient): Queryable {
  const inner = wrap(client);
  let tail: Promise<unknown> = Promise.resolve();
  const next = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    query: (sql, params) => next(() => inner.query(sql, params)),
    exec: (sql) => next(() => inner.exec(sql)),
  };
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
    application_name: 'decompte',
  });
  // An idle connection the server drops (restart, network) must not crash the process;
  // the pool discards it and the next query opens a new one.
  pool.on('error', (e) => console.error(`PostgreSQL connection lost (the pool opens a new one): ${message(e)}`));
  // Fail at start with a clear message rather than on the first request.
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end();
    throw new Error(`cannot connect to the PostgreSQL server in DATABASE_URL (${redact(options.url)}): ${message(e)}`);
  }

  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        // The pool watches only its idle connections: one this transaction holds that the
        // server drops (a restart, a failover) emits 'error' here, which unheard would end
        // the process. The statement under way, or the next, fails instead.
        const lost = (e: Error): void => {
          broken = true;
          console.error(`PostgreSQL connection lost in a transaction: ${message(e)}`);
        };
        client.on('error', lost);
        try {
          await client.query('BEGIN');
          const result = await fn(serialized(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true; // the connection itself failed: do not hand it to another request
          }
          if (attempt < ATTEMPTS && RETRYABLE.has(sqlState(e))) continue;
          throw e;
        } finally {
          client.off('error', lost);
          client.release(broken);
        }
      }
    },
    close: () => pool.end(),
  };
}

function sqlState(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
}

function message(e: unknown): string {
  return e instanceof Error ? e.message || e.constructor.name : String(e);
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}
