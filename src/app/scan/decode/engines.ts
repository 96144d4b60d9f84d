/**
 * The engines, by name, imported statically: this module is the decode worker's whole
 * bundle (a worker chunk cannot split further), and the page-thread decoder loads it as one
 * chunk too. An engine this browser cannot run (native without BarcodeDetector) is left out.
 */
import type { Engine } from './engine';
import { createNativeEngine } from './native';
import type { DecodeEngine, Frame } from './types';
import { createZxingJsEngine } from './zxingJs';
import { createZxingWasmEngine } from './zxingWasm';

/** The platform first (fast when present), then ZXing-C++ (fast), then zxing-js (slower, reads other photos). */
export const ALL_ENGINES: readonly DecodeEngine[] = ['native', 'zxing-wasm', 'zxing-js'];

const FACTORIES: Readonly<Record<DecodeEngine, () => Promise<Engine | null>>> = {
  native: createNativeEngine,
  'zxing-wasm': createZxingWasmEngine,
  'zxing-js': () => Promise.resolve(createZxingJsEngine()),
};

export async function createEngines(wanted: readonly DecodeEngine[] = ALL_ENGINES): Promise<Engine[]> {
  const engines = await Promise.all(wanted.map((name) => FACTORIES[name]()));
  return engines.filter((e): e is Engine => e !== null);
}

/** Camera frames are at most this wide when decoded: enough for a label at arm's length. */
const MAX_FRAME_WIDTH = 1280;

/**
 * A camera frame (VideoFrame or ImageBitmap) as pixels, at most MAX_FRAME_WIDTH wide,
 * drawn on one reused canvas; closes the frame. In the worker, so the copy and the colour
 * conversion never cost the page's thread.
 */
export function framePixels(): (frame: Frame) => ImageData {
  let canvas: OffscreenCanvas | null = null;
  let context: OffscreenCanvasRenderingContext2D | null = null;
  return (frame) => {
    if (!('close' in frame)) return frame;
    const [w, h] = 'displayWidth' in frame ? [frame.displayWidth, frame.displayHeight] : [frame.width, frame.height];
    const scale = Math.min(1, MAX_FRAME_WIDTH / w);
    const [width, height] = [Math.round(w * scale), Math.round(h * scale)];
    if (!canvas || canvas.width !== width || canvas.height !== height) {
      canvas = new OffscreenCanvas(width, height);
      context = canvas.getContext('2d', { willReadFrequently: true });
    }
    try {
      if (!context) throw new Error('no 2d context for the frame');
      context.drawImage(frame, 0, 0, width, height);
      return context.getImageData(0, 0, width, height);
    } finally {
      frame.close();
    }
  };
}
