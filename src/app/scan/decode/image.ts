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

/**
 * One image as every engine wants it: grey for zxing-js, RGBA for the others. Each form
 * is computed once, on first use, since most frames are read by one engine only.
 */
export interface Picture {
  readonly width: number;
  readonly height: number;
  luma(): Luma;
  rgba(): ImageData;
}

export function pictureOfFrame(frame: ImageData): Picture {
  let luma: Luma | undefined;
  return { width: frame.width, height: frame.height, rgba: () => frame, luma: () => (luma ??= toLuma(frame)) };
}

export function pictureOfLuma(luma: Luma): Picture {
  let rgba: ImageData | undefined;
  return { width: luma.width, height: luma.height, luma: () => luma, rgba: () => (rgba ??= toRgba(luma)) };
}

/** RGBA to luminance, with the green-weighted average ZXing uses. */
export function toLuma(frame: ImageData): Luma {
  const { width, height, data: rgba } = frame;
  const data = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    data[i] = ((rgba[j] ?? 0) + 2 * (rgba[j + 1] ?? 0) + (rgba[j + 2] ?? 0)) >> 2;
  }
  return { data, width, height };
}

function toRgba(luma: Luma): ImageData {
  const { width, height, data: grey } = luma;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
    const v = grey[i] ?? 0;
    data[j] = v;
    data[j + 1] = v;
    data[j + 2] = v;
    data[j + 3] = 255;
  }
  return new ImageData(data, width, height);
}

/** Bilinear scaling by `factor` (up to sharpen thin bars, down to smooth noise). */
export function scale(src: Luma, factor: number): Luma {
  const width = Math.max(1, Math.round(src.width * factor));
  const height = Math.max(1, Math.round(src.height * factor));
  const data = new Uint8ClampedArray(width * height);
  const { data: s, width: sw, height: sh } = src;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      const top = (s[y0 * sw + x0] ?? 0) * (1 - wx) + (s[y0 * sw + x1] ?? 0) * wx;
      const bottom = (s[y1 * sw + x0] ?? 0) * (1 - wx) + (s[y1 * sw + x1] ?? 0) * wx;
      data[y * width + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return { data, width, height };
}

/** Light on dark labels (and some screens) become dark on light. */
export function invert(src: Luma): Luma {
  const data = new Uint8ClampedArray(src.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 255 - (src.data[i] ?? 0);
  return { data, width: src.width, height: src.height };
}

/** The centred part of the image `fraction` wide and high (the code the user aims at). */
export function centreCrop(src: Luma, fraction: number): Luma {
  const width = Math.max(1, Math.round(src.width * fraction));
  const height = Math.max(1, Math.round(src.height * fraction));
  const left = (src.width - width) >> 1;
  const top = (src.height - height) >> 1;
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    const from = (top + y) * src.width + left;
    data.set(src.data.subarray(from, from + width), y * width);
  }
  return { data, width, height };
}

/** 3×3 unsharp mask: crisper bar edges in a blurred photo. */
export function sharpen(src: Luma): Luma {
  const { data: s, width: w, height: h } = src;
  const data = new Uint8ClampedArray(s);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const around = (s[i - 1] ?? 0) + (s[i + 1] ?? 0) + (s[i - w] ?? 0) + (s[i + w] ?? 0);
      data[i] = 5 * (s[i] ?? 0) - around;
    }
  }
  return { data, width: w, height: h };
}

/** Stretches the grey levels between the 1st and 99th percentiles to 0…255 (dull, low-contrast photos). */
export function stretchContrast(src: Luma): Luma {
  const histogram = new Uint32Array(256);
  for (const v of src.data) histogram[v] = (histogram[v] ?? 0) + 1;
  const cut = src.data.length / 100;
  let low = 0;
  let below = 0;
  while (low < 255 && (below += histogram[low] ?? 0) < cut) low++;
  let high = 255;
  let above = 0;
  while (high > 0 && (above += histogram[high] ?? 0) < cut) high--;
  const range = Math.max(1, high - low);
  const data = new Uint8ClampedArray(src.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (((src.data[i] ?? 0) - low) * 255) / range;
  return { data, width: src.width, height: src.height };
}

/**
 * The direction bars run in, in the middle of the image: the dominant gradient angle
 * (radians, 0 when bars are vertical) from the structure tensor, or null when the middle
 * has no single direction (a 2D code, a blank view). ZXing scans rows and columns only,
 * so a 1D code tilted by 20° has no row crossing all its bars: turning it back does.
 */
export function barAngle(src: Luma): number | null {
  const { data: s, width: w, height: h } = src;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let y = Math.floor(h * 0.25); y < h * 0.75; y += 2) {
    for (let x = Math.floor(w * 0.25); x < w * 0.75; x += 2) {
      const i = y * w + x;
      const gx = (s[i + 1] ?? 0) - (s[i - 1] ?? 0);
      const gy = (s[i + w] ?? 0) - (s[i - w] ?? 0);
      xx += gx * gx;
      yy += gy * gy;
      xy += gx * gy;
    }
  }
  const energy = xx + yy;
  if (energy === 0) return null;
  const coherence = Math.hypot(xx - yy, 2 * xy) / energy;
  return coherence < 0.5 ? null : 0.5 * Math.atan2(2 * xy, xx - yy);
}

/** The image turned by `-angle` about its centre (bilinear; outside is white), same size. */
export function rotateBy(src: Luma, angle: number): Luma {
  const { data: s, width: w, height: h } = src;
  const data = new Uint8ClampedArray(w * h);
  const [c, n] = [Math.cos(angle), Math.sin(angle)];
  const [cx, cy] = [(w - 1) / 2, (h - 1) / 2];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const sx = cx + dx * c - dy * n;
      const sy = cy + dx * n + dy * c;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        data[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = (s[i] ?? 0) * (1 - fx) + (s[i + 1] ?? 0) * fx;
      const bottom = (s[i + w] ?? 0) * (1 - fx) + (s[i + w + 1] ?? 0) * fx;
      data[y * w + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { data, width: w, height: h };
}

/** Averages each pixel with `radius` pixels above and below: noise fades, vertical bars stay sharp. */
export function smoothVertically(src: Luma, radius: number): Luma {
  const { data: s, width: w, height: h } = src;
  const data = new Uint8ClampedArray(w * h);
  for (let x = 0; x < w; x++) {
    let sum = 0;
    let n = 0;
    for (let y = 0; y < Math.min(h, radius); y++) {
      sum += s[y * w + x] ?? 0;
      n++;
    }
    for (let y = 0; y < h; y++) {
      const add = y + radius;
      const drop = y - radius - 1;
      if (add < h) {
        sum += s[add * w + x] ?? 0;
        n++;
      }
      if (drop >= 0) {
        sum -= s[drop * w + x] ?? 0;
        n--;
      }
      data[y * w + x] = sum / n;
    }
  }
  return { data, width: w, height: h };
}

/**
 * Whether the image shows anything at all: some sharp grey-level steps, sampled on a grid.
 * A blank view (a wall, the lens covered, the gap between two labels) is not worth the
 * retries: the next frame comes sooner.
 */
export function hasDetail(src: Luma): boolean {
  const { data: s, width: w, height: h } = src;
  let edges = 0;
  let samples = 0;
  for (let y = 2; y < h - 2; y += 4) {
    for (let x = 2; x < w - 2; x += 4) {
      const i = y * w + x;
      samples++;
      if (
        Math.abs((s[i + 2] ?? 0) - (s[i - 2] ?? 0)) > 24 ||
        Math.abs((s[i + 2 * w] ?? 0) - (s[i - 2 * w] ?? 0)) > 24
      ) {
        edges++;
      }
    }
  }
  return edges > samples / 500;
}
