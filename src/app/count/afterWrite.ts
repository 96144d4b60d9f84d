/**
 * What every counting action does once its write is committed: the screen re-renders, the
 * unsent badge counts it, and the outbox is asked to push. Also who the counter is.
 */
import { session } from '../state/session';
import { countedUnsent, refreshUnsent, requestSync } from '../sync/loop';
import { bump } from './open';

/** The logged-in user, written on each count event. */
export function counterName(): string {
  return session.value?.username ?? 'inconnu';
}

export async function afterWrite(): Promise<void> {
  bump();
  // The count is committed: the screen and the unsent badge say so now; the badge's exact
  // figure follows a moment later.
  countedUnsent();
  void refreshUnsent().then(() => requestSync());
}
