/**
 * What a failed IndexedDB write means to the user. A full device is the one failure they
 * can act on (free space), so it gets its own code; anything else keeps the browser's
 * message. Dexie wraps the DOMException, hence the look at `inner`.
 */
import type { DomainError } from '../../core/errors';

export function storageError(e: unknown): DomainError<'quota_exceeded' | 'unknown'> {
  const name = e instanceof Error ? e.name : '';
  const inner = (e as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return { code: 'quota_exceeded', message: String(e) };
  }
  return { code: 'unknown', message: e instanceof Error ? e.message : String(e) };
}
