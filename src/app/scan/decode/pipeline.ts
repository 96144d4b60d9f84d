/**
 * The decode pipeline: runs the steps of retries.ts on a frame until one read passes the
 * checks (normalise.ts), or the time budget is spent. Budgeted retries start only while
 * the frame is younger than the budget, so a frame without a code costs a bounded time and
 * the camera keeps its pace. It runs on the page's thread (the engines need no DOM, so a
 * worker could host it later), yielding to the page between retries.
 */
import type { Engine } from './engine';
import { pictureOfFrame, pictureOfLuma, type Picture } from './image';
import { normalise } from './normalise';
import { plan, type Step } from './retries';
import type { DecodeEngine, Decoded } from './types';

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

    for (const step of steps) {
      if (step.budgeted) {
        if (performance.now() - start > options.budgetMs) break;
        // Lets the page handle a tap or paint between retries: a frame without a code
        // must not freeze the screen for the whole budget.
        await yieldToPage();
      }
      const engine = byName.get(step.engine);
      const picture = pictureFor(step);
      if (!engine || !picture) continue;
      const raw = await engine.read(picture, step.options);
      const decoded = raw && normalise(raw);
      if (decoded) return decoded;
    }
    return null;
  };
}

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
