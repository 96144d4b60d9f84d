/**
 * The ZIP's file name: `<inventory-name>_<location-code>_<before|after>_<YYYYMMDD-HHMM>.zip`,
 * the time being the wall clock of the device that made it (exportTime.ts). `before|after`
 * stay English: the documented layout the accountant's tools read. Names are typed by
 * people, so they are made safe for every file system (Windows is the strictest) while
 * keeping accents, which all of them store fine.
 */
import { wallClockOf } from './exportTime';
import type { ExportHeader } from './types';

// Reserved on Windows, or path separators anywhere; \p{Cc} covers C0, DEL and C1 controls.
const UNSAFE = /[/\\:*?"<>|\p{Cc}\p{Zs}\u2028\u2029]+/gu;
const MAX_PART = 80;

/** A piece of a file name: unsafe runs become one `-`, no leading or trailing `-` or `.`. */
export function safeFileNamePart(text: string, fallback: string): string {
  const cleaned = text
    .normalize('NFC')
    .replace(UNSAFE, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  // Cut on code points, not UTF-16 units, so an accent or emoji is never split in half.
  const cut = [...cleaned]
    .slice(0, MAX_PART)
    .join('')
    .replace(/[-.]+$/, '');
  return cut || fallback;
}

/**
 * `20261204-1207` from "2026-12-04T12:07:00+01:00": the wall clock written in the text,
 * in its own zone — the same name on any machine, whatever its zone. "…Z" reads as UTC.
 */
export function exportTimestamp(iso: string): string {
  const w = wallClockOf(iso);
  if (!w) throw new Error(`generatedAt is not a date with its UTC offset: ${iso}`);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}${p(w.month)}${p(w.day)}-${p(w.hour)}${p(w.minute)}`;
}

export function exportFileName(header: Pick<ExportHeader, 'phase' | 'inventory' | 'location' | 'generatedAt'>): string {
  const name = header.inventory ? safeFileNamePart(header.inventory.name, 'inventaire') : 'stock';
  const location = safeFileNamePart(header.location.code, 'site');
  return `${name}_${location}_${header.phase}_${exportTimestamp(header.generatedAt)}.zip`;
}
