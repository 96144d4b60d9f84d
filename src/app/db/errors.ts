/**
 * What a failed IndexedDB write means to the user. A full device is the one failure they
 * can act on (free space), so it gets its own code — whether the browser says so (quota)
 * or the disk itself is full (an I/O error); anything else keeps the browser's message.
 * Dexie wraps the DOMException, hence the look at `inner`.
 */
import type { DomainError } from '../../core/errors';

export function storageError(e: unknown): DomainError<'quota_exceeded' | 'unknown'> {
  const name = e instanceof Error ? e.name : '';
  const inner = (e as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  // A disk really full reaches IndexedDB as an I/O error (Chromium: UnknownError, "…NO_SPACE…").
  const text = `${e instanceof Error ? e.message : String(e)} ${(e as { inner?: { message?: string } } | null)?.inner?.message ?? ''}`;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError' || /NO_SPACE|no space left/i.test(text)) {
    return { code: 'quota_exceeded', message: String(e) };
  }
  return { code: 'unknown', message: e instanceof Error ? e.message : String(e) };
}
