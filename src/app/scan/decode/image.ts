/**
 * Grey-level images and the cheap transforms the retries use (rotation, scaling,
 * inversion, crops). Plain typed-array code with no DOM, so it runs the same in a page and
 * in a worker, and every engine can be fed the same transformed pixels.
 */

/** One byte of luminance per pixel, row by row. */
export interface Luma {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** RGBA (as from a canvas) to luminance, with the green-weighted average ZXing uses. */
export function toLuma(frame: ImageData): Luma {
  const { width, height, data: rgba } = frame;
  const data = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    data[i] = ((rgba[j] ?? 0) + 2 * (rgba[j + 1] ?? 0) + (rgba[j + 2] ?? 0)) >> 2;
  }
  return { data, width, height };
}
