/**
 * `npm run import -- FILE --location CODE [--dry-run] [--mode replace|items]
 *   [--preset decompte|odoo|dolibarr|erpnext] [--decimal , | .] [--default-bin CODE]
 *   [--default-kind articles|pieces] [--as USERNAME]`
 *
 * The import engine from a terminal, on the configured database (DATA_DIR or
 * DATABASE_URL): reads the file, prints the preview (figures, then every error with its
 * row and column), and imports it unless --dry-run or an error. A dry run changes nothing
 * at all (its work is rolled back). Exit code 0: imported (or a clean dry run); 1: the
 * file was refused; 2: wrong arguments.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IMPORT_MODES, type ImportMode } from '../../core/import/fields';
import { describeIssue } from '../../core/import/issues';
import { suggestMapping } from '../../core/import/mapping';
import type { ImportPreview, ImportSettings } from '../../core/import/preview';
import { PRESET_IDS, type PresetId } from '../../core/import/presets';
import { INVENTORY_KINDS, type InventoryKind } from '../../core/inventory';
import { readConfig } from '../config';
import type { Database } from '../db/database';
import { openDatabase } from '../db/open';
import { boundHeapGrowth } from '../heapGrowth';
import { HttpError } from '../http/errors';
import { commitImport, previewImport, uploadImport } from '../import/engine';
import { arg } from './args';
import { countOf } from '../../core/plural';

class UsageError extends Error {}

const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined => {
  const v = arg(name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return v as T;
};

class DryRun extends Error {}

const VALUED = new Set(['location', 'mode', 'preset', 'decimal', 'default-bin', 'default-kind', 'as']);

/** The one argument that is neither an option nor an option's value. */
function fileArgument(argv: readonly string[]): string | undefined {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      if (VALUED.has(a.slice(2))) i++;
      continue;
    }
    rest.push(a);
  }
  if (rest.length > 1) throw new UsageError(`one file at a time, not ${rest.length}: ${rest.join(', ')}`);
  return rest[0];
}

async function main(): Promise<number> {
  boundHeapGrowth();
  const argv = process.argv.slice(2);
  const file = fileArgument(argv);
  if (!file) throw new UsageError('give the file to import: npm run import -- stock.csv --location DEP-01');
  const location = arg('location')?.trim() || null;
  const mode = oneOf<ImportMode>('mode', IMPORT_MODES, 'replace') as ImportMode;
  const preset = oneOf<PresetId>('preset', PRESET_IDS);
  const decimal = oneOf<',' | '.'>('decimal', [',', '.']);
  const defaultKind = oneOf<InventoryKind>('default-kind', INVENTORY_KINDS);
  const dryRun = argv.includes('--dry-run');
  const by = arg('as') ?? `cli:${os.userInfo().username}`;
  const bytes = new Uint8Array(fs.readFileSync(path.resolve(file)));

  const config = readConfig(process.env, []);
  let db: Database;
  try {
    db = await openDatabase({ dataDir: config.dataDir, databaseUrl: process.env.DATABASE_URL });
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)} (while the server runs on the embedded database, import from the app's "Importer le stock" or through the API)`,
    );
  }
  try {
    const run = async (q: Database | Parameters<Parameters<Database['transaction']>[0]>[0]) => {
      const info = await uploadImport(q, { fileName: path.basename(file), bytes, by, location });
      const mapping = preset ? suggestMapping(info.headers, { preset }).mapping : info.suggested.mapping;
      const settings: ImportSettings = {
        ...info.suggested,
        mode,
        mapping,
        ...(decimal ? { decimal } : {}),
        ...(defaultKind ? { defaultKind } : {}),
        ...(arg('default-bin') ? { defaultBin: arg('default-bin') as string } : {}),
      };
      console.log(
        `${info.fileName}: ${info.format.toUpperCase()}${info.encoding ? `, ${info.encoding}` : ''}${
          info.separator ? `, separator "${info.separator === '\t' ? 'tab' : info.separator}"` : ''
        }${info.sheetName ? `, sheet "${info.sheetName}"` : ''}, decimal "${settings.decimal}"`,
      );
      console.log(
        `Columns (${info.preset ? `preset ${info.preset}` : info.mappingSource}): ${settings.mapping
          .map((m) => `${m.header || '?'} → ${m.field ?? '(ignored)'}`)
          .join(', ')}`,
      );
      let shown = 0;
      const preview = await previewImport(q, info.id, settings, (rows) => {
        if (rows - shown >= 50_000 && process.stderr.isTTY) {
          shown = rows;
          process.stderr.write(`\rReading… ${rows.toLocaleString('en')} rows`);
        }
      });
      if (shown) process.stderr.write('\n');
      printPreview(preview, mode);
      return { info, preview };
    };

    if (dryRun) {
      // The upload and the staged rows are written, then rolled back: nothing changes.
      let failed = false;
      await db
        .transaction(async (tx) => {
          const { preview } = await run(tx);
          failed = preview.errorCount > 0;
          throw new DryRun();
        })
        .catch((e: unknown) => {
          if (!(e instanceof DryRun)) throw e;
        });
      console.log('Dry run: nothing was changed.');
      return failed ? 1 : 0;
    }
    const { info, preview } = await run(db);
    if (preview.errorCount > 0) {
      console.log('Nothing was imported: fix the file and run again.');
      return 1;
    }
    const result = await commitImport(db, info.id, (preview as ImportPreview & { token: string }).token, by);
    console.log(`Imported (import #${info.id}): ${countOf(result.movements, 'stock movement')} recorded.`);
    return 0;
  } finally {
    await db.close();
  }
}

function printPreview(p: ImportPreview, mode: ImportMode): void {
  const counts = (c: ImportPreview['items'], missing: string) =>
    `${c.new} new, ${c.changed} changed, ${c.unchanged} unchanged, ${c.missing} ${missing}`;
  console.log(`Rows read: ${p.rows}`);
  if (p.locations.length) {
    console.log(
      `Locations: ${p.locations
        .map((l) => `${l.code}${l.isNew ? ' (new)' : ''}${l.frozenBy ? ` (being counted: ${l.frozenBy.name})` : ''}`)
        .join(', ')}`,
    );
  }
  console.log(`Items: ${counts(p.items, 'not in the file (kept)')}`);
  if (mode === 'replace') {
    console.log(`Stock lines: ${counts(p.lines, 'not in the file (going to 0)')}`);
    console.log(`Stock movements: ${p.movements}`);
  }
  console.log(`Stock value: ${p.valueBefore} → ${p.valueAfter}`);
  for (const w of p.warnings) console.log(`Warning: ${describeIssue(w)}`);
  if (p.warningCount > p.warnings.length)
    console.log(`… and ${countOf(p.warningCount - p.warnings.length, 'more warning')}`);
  for (const e of p.errors) console.log(`Error: ${describeIssue(e)}`);
  if (p.errorCount > p.errors.length) console.log(`… and ${countOf(p.errorCount - p.errors.length, 'more error')}`);
  console.log(p.errorCount ? `${countOf(p.errorCount, 'error')}.` : 'No error.');
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`Usage: ${e.message}`);
      process.exit(2);
    }
    const message = e instanceof HttpError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);
    console.error(`Import failed: ${message}`);
    process.exit(1);
  },
);
