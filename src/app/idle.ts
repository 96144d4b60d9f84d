/**
 * Work that must happen soon but not before the first screen is drawn (starting the sync,
 * reading the storage estimate, registering the service worker): each runs in a task of its
 * own once the page is idle, so opening the app is not one long task a tap has to wait behind.
 * `idleMs` tells a task that works in slices how long the browser expects to stay idle
 * (up to 50 ms; 0 when the timeout forced the call or there is no idle callback).
 */
export function whenIdle(task: (idleMs: () => number) => void, timeoutMs = 1000): void {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback((deadline) => task(() => deadline.timeRemaining()), { timeout: timeoutMs });
  } else {
    setTimeout(() => task(() => 0), 0); // Safari before 18 has no requestIdleCallback.
  }
}
