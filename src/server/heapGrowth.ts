/**
 * How far the server lets V8's heap grow past its live data before a full collection.
 * By default V8 lets it grow up to 4× while the program runs smoothly: reading a
 * 250,000-line stock file (72 MB kept) took the process to ~230 MB more, mostly garbage
 * from rows already read. At 1.5× it stays ~150 MB, for full collections of a few
 * milliseconds each (the live heap is small). The server is one process among others on a
 * shop's machine: its memory is the budget (`npm run bench:import` prints it).
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** `HEAP_GROWING_PERCENT=0` gives V8's own policy back (to measure one against the other). */
export function boundHeapGrowth(env: NodeJS.ProcessEnv = process.env): void {
  const percent = env.HEAP_GROWING_PERCENT === undefined ? HEAP_GROWING_PERCENT : Number(env.HEAP_GROWING_PERCENT);
  if (Number.isInteger(percent) && percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
