/**
 * The import, one engine behind its three doors (the screen's API calls, `npm run import`
 * and scripts calling the API): upload a file (refused at once if it is no spreadsheet),
 * inspect it (headers, first rows, a suggested mapping), preview it with settings (rows
 * staged, checked, figures computed; nothing else changes), then import exactly that
 * preview in one transaction. A preview's token must come back with the import: a newer
 * preview of the same file makes the older one stale.
 */
import { createHash, randomBytes } from 'node:crypto';
import { checkMapping, rememberMapping, suggestMapping } from '../../core/import/mapping';
import { IssueList, type ImportErrorCode } from '../../core/import/issues';
import {
  DEFAULT_BIN,
  type ImportFileInfo,
  type ImportPreview,
  type ImportPreviewDto,
  type ImportResult,
  type ImportSettings,
} from '../../core/import/preview';
import type { Cell } from '../../core/import/row';
import type { Database, Queryable } from '../db/database';
import { conflict, HttpError } from '../http/errors';
import {
  createImport,
  getImport,
  importContent,
  markCommitted,
  rememberedMapping,
  rememberMappingFor,
  savePreview,
  type ImportRecord,
} from '../repos/imports';
import { lockForImport, writeImport } from './apply';
import { checkStaged } from './checks';
import { figures } from './figures';
import { openSheet, type Sheet } from './sheet';
import { stageRows, type Progress } from './stage';

/** The mapping remembered for files that name their own locations. */
const ANY_LOCATION = '';

export async function uploadImport(
  db: Database,
  input: { fileName: string; bytes: Uint8Array; by: string; location: string | null },
): Promise<ImportFileInfo> {
  const sheet = await open(input.bytes, null);
  const record = await createImport(db, {
    fileName: input.fileName,
    format: sheet.format,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    content: input.bytes,
    by: input.by,
  });
  return fileInfo(db, record, sheet, input.location);
}

export async function inspectImport(db: Database, id: number, location: string | null): Promise<ImportFileInfo> {
  const record = await getImport(db, id);
  return fileInfo(db, record, await open(await importContent(db, id), null), location);
}

async function open(bytes: Uint8Array, decimal: ImportSettings['decimal'] | null): Promise<Sheet> {
  const sheet = await openSheet(bytes, decimal);
  if (!sheet.ok) throw new HttpError(422, sheet.error.code, `The file cannot be imported: ${sheet.error.message}.`);
  return sheet.value;
}

async function fileInfo(
  db: Queryable,
  record: ImportRecord,
  sheet: Sheet,
  location: string | null,
): Promise<ImportFileInfo> {
  const remembered = await rememberedMapping(db, location ?? ANY_LOCATION);
  const suggested = suggestMapping(sheet.headers, { remembered });
  return {
    id: record.id,
    fileName: record.fileName,
    format: record.format,
    size: record.size,
    sha256: record.sha256,
    encoding: sheet.encoding,
    separator: sheet.separator,
    sheetName: sheet.sheetName,
    headers: sheet.headers,
    sample: sheet.sample.map((r) => sheet.headers.map((_, i) => cellText(r.cells[i]))),
    suggested: {
      mode: 'replace',
      location,
      mapping: suggested.mapping,
      decimal: sheet.decimal,
      defaultBin: DEFAULT_BIN,
      defaultKind: 'articles',
    },
    mappingSource: suggested.source,
    preset: suggested.preset,
  };
}

const cellText = (c: Cell | undefined): string =>
  c === undefined ? '' : typeof c === 'string' ? c : 'number' in c ? c.number : c.error;

export async function previewImport(
  db: Database,
  id: number,
  settings: ImportSettings,
  onProgress?: Progress,
): Promise<ImportPreviewDto> {
  const record = await getImport(db, id);
  if (record.status === 'committed') throw conflict('import_done', `Import ${id} is already imported.`);
  const sheet = await open(await importContent(db, id), settings.decimal);
  const mapping = checkMapping(settings.mapping, sheet.headers, settings.mode, settings.location);
  if (!mapping.ok) throw new HttpError(400, mapping.error.code, mapping.error.message, mapping.error.details);
  const staged = await stageRows(db, id, sheet, settings, onProgress);
  const errors = staged.errors;
  await checkStaged(db, id, settings, errors);
  const preview = await summarise(db, id, settings, staged.rows, errors, staged.warnings);
  // A file with errors cannot be imported: its staged rows would only take room.
  if (preview.errorCount > 0) await db.query('DELETE FROM import_rows WHERE import_id = $1', [id]);
  const token = randomBytes(16).toString('hex');
  await savePreview(db, id, { ...settings, token }, preview);
  return { ...preview, token, settings };
}

async function summarise(
  db: Queryable,
  id: number,
  settings: ImportSettings,
  rows: number,
  errors: IssueList<ImportErrorCode>,
  warnings: IssueList<'cost_rounded' | 'designation_missing' | 'check_digit'>,
): Promise<ImportPreview> {
  const f = await figures(db, id, settings);
  if (settings.mode === 'replace') {
    for (const l of f.locations) {
      if (l.frozenBy) {
        errors.add({
          row: null,
          column: null,
          header: null,
          code: 'location_frozen',
          message: `location ${l.code} is being counted by inventory "${l.frozenBy.name}": import its stock once the inventory is confirmed or cancelled`,
        });
      }
    }
  }
  const sorted = [...errors.items].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).slice(0, errors.limit);
  return {
    rows,
    ...f,
    errors: sorted,
    errorCount: errors.count,
    warnings: warnings.items,
    warningCount: warnings.count,
  };
}

export async function commitImport(db: Database, id: number, token: string, by: string): Promise<ImportResult> {
  const record = await getImport(db, id);
  if (record.status === 'committed') throw conflict('import_done', `Import ${id} is already imported.`);
  const settings = record.settings;
  if (record.status !== 'previewed' || !settings || !record.preview) {
    throw conflict('preview_required', 'Preview this file before importing it.');
  }
  if (settings.token !== token) {
    throw conflict('preview_stale', 'This file was previewed again since: import the newest preview.');
  }
  if (record.preview.errorCount > 0) {
    throw conflict('import_has_errors', `The preview found ${record.preview.errorCount} error(s): fix the file first.`);
  }
  return db.transaction(async (tx) => {
    const current = await getImport(tx, id, true);
    if (current.status === 'committed') throw conflict('import_done', `Import ${id} is already imported.`);
    await lockForImport(tx, id, settings);
    // The catalogue may have changed since the preview: checked again, under the locks.
    const errors = new IssueList<ImportErrorCode>();
    await checkStaged(tx, id, settings, errors);
    if (errors.count > 0) {
      throw new HttpError(
        409,
        'import_invalid',
        `The catalogue changed since the preview: ${errors.items[0]?.message}.`,
        {
          errors: errors.items,
        },
      );
    }
    const preview = await summarise(tx, id, settings, record.preview?.rows ?? 0, errors, new IssueList());
    await writeImport(tx, id, settings, by);
    const result: ImportResult = {
      ...preview,
      warnings: record.preview?.warnings ?? [],
      warningCount: record.preview?.warningCount ?? 0,
      committedAt: new Date().toISOString(),
      committedBy: by,
    };
    await markCommitted(tx, id, by, result);
    await rememberMappingFor(tx, settings.location ?? ANY_LOCATION, rememberMapping(settings.mapping), by);
    return result;
  });
}
