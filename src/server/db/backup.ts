/**
 * Backups of the embedded database: the whole PGlite data directory as ONE gzipped tar
 * file (PGlite's own dump, readable with `tar tzf`), and its restore. A restore is
 * checked in full before it replaces anything: the file must unzip (gzip's CRC catches a
 * damaged or cut file) and load as a Décompte database in a staging directory, which then
 * takes the place of DATA_DIR. Data it replaces (--force) is moved aside, never deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { lockHolder, openPglite, type EmbeddedDatabase } from './pglite';

export class BackupError extends Error {
  constructor(
    readonly code: 'no_database' | 'in_use' | 'not_found' | 'corrupt' | 'not_empty',
    message: string,
  ) {
    super(message);
  }
}

/** What a backup holds, printed by both commands so the operator can compare. */
export interface BackupSummary {
  readonly inventories: number;
  readonly countEvents: number;
  readonly exports: number;
  readonly stockLines: number;
  readonly users: number;
}

const hasDatabase = (dataDir: string): boolean => fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'));

function refuseIfInUse(dataDir: string): void {
  const pid = lockHolder(dataDir);
  if (pid !== null) {
    throw new BackupError(
      'in_use',
      `The data directory ${dataDir} is in use by a running Décompte server (pid ${pid}): stop it first.`,
    );
  }
}

async function summarize(db: EmbeddedDatabase): Promise<BackupSummary> {
  const [row] = await db.query<BackupSummary>(
    `SELECT (SELECT count(*) FROM inventories)::int AS inventories,
            (SELECT count(*) FROM count_events)::int AS "countEvents",
            (SELECT count(*) FROM exports)::int AS exports,
            (SELECT count(*) FROM stock_lines)::int AS "stockLines",
            (SELECT count(*) FROM users)::int AS users`,
  );
  if (!row) throw new Error('the summary query returned nothing');
  return row;
}

export async function backupDataDir(
  dataDir: string,
  file: string,
): Promise<{ file: string; bytes: number; summary: BackupSummary }> {
  if (!hasDatabase(dataDir)) {
    throw new BackupError('no_database', `There is no Décompte database in ${dataDir}: nothing to back up.`);
  }
  refuseIfInUse(dataDir);
  const db = await openPglite({ dataDir });
  try {
    const summary = await summarize(db);
    const bytes = new Uint8Array(await (await db.dump('gzip')).arrayBuffer());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside then renamed: a backup interrupted halfway never looks complete.
    const partial = `${file}.partial`;
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
    return { file, bytes: bytes.byteLength, summary };
  } finally {
    await db.close();
  }
}

export async function restoreDataDir(
  file: string,
  dataDir: string,
  options: { force: boolean },
): Promise<{ summary: BackupSummary; movedAside: string | null }> {
  if (!fs.existsSync(file)) throw new BackupError('not_found', `No backup file ${file}.`);
  refuseIfInUse(dataDir);
  const occupied = fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0;
  if (occupied && !options.force) {
    throw new BackupError(
      'not_empty',
      `${dataDir} is not empty${hasDatabase(dataDir) ? ' (it holds a database)' : ''}: nothing was changed. ` +
        'Restore into an empty DATA_DIR, or add --force to replace it (the current data is moved aside, not deleted).',
    );
  }

  const archive = fs.readFileSync(file);
  try {
    gunzipSync(archive); // the whole file, so a flipped byte or a cut end is found now
  } catch (e) {
    throw corrupt(file, e);
  }

  const staging = `${path.resolve(dataDir)}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  let summary: BackupSummary;
  try {
    const db = await openPglite({ dataDir: staging, loadDataDir: new Blob([archive]) });
    try {
      summary = await summarize(db);
    } finally {
      await db.close();
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw corrupt(file, e);
  }

  let movedAside: string | null = null;
  if (occupied) {
    movedAside = `${path.resolve(dataDir)}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dataDir, movedAside);
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true }); // an empty directory
  }
  fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  fs.renameSync(staging, dataDir);
  return { summary, movedAside };
}

function corrupt(file: string, e: unknown): BackupError {
  const why = e instanceof Error ? e.message : String(e);
  return new BackupError(
    'corrupt',
    `${file} is not a usable Décompte backup (damaged, cut short, or another kind of file: ${why}). Nothing was changed.`,
  );
}
