/**
 * The decode pipeline: runs the steps of retries.ts on a frame until a read that passes
 * the checks (normalise.ts, and a second read for a UPC-E) lies in the aiming area, or
 * the time budget is spent. Of all
 * the codes read, the one nearest the middle of the view wins: the one the counter aims
 * at, not a bigger one beside it. Budgeted retries start only while the frame is younger
 * than the budget, so a frame without a code costs a bounded time and the camera keeps
 * its pace. It runs in the decode worker (decode.worker.ts), or on the page for the benchmark.
 */
import type { Engine, RawRead } from './engine';
import { hasDetail, pictureOfFrame, pictureOfLuma, type Picture } from './image';
import { normalise } from './normalise';
import { plan, type Step } from './retries';
import { AIM, type BarcodeFormat, type Box, type DecodeEngine, type Decoded } from './types';

/**
 * Symbols whose check is too weak to trust one read: a UPC-E's check digit is only the
 * parity pattern of six digits, and ZXing-C++ reads noisy UPC-Es as other valid ones
 * (2 of 4 noisy generated frames). Such a read counts once a second step (a retry, or the
 * other engine) reads the same text in the same frame.
 */
const WEAK: ReadonlySet<BarcodeFormat> = new Set(['UPC-E']);

export interface PipelineOptions {
  readonly retries: boolean;
  readonly budgetMs: number;
}

export function createPipeline(
  engines: readonly Engine[],
  options: PipelineOptions,
): (frame: ImageData) => Promise<Decoded | null> {
  const byName = new Map<DecodeEngine, Engine>(engines.map((e) => [e.name, e]));
  const steps = plan(
    engines.map((e) => e.name),
    options.retries,
  );

  return async (frame) => {
    const start = performance.now();
    const original = pictureOfFrame(frame);
    const transformed = new Map<string, Picture | null>();
    const pictureFor = (step: Step): Picture | null => {
      if (!step.transform) return original;
      const { name, apply } = step.transform;
      if (!transformed.has(name)) {
        const luma = apply(original.luma());
        transformed.set(name, luma && pictureOfLuma(luma));
      }
      return transformed.get(name) ?? null;
    };

    let best: Decoded | null = null;
    let worthRetrying: boolean | undefined;
    const votes = new Map<string, number>();
    for (const step of steps) {
      if (step.budgeted) {
        if (performance.now() - start > options.budgetMs) break;
        if (!(worthRetrying ??= hasDetail(original.luma()))) break;
        // On the page's thread (the benchmark's old way), lets it handle a tap or paint
        // between retries; in the worker it costs nothing.
        await yieldToPage();
      }
      const engine = byName.get(step.engine);
      const picture = pictureFor(step);
      if (!engine || !picture) continue;
      const seen = new Set<string>();
      for (const raw of await engine.read(picture, step.options)) {
        const read = normalise(raw);
        if (!read || seen.has(read.text)) continue;
        seen.add(read.text);
        if (WEAK.has(read.format)) {
          const n = (votes.get(read.text) ?? 0) + 1;
          votes.set(read.text, n);
          if (n < 2) continue;
        }
        const found = placed(read, picture, step.transform?.crop ?? 1);
        if (!best || nearer(found, best)) best = found;
      }
      if (best?.aimed) return best;
    }
    return best;
  };
}

/** The read with its bounds as fractions of the frame (a crop's fractions mapped back). */
function placed(read: RawRead, picture: Picture, crop: number): Decoded {
  const { bounds, ...rest } = read;
  if (!bounds) return { ...rest, aimed: true };
  const fx = (x: number): number => 0.5 + (x / picture.width - 0.5) * crop;
  const fy = (y: number): number => 0.5 + (y / picture.height - 0.5) * crop;
  const box: Box = { left: fx(bounds.x0), top: fy(bounds.y0), right: fx(bounds.x1), bottom: fy(bounds.y1) };
  const aimed = box.left <= AIM.right && box.right >= AIM.left && box.top <= AIM.bottom && box.bottom >= AIM.top;
  return { ...rest, box, aimed };
}

/** How far the middle of the view is from a symbol (0 when the symbol covers it). */
function distance(d: Decoded): number {
  if (!d.box) return 0;
  const dx = Math.max(d.box.left - 0.5, 0, 0.5 - d.box.right);
  const dy = Math.max(d.box.top - 0.5, 0, 0.5 - d.box.bottom);
  return Math.hypot(dx, dy);
}

function nearer(a: Decoded, b: Decoded): boolean {
  return distance(a) < distance(b);
}

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
