/**
 * An export's time, `generatedAt`: ISO-8601 with the device's UTC offset,
 * "2026-12-04T12:07:00.000+01:00", so the ZIP's name and its entries' dates show the wall
 * clock of the shop that made it, and anyone reading it later — the server in another
 * zone, the accountant's tools — reads the same wall clock from the text itself, never
 * from their own machine's zone. A device on UTC writes "…Z", as every export did before
 * the offset was written: those read as they always did.
 */

/** Date, time to the minute (seconds and milliseconds optional), and Z or ±HH:MM. */
const EXPORT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** The wall clock an export time names, in the zone written in it. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC: +60 for "+01:00", -300 for "-05:00", 0 for "Z". */
  readonly offsetMinutes: number;
}

/** The wall clock of an export time, or null when the text is not one (a real date, with its offset). */
export function wallClockOf(text: string): WallClock | null {
  const m = EXPORT_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(m[6] ?? '0');
  const millisecond = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const offsetHours = Number(m[10] ?? '0');
  const offsetMins = Number(m[11] ?? '0');
  // Real zones run from -12:00 to +14:00.
  if (offsetHours > 14 || offsetMins > 59) return null;
  const offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  // Date.UTC rolls 31 February over to March: a date that does not come back unchanged is not one.
  const back = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  ) {
    return null;
  }
  return { year, month, day, hour, minute, second, millisecond, offsetMinutes };
}

/**
 * A Date whose UTC fields are the export's wall clock: what a ZIP entry's date (a DOS date,
 * zoneless, written from the UTC fields) must hold for a file manager to show the shop's time.
 */
export function wallClockDate(w: WallClock): Date {
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The export time of the instant `epochMs` on a clock `offsetMinutes` east of UTC (the
 * device's: `-new Date().getTimezoneOffset()`): "2026-12-04T12:07:00.000+01:00", or "…Z" on UTC.
 */
export function exportTimeAt(epochMs: number, offsetMinutes: number): string {
  const offset = Math.round(offsetMinutes);
  const wall = new Date(epochMs + offset * 60_000).toISOString().slice(0, 23);
  if (offset === 0) return `${wall}Z`;
  const abs = Math.abs(offset);
  return `${wall}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
