/**
 * Uploaded stock files and what became of them: the file kept as the record of what was
 * loaded, the settings and figures of its last preview (with the token its import must
 * present), the result once imported, and the column mapping remembered per location.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ImportPreview, ImportResult, ImportSettings } from '../../core/import/preview';
import type { RememberedMapping } from '../../core/import/mapping';
import { fromBase64, toBase64 } from '../db/bytea';
import type { Queryable } from '../db/database';
import { notFound } from '../http/errors';

export type ImportStatus = 'uploaded' | 'previewed' | 'committed';

export interface ImportRecord {
  readonly id: number;
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx';
  readonly size: number;
  readonly sha256: string;
  readonly status: ImportStatus;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
  readonly settings: (ImportSettings & { readonly token: string }) | null;
  readonly preview: ImportPreview | null;
  readonly committedAt: string | null;
  readonly committedBy: string | null;
  readonly result: ImportResult | null;
}

const COLUMNS = `id, file_name AS "fileName", format, size, sha256, status, uploaded_at AS "uploadedAt",
  uploaded_by AS "uploadedBy", settings, preview, committed_at AS "committedAt", committed_by AS "committedBy", result`;

export async function createImport(
  db: Queryable,
  input: { fileName: string; format: 'csv' | 'xlsx'; sha256: string; content: Uint8Array; by: string },
): Promise<ImportRecord> {
  const encoding: ContentEncoding = input.format === 'csv' ? 'gzip' : 'identity';
  const stored =
    encoding === 'gzip' ? await gzip(input.content, { level: zlib.constants.Z_BEST_SPEED }) : input.content;
  const [row] = await db.query<ImportRecord>(
    `INSERT INTO imports (file_name, format, size, sha256, content, content_encoding, status, uploaded_by)
     VALUES ($1, $2, $3, $4, decode($5, 'base64'), $6, 'uploaded', $7) RETURNING ${COLUMNS}`,
    [input.fileName, input.format, input.content.byteLength, input.sha256, toBase64(stored), encoding, input.by],
  );
  if (!row) throw new Error('import not created');
  return fixDates(row);
}

export async function getImport(db: Queryable, id: number, lock = false): Promise<ImportRecord> {
  const [row] = await db.query<ImportRecord>(
    `SELECT ${COLUMNS} FROM imports WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw notFound(`Import ${id}`);
  return fixDates(row);
}

/**
 * A CSV is kept gzipped (fastest level: 21 MB in about 0.2 s, off the event loop, to
 * about a fifth); an XLSX, already a ZIP, as it came.
 */
type ContentEncoding = 'identity' | 'gzip';
const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

export async function importContent(db: Queryable, id: number): Promise<Uint8Array> {
  const [row] = await db.query<{ content: string; encoding: ContentEncoding }>(
    `SELECT encode(content, 'base64') AS content, content_encoding AS encoding FROM imports WHERE id = $1`,
    [id],
  );
  if (!row) throw notFound(`Import ${id}`);
  const stored = fromBase64(row.content);
  // As base64 text: see db/bytea.ts.
  return row.encoding === 'gzip' ? await gunzip(stored) : stored;
}

export async function listImports(db: Queryable, limit = 50): Promise<ImportRecord[]> {
  const rows = await db.query<ImportRecord>(`SELECT ${COLUMNS} FROM imports ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map(fixDates);
}

export async function savePreview(
  db: Queryable,
  id: number,
  settings: ImportSettings & { token: string },
  preview: ImportPreview,
): Promise<void> {
  await db.query(`UPDATE imports SET status = 'previewed', settings = $2, preview = $3 WHERE id = $1`, [
    id,
    JSON.stringify(settings),
    JSON.stringify(preview),
  ]);
}

export async function markCommitted(db: Queryable, id: number, by: string, result: ImportResult): Promise<void> {
  await db.query(
    `UPDATE imports SET status = 'committed', committed_at = $3, committed_by = $2, result = $4 WHERE id = $1`,
    [id, by, result.committedAt, JSON.stringify(result)],
  );
}

export async function rememberedMapping(db: Queryable, scope: string): Promise<RememberedMapping | null> {
  const [row] = await db.query<{ mapping: RememberedMapping }>('SELECT mapping FROM import_mappings WHERE scope = $1', [
    scope,
  ]);
  return row?.mapping ?? null;
}

export async function rememberMappingFor(
  db: Queryable,
  scope: string,
  mapping: RememberedMapping,
  by: string,
): Promise<void> {
  await db.query(
    `INSERT INTO import_mappings (scope, mapping, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (scope) DO UPDATE SET mapping = excluded.mapping, updated_at = now(), updated_by = excluded.updated_by`,
    [scope, JSON.stringify(mapping), by],
  );
}

// Both drivers give timestamptz as Date: the API speaks ISO text.
function fixDates(row: ImportRecord): ImportRecord {
  const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : (v as string | null));
  return { ...row, uploadedAt: iso(row.uploadedAt) ?? '', committedAt: iso(row.committedAt) };
}
