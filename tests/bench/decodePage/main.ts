/**
 * The decode bench page: imports the app's real decode module (built by Vite like the
 * app), turns each image into the ImageData a camera frame would be, and times
 * `decoder.decode` for each decoder asked for.
 */
import { availableEngines, createDecoder } from '../../../src/app/scan/decode';
import type { Decoder } from '../../../src/app/scan/decode/types';
import { cameraBench } from './camera';
import type { Attempt, DecodeBenchApi, DecoderSpec } from './protocol';

declare global {
  interface Window {
    decodeBench: DecodeBenchApi;
  }
}

let decoders: { name: string; decoder: Decoder }[] = [];

async function init(specs: readonly DecoderSpec[]): Promise<string[]> {
  decoders.forEach((d) => d.decoder.dispose());
  decoders = [];
  for (const spec of specs) {
    const wanted = spec.options.engines;
    // A decoder made only of engines this browser lacks is left out (e.g. native on Linux).
    if (wanted && (await availableEngines(wanted)).length === 0) continue;
    decoders.push({ name: spec.name, decoder: await createDecoder(spec.options) });
  }
  return decoders.map((d) => d.name);
}

/** The image as pixels, on white: a transparent PNG background is paper, not black. */
async function toImageData(imageBase64: string): Promise<ImageData> {
  const bytes = Uint8Array.from(atob(imageBase64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2d context');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, bitmap.width, bitmap.height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** A generated frame: one byte of grey per pixel (base64), as RGBA pixels. */
function grayToImageData(grayBase64: string, width: number, height: number): ImageData {
  const gray = Uint8Array.from(atob(grayBase64), (c) => c.charCodeAt(0));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < gray.length; i++, j += 4) {
    const v = gray[i] ?? 0;
    rgba[j] = rgba[j + 1] = rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  return new ImageData(rgba, width, height);
}

async function decode(imageBase64: string): Promise<Attempt[]> {
  return decodePixels(await toImageData(imageBase64));
}

async function decodeGray(grayBase64: string, width: number, height: number, only?: string): Promise<Attempt[]> {
  return decodePixels(grayToImageData(grayBase64, width, height), only);
}

async function decodePixels(pixels: ImageData, only?: string): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (const { name, decoder } of decoders) {
    if (only !== undefined && name !== only) continue;
    // A fresh copy for each decoder: a decoder may transfer (detach) the frame it is given.
    const frame = new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height);
    const start = performance.now();
    const decoded = await decoder.decode(frame);
    attempts.push({ name, decoded, ms: performance.now() - start });
  }
  return attempts;
}

window.decodeBench = { init, decode, decodeGray, ...cameraBench };
