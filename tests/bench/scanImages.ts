/**
 * Image operations for the generated scan test set (scanSynthetic.ts): grey images as
 * camera frames, a barcode placed on a label by a perspective warp (rotation, scale and
 * tilt in one), blur, sensor noise, lighting, covers. Plain typed arrays, seeded, so each
 * run makes the same images.
 */
export interface Gray {
  readonly width: number;
  readonly height: number;
  /** One byte of luminance per pixel, row by row. */
  readonly pixels: Uint8Array;
}

export type Point = readonly [number, number];

/** Mulberry32: a small seeded PRNG (the same images every run). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal variate (Box-Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** 64K normal variates, made once: per-pixel noise draws from it (a million Box-Mullers per frame are slow). */
const NORMALS = (() => {
  const rand = prng(7);
  return Float32Array.from({ length: 65536 }, () => gaussian(rand));
})();

/** A background: cardboard grey with a light gradient across it (the grain comes with addNoise). */
export function background(width: number, height: number, rand: () => number): Float32Array {
  const out = new Float32Array(width * height);
  const base = 150 + rand() * 50;
  const slope = (rand() - 0.5) * 60;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = base + (slope * x) / width;
  return out;
}

/** The homography taking the unit square's corners (0,0),(1,0),(1,1),(0,1) to `quad`. */
function squareToQuad(quad: readonly [Point, Point, Point, Point]): number[] {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = quad;
  const dx1 = x1 - x2,
    dx2 = x3 - x2,
    dx3 = x0 - x1 + x2 - x3;
  const dy1 = y1 - y2,
    dy2 = y3 - y2,
    dy3 = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (dx3 * dy2 - dx2 * dy3) / den;
  const h = (dx1 * dy3 - dx3 * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert3(m: number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0] = m;
  const A = e * i - f * h,
    B = -(d * i - f * g),
    C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ].map((v) => v / det);
}

/**
 * Draws `label` (grey, its own pixels) into `frame` so that its corners land on `quad`
 * (top-left, top-right, bottom-right, bottom-left), 3×3 supersampled: a label shrunk to
 * 1.5 px per module is averaged as a camera's sensor would, not aliased.
 */
export function drawWarped(
  frame: Float32Array,
  width: number,
  height: number,
  label: Gray,
  quad: readonly [Point, Point, Point, Point],
): void {
  const toFrame = squareToQuad(quad);
  const toSquare = invert3(toFrame);
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const [left, right] = [Math.max(0, Math.floor(Math.min(...xs))), Math.min(width - 1, Math.ceil(Math.max(...xs)))];
  const [top, bottom] = [Math.max(0, Math.floor(Math.min(...ys))), Math.min(height - 1, Math.ceil(Math.max(...ys)))];
  const [m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0, m6 = 0, m7 = 0, m8 = 1] = toSquare;
  const lw = label.width,
    lh = label.height,
    lp = label.pixels;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      let sum = 0;
      let inside = 0;
      for (let sy = 0; sy < 3; sy++) {
        for (let sx = 0; sx < 3; sx++) {
          const px = x + (sx + 0.5) / 3 - 0.5,
            py = y + (sy + 0.5) / 3 - 0.5;
          const w = m6 * px + m7 * py + m8;
          const u = (m0 * px + m1 * py + m2) / w,
            v = (m3 * px + m4 * py + m5) / w;
          if (u < 0 || u >= 1 || v < 0 || v >= 1) continue;
          sum += lp[Math.floor(v * lh) * lw + Math.floor(u * lw)] ?? 255;
          inside++;
        }
      }
      if (inside === 0) continue;
      const i = y * width + x;
      frame[i] = (frame[i] ?? 0) * (1 - inside / 9) + sum / 9;
    }
  }
}

/** The corners of a w×h rectangle centred on (cx, cy), turned by `angle` radians. */
export function rectangle(cx: number, cy: number, w: number, h: number, angle: number): [Point, Point, Point, Point] {
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const at = (dx: number, dy: number): Point => [cx + dx * c - dy * s, cy + dx * s + dy * c];
  return [at(-w / 2, -h / 2), at(w / 2, -h / 2), at(w / 2, h / 2), at(-w / 2, h / 2)];
}

/** A box blur of radius `r`, twice (close to a Gaussian of sigma ≈ r·0.8). */
export function blur(img: Float32Array, width: number, height: number, r: number): void {
  const tmp = new Float32Array(img.length);
  for (let pass = 0; pass < 2; pass++) {
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let s = 0,
          n = 0;
        for (let k = -r; k <= r; k++) {
          const xx = x + k;
          if (xx >= 0 && xx < width) {
            s += img[y * width + xx] ?? 0;
            n++;
          }
        }
        tmp[y * width + x] = s / n;
      }
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let s = 0,
          n = 0;
        for (let k = -r; k <= r; k++) {
          const yy = y + k;
          if (yy >= 0 && yy < height) {
            s += tmp[yy * width + x] ?? 0;
            n++;
          }
        }
        img[y * width + x] = s / n;
      }
  }
}

export function addNoise(img: Float32Array, sigma: number, rand: () => number): void {
  let k = Math.floor(rand() * 65536);
  const step = 1 + 2 * Math.floor(rand() * 1000); // odd: walks the whole table
  for (let i = 0; i < img.length; i++, k = (k + step) & 0xffff) img[i] = (img[i] ?? 0) + (NORMALS[k] ?? 0) * sigma;
}

/** Fills a quadrilateral's bounding rows with a flat grey (a finger, a sticker, a strap). */
export function cover(
  img: Float32Array,
  width: number,
  quad: readonly [Point, Point, Point, Point],
  grey: number,
): void {
  const toFrame = squareToQuad(quad);
  const toSquare = invert3(toFrame);
  const [m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0, m6 = 0, m7 = 0, m8 = 1] = toSquare;
  const height = img.length / width;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const w = m6 * x + m7 * y + m8;
      const u = (m0 * x + m1 * y + m2) / w,
        v = (m3 * x + m4 * y + m5) / w;
      if (u >= 0 && u < 1 && v >= 0 && v < 1) img[y * width + x] = grey;
    }
}

export function toGray(img: Float32Array, width: number, height: number): Gray {
  const pixels = new Uint8Array(img.length);
  for (let i = 0; i < img.length; i++) pixels[i] = Math.max(0, Math.min(255, Math.round(img[i] ?? 0)));
  return { width, height, pixels };
}
