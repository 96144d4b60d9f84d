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
import type { ImportPlan } from '../../core/import/plan';
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
import { importInTransaction, plan } from './apply';
import { readFile, type Progress, type ReadFile } from './read';
import { openSheet } from './openSheet';
import type { Sheet } from './sheet';
import { countOf } from '../../core/plural';
import { refreshStatistics } from '../db/statistics';

/** The mapping remembered for files that name their own locations. */
const ANY_LOCATION = '';

export async function uploadImport(
  db: Queryable,
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

export async function inspectImport(db: Queryable, id: number, location: string | null): Promise<ImportFileInfo> {
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

/**
 * The file last previewed, read and gathered: its import takes it from here rather than
 * reading the file again (one entry: the preview a supervisor is looking at). Another
 * server process, or an evicted entry, reads the file again: the result is the same.
 */
let lastRead: { id: number; token: string; read: ReadFile } | null = null;

export async function previewImport(
  db: Queryable,
  id: number,
  settings: ImportSettings,
  onProgress?: Progress,
): Promise<ImportPreviewDto> {
  const record = await getImport(db, id);
  if (record.status === 'committed') throw conflict('import_done', `Import ${id} is already imported.`);
  const read = await readSheet(db, id, settings, onProgress);
  const planned = await plan(db, read.file, settings);
  const errors = read.errors;
  for (const f of planned.findings) {
    const column = settings.mapping.findIndex((m) => m.field === f.field);
    errors.add({
      row: f.row,
      column: column >= 0 ? column : null,
      header: column >= 0 ? (settings.mapping[column]?.header ?? null) : null,
      code: f.code,
      message: f.message,
      details: f.details,
    });
  }
  if (settings.mode === 'replace') {
    for (const l of planned.locations) {
      if (!l.frozenBy) continue;
      errors.add({
        row: null,
        column: null,
        header: null,
        code: 'location_frozen',
        message: `location ${l.code} is being counted by inventory "${l.frozenBy.name}": import its stock once the inventory is confirmed or cancelled`,
        details: { item: l.code, other: l.frozenBy.name },
      });
    }
  }
  const preview: ImportPreview = {
    rows: read.rows,
    ...figures(planned),
    errors: [...errors.items].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
    errorCount: errors.count,
    warnings: read.warnings.items,
    warningCount: read.warnings.count,
  };
  const token = randomBytes(16).toString('hex');
  await savePreview(db, id, { ...settings, token }, preview);
  lastRead = preview.errorCount === 0 ? { id, token, read } : null;
  return { ...preview, token, settings };
}

const figures = (
  p: ImportPlan,
): Omit<ImportPreview, 'rows' | 'errors' | 'errorCount' | 'warnings' | 'warningCount'> => ({
  locations: p.locations,
  items: p.items,
  lines: p.lines,
  movements: p.movements,
  valueBefore: p.valueBefore,
  valueAfter: p.valueAfter,
});

async function readSheet(
  db: Queryable,
  id: number,
  settings: ImportSettings,
  onProgress?: Progress,
): Promise<ReadFile> {
  const sheet = await open(await importContent(db, id), settings.decimal);
  const mapping = checkMapping(settings.mapping, sheet.headers, settings.mode, settings.location);
  if (!mapping.ok) throw new HttpError(400, mapping.error.code, mapping.error.message, mapping.error.details);
  return readFile(sheet, settings, onProgress);
}

export async function commitImport(db: Database, id: number, token: string, by: string): Promise<ImportResult> {
  const record = await getImport(db, id);
  if (record.status === 'committed') throw conflict('import_done', `Import ${id} is already imported.`);
  const stored = record.settings;
  if (record.status !== 'previewed' || !stored || !record.preview) {
    throw conflict('preview_required', 'Preview this file before importing it.');
  }
  if (stored.token !== token) {
    throw conflict('preview_stale', 'This file was previewed again since: import the newest preview.');
  }
  if (record.preview.errorCount > 0) {
    throw conflict(
      'import_has_errors',
      `The preview found ${countOf(record.preview.errorCount, 'error')}: fix the file first.`,
    );
  }
  const { token: _token, ...settings } = stored;
  const cached = lastRead;
  const read = cached && cached.id === id && cached.token === token ? cached.read : await readSheet(db, id, settings);
  if (read.errors.count > 0) throw conflict('import_has_errors', 'The file now reads with errors: preview it again.');
  const result = await db.transaction(async (tx) => {
    const current = await getImport(tx, id, true);
    if (current.status === 'committed') throw conflict('import_done', `Import ${id} is already imported.`);
    const planned = await importInTransaction(tx, id, read.file, settings, by);
    const done: ImportResult = {
      rows: read.rows,
      ...figures(planned),
      errors: [],
      errorCount: 0,
      warnings: record.preview?.warnings ?? [],
      warningCount: record.preview?.warningCount ?? 0,
      committedAt: new Date().toISOString(),
      committedBy: by,
    };
    await markCommitted(tx, id, by, done);
    await rememberMappingFor(tx, settings.location ?? ANY_LOCATION, rememberMapping(settings.mapping), by);
    return done;
  });
  lastRead = null;
  // The next inventory's snapshot reads this stock: with the statistics of an empty table,
  // the planner would pick its plans for a few rows.
  await refreshStatistics(db, ['items', 'item_barcodes', 'bins', 'stock_lines', 'stock_movements']);
  return result;
}
