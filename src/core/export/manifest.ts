/**
 * manifest.json: what the export is (inventory, location, who, when), the CSV dialect,
 * each file's rows, size and SHA-256, and the totals. The hashes let the accountant (and
 * the server, on upload) check that no file changed since the device built the ZIP.
 * Pretty-printed UTF-8 JSON without BOM: meant to be read by people as well as programs.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { recapTotalsToDto, type RecapTotalsDto } from '../api/dto';
import type { UncountedPolicy } from '../inventory';
import { formatMoney } from '../money';
import { formatQty } from '../quantity';
import type { RecapTotals } from '../recap';
import type { CsvDialect } from './csv';
import type { StockTotals } from './stock';
import { EXPORT_FORMAT, FILE, type ExportFile, type ExportHeader } from './types';

export interface ManifestFile {
  readonly name: string;
  readonly rows: number;
  readonly bytes: number;
  /** Lowercase hex SHA-256 of the file's exact bytes (BOM included). */
  readonly sha256: string;
  /** Only for a CSV not in the export's dialect (`csv` below): its own. */
  readonly csv?: CsvDialect;
}

/** Quantities and money as canonical decimals with a '.', whatever the CSV dialect. */
export interface ManifestTotals {
  readonly lines: number;
  readonly quantity: string;
  readonly value: string;
  /** after only: the recap's totals, as the API gives them. */
  readonly recap?: RecapTotalsDto;
}

export interface ExportManifest extends ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  /** after only. */
  readonly uncountedPolicy?: UncountedPolicy;
  readonly csv: CsvDialect;
  readonly files: readonly ManifestFile[];
  readonly totals: ManifestTotals;
}

/**
 * Lowercase hex SHA-256 of the bytes: the platform's native digest when it has one (50 MB
 * of CSV: ~0.1 s against ~0.8 s in JavaScript), else @noble/hashes — a page served over
 * plain http from a LAN address has no `crypto.subtle`.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = typeof crypto === 'undefined' ? undefined : crypto?.subtle;
  // Export files are built in plain ArrayBuffers, never shared ones (which digest refuses).
  // Needed where the lib types digest()'s input as BufferSource (core's, the app's, the
  // workers' tsconfig); the linter may check this file under the server's, where it is not.
  // oxlint-disable-next-line typescript/no-unnecessary-type-assertion
  if (subtle) return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  return bytesToHex(sha256(bytes));
}

export async function buildManifest(
  header: ExportHeader,
  dialect: CsvDialect,
  files: readonly ExportFile[],
  stock: StockTotals,
  after?: { readonly uncountedPolicy: UncountedPolicy; readonly recap: RecapTotals },
): Promise<ExportFile> {
  const hashes = await Promise.all(files.map((f) => sha256Hex(f.bytes)));
  // Keys written in a fixed order so the same export always gives the same bytes.
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    phase: header.phase,
    inventory: header.inventory && {
      id: header.inventory.id,
      name: header.inventory.name,
      kind: header.inventory.kind,
      status: header.inventory.status,
    },
    location: { id: header.location.id, code: header.location.code, name: header.location.name },
    generatedBy: header.generatedBy,
    generatedAt: header.generatedAt,
    ...(after ? { uncountedPolicy: after.uncountedPolicy } : {}),
    csv: dialectOf(dialect),
    files: files.map((f, i) => ({
      name: f.name,
      rows: f.rows ?? 0,
      bytes: f.bytes.byteLength,
      sha256: hashes[i] ?? '',
      ...(f.dialect ? { csv: dialectOf(f.dialect) } : {}),
    })),
    totals: {
      lines: stock.lines,
      quantity: formatQty(stock.quantity),
      value: formatMoney(stock.value),
      ...(after ? { recap: recapTotalsToDto(after.recap) } : {}),
    },
  };
  const bytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  return { name: FILE.manifest, bytes, rows: null };
}

// Keys in a fixed order, whatever object the dialect came as.
const dialectOf = (d: CsvDialect): CsvDialect => ({ separator: d.separator, decimal: d.decimal, bom: d.bom });
