/**
 * What every counting action does once its write is committed: the screen re-renders, the
 * unsent badge counts it, and the outbox pushes it once counting pauses. Also who the counter is.
 */
import { session } from '../state/session';
import { countedUnsent, pushSoon } from '../sync/loop';
import { bump } from './open';

/** The logged-in user, written on each count event. */
export function counterName(): string {
  return session.value?.username ?? 'inconnu';
}

export async function afterWrite(): Promise<void> {
  bump();
  // The count is committed: the screen and the unsent badge say so now; the badge's exact
  // figure (a bin found empty is several counts) is read again with the push, a moment later.
  countedUnsent();
  pushSoon();
}
