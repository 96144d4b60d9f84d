/**
 * Work that must happen soon but not before the first screen is drawn (starting the sync,
 * reading the storage estimate, registering the service worker): each runs in a task of its
 * own once the page is idle, so opening the app is not one long task a tap has to wait behind.
 */
export function whenIdle(task: () => void, timeoutMs = 1000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: timeoutMs });
  else setTimeout(task, 0); // Safari before 18 has no requestIdleCallback.
}

/** An idle period this long is a whole one: the browser had no frame and no task waiting. */
const QUIET_MS = 45;

/**
 * Work that may wait until the screen has settled (loading the other screens' code,
 * registering the service worker, the first sync): runs in the first idle period that is a
 * whole one (~50 ms with nothing to do), so not between the screen's own steps while it
 * opens — in the first short gap, `whenIdle` did, and Lighthouse counted those tasks in the
 * count list's and the recap's blocking time. After `timeoutMs` it runs anyway.
 */
export function whenQuiet(task: () => void, timeoutMs = 5000): void {
  if (typeof requestIdleCallback !== 'function') return void setTimeout(task, 0);
  const until = performance.now() + timeoutMs;
  const check = (deadline: IdleDeadline): void => {
    const left = until - performance.now();
    if (deadline.didTimeout || left <= 0 || deadline.timeRemaining() >= QUIET_MS) task();
    else requestIdleCallback(check, { timeout: left });
  };
  requestIdleCallback(check, { timeout: timeoutMs });
}

/** scheduler.postTask's priorities: 'user-visible' runs before 'background', both after input. */
type TaskPriority = 'user-visible' | 'background';

interface PostTaskScheduler {
  postTask(task: () => void, options: { priority: TaskPriority }): Promise<unknown>;
}

/**
 * Runs `step` until it returns false, in tasks of about `sliceMs`, each given back to the
 * page: a key press or a tap waits at most one task. Chromium's scheduler.postTask at
 * background priority runs them after input and rendering (`user-visible` when someone waits
 * for the result: still after input, before the background's); elsewhere setTimeout.
 * (Idle callbacks were tried: one slice per idle period left 250,000 lines unindexed for
 * seconds, and filling each period made a keystroke wait up to 50 ms behind it.)
 */
export function inSlices(step: () => boolean, sliceMs = 8, priority: TaskPriority = 'background'): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  const later = (task: () => void): void => {
    if (typeof scheduler?.postTask === 'function') void scheduler.postTask(task, { priority });
    else setTimeout(task, 0);
  };
  const run = (): void => {
    const end = performance.now() + sliceMs;
    let more: boolean;
    do more = step();
    while (more && performance.now() < end);
    if (more) later(run);
  };
  run();
}
