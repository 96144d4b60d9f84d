/**
 * The before and after ZIPs, built on the device and kept on the server for the
 * accountant. A stored export is never replaced: the same file again is accepted (a
 * retried upload), a different one is refused, so what the accountant downloads is what
 * was first saved.
 */
import type { ExportInfoDto } from '../../core/api';
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
  const inserted = await tx.query(
    `INSERT INTO exports (inventory_id, phase, file_name, sha256, size, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (inventory_id, phase) DO NOTHING RETURNING 1`,
    [input.inventoryId, input.phase, input.fileName, input.sha256, input.content.byteLength, input.content, input.by],
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
    content?: Uint8Array;
  }>(
    `SELECT file_name, sha256, size, uploaded_at, uploaded_by${withContent ? ', content' : ''}
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
  return withContent && row.content ? { ...info, content: row.content } : info;
}
