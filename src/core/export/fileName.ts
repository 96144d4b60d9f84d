/**
 * The ZIP's file name: `<inventory-name>_<location-code>_<before|after>_<YYYYMMDD-HHMM>.zip`.
 * Names are typed by people, so they are made safe for every file system (Windows is the
 * strictest) while keeping accents, which all of them store fine.
 */
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

/** `20261125-0915` (UTC) from an ISO-8601 time. */
export function exportTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`generatedAt is not a date: ${iso}`);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

export function exportFileName(header: Pick<ExportHeader, 'phase' | 'inventory' | 'location' | 'generatedAt'>): string {
  const name = header.inventory ? safeFileNamePart(header.inventory.name, 'inventaire') : 'stock';
  const location = safeFileNamePart(header.location.code, 'site');
  return `${name}_${location}_${header.phase}_${exportTimestamp(header.generatedAt)}.zip`;
}
