/**
 * Versioned SQL migrations, run in order at start, each in its own transaction.
 * A migration that has landed is never edited: its checksum is recorded, and a server
 * that finds an applied migration changed refuses to start rather than run on a schema
 * nobody can reproduce. A failed migration stops the start (the error propagates).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export function loadMigrations(dir = DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return {
        version: Number(FILE.exec(name)?.[1]),
        name,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/** Applies pending migrations; returns the names of those it applied. */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<string[]> {
  // Several server processes may start at once on one PostgreSQL: one migrates, the
  // others wait on the lock (even CREATE TABLE IF NOT EXISTS races without it).
  const locked = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7301)');
      return fn(tx);
    });
  await locked((tx) =>
    tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await locked(async (tx) => {
      const [row] = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [
        m.version,
      ]);
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new Error(`Migration ${m.name} was edited after it was applied; add a new migration instead.`);
        }
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
