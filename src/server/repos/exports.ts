/**
 * The before and after ZIPs, built on the device and kept on the server for the
 * accountant once the server vouched for them (routes/exports.ts). A verified export is
 * never replaced: the same file again is accepted (a retried upload), a different one is
 * refused, so what the accountant downloads is what was first saved.
 */
import type { ExportInfoDto } from '../../core/api/dto';
import { fromBase64, toBase64 } from '../db/bytea';
import type { Queryable } from '../db/database';
import { conflict } from '../http/errors';

export type Phase = 'before' | 'after';

export interface StoredExport extends ExportInfoDto {
  readonly content: Uint8Array;
}

export async function saveExport(
  tx: Queryable,
  input: { inventoryId: number; phase: Phase; fileName: string; sha256: string; content: Uint8Array; by: string },
): Promise<{ info: ExportInfoDto; created: boolean }> {
  // ON CONFLICT, not a look first: the same upload retried on another server process at
  // the same moment waits for the first insert, then finds the row (no 500 on the key).
  // A verified export never changes; one stored before uploads were verified gives way.
  const inserted = await tx.query(
    `INSERT INTO exports (inventory_id, phase, file_name, sha256, size, content, uploaded_by, verified)
     VALUES ($1, $2, $3, $4, $5, decode($6, 'base64'), $7, true)
     ON CONFLICT (inventory_id, phase) DO UPDATE
       SET file_name = excluded.file_name, sha256 = excluded.sha256, size = excluded.size, content = excluded.content,
           uploaded_by = excluded.uploaded_by, uploaded_at = now(), verified = true
       WHERE NOT exports.verified
     RETURNING 1`,
    [
      input.inventoryId,
      input.phase,
      input.fileName,
      input.sha256,
      input.content.byteLength,
      toBase64(input.content),
      input.by,
    ],
  );
  const saved = await getExport(tx, input.inventoryId, input.phase, false);
  if (!saved) throw new Error('export vanished after insert');
  if (inserted.length === 0 && saved.sha256 !== input.sha256) {
    throw conflict(
      'export_exists',
      `The ${input.phase} export of this inventory is already stored (${saved.fileName}) and cannot be replaced.`,
      { sha256: saved.sha256 },
    );
  }
  return { info: saved, created: inserted.length > 0 };
}

export async function getExport(
  db: Queryable,
  inventoryId: number,
  phase: Phase,
  withContent: true,
): Promise<StoredExport | null>;
export async function getExport(
  db: Queryable,
  inventoryId: number,
  phase: Phase,
  withContent: false,
): Promise<ExportInfoDto | null>;
export async function getExport(
  db: Queryable,
  inventoryId: number,
  phase: Phase,
  withContent: boolean,
): Promise<StoredExport | ExportInfoDto | null> {
  const [row] = await db.query<{
    file_name: string;
    sha256: string;
    size: number;
    uploaded_at: Date;
    uploaded_by: string;
    content?: string;
  }>(
    `SELECT file_name, sha256, size, uploaded_at, uploaded_by${withContent ? ", encode(content, 'base64') AS content" : ''}
     FROM exports WHERE inventory_id = $1 AND phase = $2`,
    [inventoryId, phase],
  );
  if (!row) return null;
  const info: ExportInfoDto = {
    fileName: row.file_name,
    sha256: row.sha256,
    bytes: row.size,
    uploadedAt: row.uploaded_at.toISOString(),
    uploadedBy: row.uploaded_by,
  };
  // The bytes travel as base64 text (db/bytea.ts).
  return withContent && row.content !== undefined ? { ...info, content: fromBase64(row.content) } : info;
}

/**
 * The most an export of this inventory can weigh, uncompressed (and so zipped): 2 KiB per
 * CSV row (a row at the schema's longest texts, quoted) for stock.csv and variances.csv
 * (one row per line each), counts.csv (one per event) and the added lines, plus 1 MiB for
 * headers and the manifest. Null when there is no such inventory.
 */
export async function exportCeiling(db: Queryable, inventoryId: number): Promise<number | null> {
  const [row] = await db.query<{ lines: number; events: number }>(
    `SELECT i.snapshot_lines + (SELECT count(*)::int FROM inventory_lines WHERE inventory_id = i.id AND added) AS lines,
            (SELECT count(*)::int FROM count_events WHERE inventory_id = i.id) AS events
     FROM inventories i WHERE i.id = $1`,
    [inventoryId],
  );
  if (!row) return null;
  return 1024 * 1024 + 2048 * (3 * row.lines + row.events);
}
