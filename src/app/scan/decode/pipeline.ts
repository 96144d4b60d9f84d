/**
 * The decode pipeline: runs the steps of retries.ts on a frame until a read that passes
 * the checks (normalise.ts) lies in the aiming area, or the time budget is spent. Of all
 * the codes read, the one nearest the middle of the view wins: the one the counter aims
 * at, not a bigger one beside it. Budgeted retries start only while the frame is younger
 * than the budget, so a frame without a code costs a bounded time and the camera keeps
 * its pace. It runs in the decode worker (worker.ts), or on the page for the benchmark.
 */
import type { Engine, RawRead } from './engine';
import { hasDetail, pictureOfFrame, pictureOfLuma, type Picture } from './image';
import { normalise } from './normalise';
import { plan, type Step } from './retries';
import { AIM, type Box, type DecodeEngine, type Decoded } from './types';

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
      for (const raw of await engine.read(picture, step.options)) {
        const read = normalise(raw);
        if (!read) continue;
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
