/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) persisted in a
 * directory, so `npm start` needs nothing installed. One process owns the directory; a
 * lock file stops a second server from opening (and corrupting) it.
 */
import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Queryable, SqlParam } from './database';

const LOCK = 'decompte.lock';

export interface PgliteOptions {
  /** A directory to persist in, or undefined for an in-memory database (tests). */
  readonly dataDir?: string;
  /** Start from a dump (tests load a migrated template instead of running initdb). */
  readonly loadDataDir?: Blob;
}

export interface EmbeddedDatabase extends Database {
  /**
   * The whole data directory as one tar file (gzipped for backups): tests start from a
   * migrated copy in ~1 s instead of ~5 s, and `npm run backup` writes it to a file.
   */
  dump(compression?: 'none' | 'gzip'): Promise<Blob>;
}

export async function openPglite(options: PgliteOptions): Promise<EmbeddedDatabase> {
  let release = (): void => {};
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    release = takeLock(path.join(options.dataDir, LOCK));
  }
  const pg = new PGlite({
    ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'pgdata') } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  try {
    await pg.waitReady;
  } catch (e) {
    release();
    throw e;
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T extends object>(sql: string, params: readonly SqlParam[] = []) {
      return (await q.query<T>(sql, params as unknown[])).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async close() {
      await pg.close();
      release();
    },
    dump: (compression = 'none') => pg.dumpDataDir(compression),
  };
}

/** The pid of the live server that holds a data directory, or null. */
export function lockHolder(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, LOCK), 'utf8'));
    return pid && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

function takeLock(file: string): () => void {
  try {
    const fd = fs.openSync(file, 'wx');
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The data directory ${path.dirname(file)} is in use by another Décompte server (pid ${pid}). ` +
          'Stop it first, or set DATA_DIR to another directory.',
      );
    }
    // A stale lock from a process that died (killed, power cut): take it over.
    fs.writeFileSync(file, String(process.pid));
  }
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
