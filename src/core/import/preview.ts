/**
 * What an import will do, shown before anything changes, and what it did once committed:
 * items and stock lines new / changed / unchanged / missing, the movements it records,
 * the value of the stock it touches before and after, and every problem with its place.
 * The same shape serves the screen, the API and the CLI.
 */
import type { InventoryKind } from '../inventory';
import type { DecimalMark } from './cells';
import type { ImportMode } from './fields';
import type { ImportErrorCode, ImportIssue, ImportWarningCode } from './issues';
import type { Mapping, MappingSource } from './mapping';
import type { PresetId } from './presets';

/** How a file is read and what it is for: sent with each preview and with the import. */
export interface ImportSettings {
  readonly mode: ImportMode;
  /** The location (code) of rows whose file names none. */
  readonly location: string | null;
  readonly mapping: Mapping;
  readonly decimal: DecimalMark;
  /** The bin of rows whose file names none. */
  readonly defaultBin: string;
  /** The kind of new items whose file says none. */
  readonly defaultKind: InventoryKind;
}

export const DEFAULT_BIN = 'GENERAL';

export interface ImportCounts {
  readonly new: number;
  readonly changed: number;
  readonly unchanged: number;
  /** Items: in the catalogue, not in the file (kept). Stock lines: not in the file, going to 0. */
  readonly missing: number;
}

export interface ImportLocation {
  readonly code: string;
  readonly name: string;
  readonly isNew: boolean;
  /** The inventory counting it: such a location refuses the import, as any stock move. */
  readonly frozenBy: { readonly id: number; readonly name: string } | null;
}

export interface ImportFileInfo {
  readonly id: number;
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx';
  readonly size: number;
  readonly sha256: string;
  readonly encoding: string | null;
  readonly separator: string | null;
  readonly sheetName: string | null;
  readonly headers: readonly string[];
  /** The first data rows, as text, for the mapping screen. */
  readonly sample: readonly (readonly string[])[];
  /** What the server suggests (or remembered): the mapping screen starts from it. */
  readonly suggested: ImportSettings;
  readonly mappingSource: MappingSource;
  readonly preset: PresetId | null;
}

export interface ImportPreview {
  readonly rows: number;
  readonly locations: readonly ImportLocation[];
  readonly items: ImportCounts;
  readonly lines: ImportCounts;
  readonly movements: number;
  /** Value of the stock of the import's locations (money, decimal text), before and after. */
  readonly valueBefore: string;
  readonly valueAfter: string;
  readonly errors: readonly ImportIssue<ImportErrorCode>[];
  readonly errorCount: number;
  readonly warnings: readonly ImportIssue<ImportWarningCode>[];
  readonly warningCount: number;
}

export interface ImportResult extends ImportPreview {
  readonly committedAt: string;
  readonly committedBy: string;
}

/** A preview, and the token the import must present: another preview in between makes it stale. */
export interface ImportPreviewDto extends ImportPreview {
  readonly token: string;
  readonly settings: ImportSettings;
}

/** One uploaded file in the import history (GET /imports). */
export interface ImportHistoryDto {
  readonly id: number;
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx';
  readonly size: number;
  readonly status: 'uploaded' | 'previewed' | 'committed';
  readonly uploadedAt: string;
  readonly uploadedBy: string;
  readonly committedAt: string | null;
  readonly committedBy: string | null;
  readonly errorCount: number | null;
  readonly movements: number | null;
}

export type ImportDetailDto = ImportFileInfo & {
  readonly status: ImportHistoryDto['status'];
  readonly preview: ImportPreview | null;
  readonly result: ImportResult | null;
};
