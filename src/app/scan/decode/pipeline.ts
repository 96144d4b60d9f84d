/**
 * The decode pipeline: each engine in turn on the frame as it is, the first read that
 * passes the checks wins.
 */
import type { Engine } from './engine';
import { toLuma } from './image';
import { normalise } from './normalise';
import type { Decoded } from './types';

export async function decodeFrame(engines: readonly Engine[], frame: ImageData): Promise<Decoded | null> {
  const luma = toLuma(frame);
  for (const engine of engines) {
    const raw = await engine.read(luma);
    const decoded = raw && normalise(raw);
    if (decoded) return decoded;
  }
  return null;
}
