/**
 * Work that must happen soon but not before the first screen is drawn (starting the sync,
 * reading the storage estimate, registering the service worker): each runs in a task of its
 * own once the page is idle, so opening the app is not one long task a tap has to wait behind.
 */
export function whenIdle(task: () => void, timeoutMs = 1000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: timeoutMs });
  else setTimeout(task, 0); // Safari before 18 has no requestIdleCallback.
}
