/**
 * Which column of a file feeds which field: suggested from a remembered mapping (the last
 * import of that location), a preset, or the headers one by one; edited on screen; then
 * checked before a single row is read. A column feeds at most one field and a field is fed
 * by at most one column (barcodes excepted: EAN and UPC columns side by side are common).
 */
import { fail, ok, type Result } from '../errors';
import type { ImportField, ImportMode } from './fields';
import { fieldOfHeader, foldHeader } from './headers';
import type { ImportIssue } from './issues';
import { detectPreset, presetById, type Preset, type PresetId } from './presets';

export interface ColumnMapping {
  readonly column: number;
  readonly header: string;
  readonly field: ImportField | null;
}

export type Mapping = readonly ColumnMapping[];

/** A mapping as remembered for a location: by folded header, so column order may change. */
export type RememberedMapping = Readonly<Record<string, ImportField | null>>;

export type MappingSource = 'remembered' | 'preset' | 'headers';

export interface SuggestedMapping {
  readonly mapping: Mapping;
  readonly source: MappingSource;
  readonly preset: PresetId | null;
}

const MULTI: ReadonlySet<ImportField> = new Set(['barcode']);

export function suggestMapping(
  headers: readonly string[],
  options: { readonly remembered?: RememberedMapping | null; readonly preset?: PresetId | null } = {},
): SuggestedMapping {
  const remembered = options.remembered;
  if (remembered && headers.every((h) => h.trim() === '' || foldHeader(h) in remembered)) {
    return {
      mapping: dedupe(
        headers.map((header, column) => ({ column, header, field: remembered[foldHeader(header)] ?? null })),
      ),
      source: 'remembered',
      preset: null,
    };
  }
  const preset = options.preset ? presetById(options.preset) : detectPreset(headers);
  const mapping = dedupe(
    headers.map((header, column) => {
      const fromPreset = preset ? presetField(preset, header) : undefined;
      return { column, header, field: fromPreset === undefined ? fieldOfHeader(header) : fromPreset };
    }),
  );
  return { mapping, source: preset ? 'preset' : 'headers', preset: preset?.id ?? null };
}

/** undefined: the preset does not know this header (then it is matched by name). */
function presetField(preset: Preset, header: string): ImportField | null | undefined {
  const folded = foldHeader(header);
  const hit = preset.columns.find(([h]) => foldHeader(h) === folded);
  return hit ? hit[1] : undefined;
}

/** The first column naming a field keeps it; later ones are left unmapped (shown, changeable). */
function dedupe(mapping: ColumnMapping[]): ColumnMapping[] {
  const taken = new Set<ImportField>();
  return mapping.map((m) => {
    if (m.field === null || MULTI.has(m.field)) return m;
    if (taken.has(m.field)) return { ...m, field: null };
    taken.add(m.field);
    return m;
  });
}

export const rememberMapping = (mapping: Mapping): RememberedMapping =>
  Object.fromEntries(mapping.filter((m) => m.header.trim() !== '').map((m) => [foldHeader(m.header), m.field]));

export type MappingProblem = Extract<ImportIssue['code'], 'missing_column' | 'field_twice' | 'location_required'>;

/**
 * Can rows be read with this mapping? A reference is always needed; replacing stock needs
 * quantities, and a location: a column, or the location the import is for.
 */
export function checkMapping(
  mapping: Mapping,
  headers: readonly string[],
  mode: ImportMode,
  defaultLocation: string | null,
): Result<Mapping, MappingProblem> {
  if (mapping.length !== headers.length || mapping.some((m, i) => m.column !== i || m.header !== headers[i])) {
    return fail('missing_column', 'the mapping does not describe this file’s columns: map them again');
  }
  const seen = new Map<ImportField, string>();
  for (const m of mapping) {
    if (m.field === null || MULTI.has(m.field)) continue;
    const other = seen.get(m.field);
    if (other !== undefined) {
      return fail('field_twice', `columns "${other}" and "${m.header}" both feed ${m.field}: keep one`, {
        field: m.field,
      });
    }
    seen.set(m.field, m.header);
  }
  if (!seen.has('itemRef')) return fail('missing_column', 'no column holds the item reference', { field: 'itemRef' });
  if (mode === 'replace' && !seen.has('qty')) {
    return fail('missing_column', 'no column holds the quantity (needed to replace the stock)', { field: 'qty' });
  }
  if (mode === 'replace' && !seen.has('location') && !defaultLocation) {
    return fail('location_required', 'choose the location this stock is for (the file has no location column)');
  }
  return ok(mapping);
}
