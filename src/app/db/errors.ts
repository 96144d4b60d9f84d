/**
 * What a failed IndexedDB write means to the user. A full device is the one failure they
 * can act on (free space), so it gets its own code — whether the browser says so (quota)
 * or the disk itself is full (an I/O error); anything else keeps the browser's message.
 * Dexie wraps the DOMException, sometimes twice: an upgrade refused for want of space
 * reaches the app as OpenFailedError → AbortError → QuotaExceededError (Chromium 156),
 * hence the walk down `inner`.
 */
import type { DomainError } from '../../core/errors';

interface Wrapped {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly inner?: unknown;
}

/** The error and the ones it wraps, outermost first (a few levels: Dexie nests two at most). */
function chain(e: unknown): Wrapped[] {
  const out: Wrapped[] = [];
  let at: unknown = e;
  while (at !== null && typeof at === 'object' && out.length < 5) {
    out.push(at);
    at = (at as Wrapped).inner;
  }
  return out;
}

export function storageError(e: unknown): DomainError<'quota_exceeded' | 'unknown'> {
  const links = chain(e);
  // A disk really full reaches IndexedDB as an I/O error (Chromium: UnknownError, "…NO_SPACE…").
  const full = links.some(
    (l) =>
      l.name === 'QuotaExceededError' || (typeof l.message === 'string' && /NO_SPACE|no space left/i.test(l.message)),
  );
  if (full) return { code: 'quota_exceeded', message: String(e) };
  return { code: 'unknown', message: e instanceof Error ? e.message : String(e) };
}
