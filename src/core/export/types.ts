/**
 * The shapes shared by the export builders: what an export is about (the header), a
 * built file, and the fixed file names and format id the reader checks against.
 */
import type { InventoryKind, InventoryStatus } from '../inventory';
import type { CsvDialect } from './csv';

export type ExportPhase = 'before' | 'after';

export interface ExportHeader {
  readonly phase: ExportPhase;
  /** null for a plain stock export, made outside any inventory. */
  readonly inventory: {
    readonly id: number;
    readonly name: string;
    readonly kind: InventoryKind;
    readonly status: InventoryStatus;
  } | null;
  readonly location: { readonly id: number; readonly code: string; readonly name: string };
  /** The username of whoever built the export. */
  readonly generatedBy: string;
  /** ISO-8601; also the date stamped on every ZIP entry and the file name's timestamp. */
  readonly generatedAt: string;
}

export interface ExportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Data rows of a CSV; null for manifest.json. */
  readonly rows: number | null;
  /** `bytes` as raw DEFLATE, when deflated by the worker that wrote them (deflate.ts). */
  readonly deflated?: Uint8Array;
  /** A CSV written in another dialect than the export's (ajustement_erp.csv). */
  readonly dialect?: CsvDialect;
}

export const EXPORT_FORMAT = 'decompte-export/1';

export const FILE = {
  stock: 'stock.csv',
  variances: 'variances.csv',
  counts: 'counts.csv',
  added: 'added.csv',
  erp: 'ajustement_erp.csv',
  manifest: 'manifest.json',
} as const;

/** The data files of each phase, in ZIP order (manifest.json comes last). */
export const PHASE_FILES: Readonly<Record<ExportPhase, readonly string[]>> = {
  before: [FILE.stock],
  after: [FILE.stock, FILE.variances, FILE.counts, FILE.added, FILE.erp],
};
