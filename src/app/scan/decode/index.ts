/**
 * The scanner's decoder: `createDecoder()` gives the camera a `Decoder` (see types.ts),
 * its engines in the decode worker. Reached only through a dynamic import, so the engines
 * stay out of the first-load bundle; the worker's bundle loads when the camera starts.
 */
import type { DecodeEngine, Decoder, DecoderOptions } from './types';
import { createWorkerDecoder } from './workerDecoder';

export type { DecodeEngine, Decoder, DecoderOptions } from './types';

/** Every engine, in the order the pipeline tries them (engines.ts, repeated here to keep that chunk lazy). */
const ALL_ENGINES: readonly DecodeEngine[] = ['native', 'zxing-wasm', 'zxing-js'];

/**
 * Retries start only while a frame is younger than this: a frame without a code then costs
 * at most about this plus one retry, and the camera still decodes a few frames a second. In
 * the worker the page never waits for it; on the page's thread (the previous way) every
 * millisecond of it froze the screen, hence the smaller budget there.
 */
const DEFAULT_BUDGET_MS = { worker: 500, page: 150 } as const;

/** The engines this browser can run on the page, among `wanted` (for the benchmark: "native: not available"). */
export async function availableEngines(wanted: readonly DecodeEngine[] = ALL_ENGINES): Promise<DecodeEngine[]> {
  const { createEngines } = await import('./engines');
  const engines = await createEngines(wanted);
  engines.forEach((e) => e.dispose());
  return engines.map((e) => e.name);
}

export async function createDecoder(options: DecoderOptions = {}): Promise<Decoder> {
  const thread = options.thread ?? 'worker';
  const settings = {
    engines: options.engines ?? ALL_ENGINES,
    retries: options.retries ?? true,
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS[thread],
  };
  if (thread === 'worker') {
    const inWorker = await createWorkerDecoder(settings);
    if (inWorker) return inWorker;
    // No module worker here (a very old browser): the page decodes, slower but it reads.
  }
  return createPageDecoder(settings);
}

async function createPageDecoder(settings: {
  engines: readonly DecodeEngine[];
  retries: boolean;
  budgetMs: number;
}): Promise<Decoder> {
  const [{ createEngines, framePixels }, { createPipeline }] = await Promise.all([
    import('./engines'),
    import('./pipeline'),
  ]);
  const engines = await createEngines(settings.engines);
  const decode = createPipeline(engines, settings);
  const pixels = framePixels();
  return {
    decode: (frame) => decode(pixels(frame)),
    dispose: () => engines.forEach((e) => e.dispose()),
  };
}
