/**
 * The scanner's decoder: `createDecoder()` gives the camera a `Decoder` (see types.ts).
 * Reached only through a dynamic import, so the engines stay out of the first-load bundle.
 */
import type { Engine } from './engine';
import { createNativeEngine } from './native';
import { createPipeline } from './pipeline';
import type { DecodeEngine, Decoder, DecoderOptions } from './types';

export type { BarcodeFormat, DecodeEngine, Decoded, Decoder, DecoderOptions } from './types';

/** The platform first (fast when present), then ZXing-C++ (fast), then zxing-js (slower, reads other photos). */
const ALL_ENGINES: readonly DecodeEngine[] = ['native', 'zxing-wasm', 'zxing-js'];

/**
 * Retries start only while a frame is younger than this: a frame without a code then costs
 * at most about this plus one retry, and the camera still decodes several frames a second.
 */
const DEFAULT_BUDGET_MS = 150;

const FACTORIES: Readonly<Record<DecodeEngine, () => Promise<Engine | null>>> = {
  native: createNativeEngine,
  // Each engine in its own chunk, fetched in parallel when a decoder is created (and only
  // the ones asked for), instead of one chunk of half a megabyte behind the camera.
  'zxing-wasm': async () => (await import('./zxingWasm')).createZxingWasmEngine(),
  'zxing-js': async () => (await import('./zxingJs')).createZxingJsEngine(),
};

/** The engines this browser can run, among `wanted` (for the benchmark: "native: not available"). */
export async function availableEngines(wanted: readonly DecodeEngine[] = ALL_ENGINES): Promise<DecodeEngine[]> {
  const engines = await Promise.all(wanted.map((name) => FACTORIES[name]()));
  const names = engines.flatMap((e) => (e ? [e.name] : []));
  engines.forEach((e) => e?.dispose());
  return names;
}

export async function createDecoder(options: DecoderOptions = {}): Promise<Decoder> {
  const created = await Promise.all((options.engines ?? ALL_ENGINES).map((name) => FACTORIES[name]()));
  const engines = created.filter((e): e is Engine => e !== null);
  const decode = createPipeline(engines, {
    retries: options.retries ?? true,
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
  });
  return {
    decode,
    dispose: () => engines.forEach((e) => e.dispose()),
  };
}
