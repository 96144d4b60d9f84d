/**
 * Reads a manifest.json that came from outside (an uploaded ZIP): its text is checked
 * field by field before anything trusts it, and the first problem found is reported.
 */
import { fail, ok, type Result } from '../errors';
import { INVENTORY_KINDS } from '../inventory';
import { wallClockOf } from './exportTime';
import type { ExportManifest } from './manifest';
import { EXPORT_FORMAT, PHASE_FILES, type ExportPhase } from './types';

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isDecimal = (v: unknown): boolean => typeof v === 'string' && /^-?\d+\.\d+$/.test(v);
const isOneOf = (v: unknown, values: readonly string[]): boolean => typeof v === 'string' && values.includes(v);
const isDialect = (v: unknown): boolean =>
  isObj(v) && isText(v.separator) && isText(v.decimal) && typeof v.bom === 'boolean';

const STATUSES = ['counting', 'closed', 'applied', 'cancelled'];
const POLICIES = ['keep', 'zero'];
const HEX64 = /^[0-9a-f]{64}$/;
const RECAP_COUNTS = ['lines', 'countedLines', 'uncountedLines', 'changedLines'];
const RECAP_DECIMALS = [
  'expected',
  'counted',
  'difference',
  'expectedValue',
  'countedValue',
  'differenceValue',
  'gainValue',
  'lossValue',
];

export function parseManifest(text: string): Result<ExportManifest> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('invalid_export', 'manifest.json is not valid JSON');
  }
  const problem = manifestProblem(value);
  if (problem !== null) return fail('invalid_export', `manifest.json: ${problem}`, { problem });
  // Every field the type promises has just been checked.
  return ok(value as ExportManifest);
}

/** The first thing wrong with a would-be manifest, or null. */
function manifestProblem(m: unknown): string | null {
  if (!isObj(m)) return 'not a JSON object';
  if (m.format !== EXPORT_FORMAT) return `format is not ${EXPORT_FORMAT}`;
  if (m.phase !== 'before' && m.phase !== 'after') return 'phase is neither before nor after';
  const phase: ExportPhase = m.phase;
  const inv = m.inventory;
  if (inv !== null) {
    if (!isObj(inv) || !isId(inv.id) || !isText(inv.name)) return 'inventory needs an id and a name';
    if (!isOneOf(inv.kind, INVENTORY_KINDS) || !isOneOf(inv.status, STATUSES)) return 'bad inventory kind or status';
  }
  const loc = m.location;
  if (!isObj(loc) || !isId(loc.id) || !isText(loc.code) || !isText(loc.name)) return 'bad location';
  if (!isText(m.generatedBy)) return 'generatedBy is missing';
  if (!isText(m.generatedAt) || !wallClockOf(m.generatedAt)) return 'generatedAt is not a date with its UTC offset';
  if (phase === 'after' ? !isOneOf(m.uncountedPolicy, POLICIES) : m.uncountedPolicy !== undefined) {
    return 'uncountedPolicy belongs to after exports only, as keep or zero';
  }
  if (!isDialect(m.csv)) return 'bad csv dialect';
  return filesProblem(m.files, phase) ?? totalsProblem(m.totals, phase);
}

function filesProblem(files: unknown, phase: ExportPhase): string | null {
  if (!Array.isArray(files)) return 'files is not a list';
  const names = new Set<string>();
  for (const f of files as unknown[]) {
    if (!isObj(f) || !isText(f.name) || !isCount(f.rows) || !isCount(f.bytes)) return 'bad file entry';
    if (!isText(f.sha256) || !HEX64.test(f.sha256)) return `bad sha256 for ${f.name}`;
    if (f.csv !== undefined && !isDialect(f.csv)) return `bad csv dialect for ${f.name}`;
    if (names.has(f.name)) return `${f.name} is listed twice`;
    names.add(f.name);
  }
  const expected = PHASE_FILES[phase];
  if (names.size !== expected.length || !expected.every((n) => names.has(n))) {
    return `a ${phase} export lists ${expected.join(', ')}`;
  }
  return null;
}

function totalsProblem(t: unknown, phase: ExportPhase): string | null {
  if (!isObj(t) || !isCount(t.lines) || !isDecimal(t.quantity) || !isDecimal(t.value)) return 'bad totals';
  if (phase === 'before') return t.recap === undefined ? null : 'a before export has no recap totals';
  const r = t.recap;
  if (!isObj(r) || !RECAP_COUNTS.every((k) => isCount(r[k])) || !RECAP_DECIMALS.every((k) => isDecimal(r[k]))) {
    return 'bad recap totals';
  }
  return null;
}
