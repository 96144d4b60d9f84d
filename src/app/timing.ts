/**
 * User Timing marks on the steps a user waits for (snapshot download and store, opening a
 * count, ZIP builds), as `performance.measure('decompte:<step>')`: visible in the browser's
 * performance panel, read by `npm run bench`, and free when nobody looks.
 */
export async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await run();
  } finally {
    measure(step, start);
  }
}

/** Records `decompte:<step>` from `start` (a performance.now()) to now. */
export function measure(step: string, start: number): void {
  try {
    performance.measure(`decompte:${step}`, { start, end: performance.now() });
  } catch {
    // A browser without the User Timing Level 3 options: the figure is lost, nothing else.
  }
}
