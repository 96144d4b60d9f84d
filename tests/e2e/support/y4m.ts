/**
 * A video for Chromium's fake camera (`--use-file-for-fake-video-capture=FILE.y4m`), made
 * from barcode photos: YUV4MPEG2, 4:2:0 planar. Only the luma plane carries the picture
 * (the chroma planes are neutral grey): barcodes are black on white, and a decoder reads
 * luminance anyway. Photos are letterboxed on white, held for a number of frames, and
 * separated by blank frames so a code visibly leaves the frame. Chromium loops the file.
 */
import fs from 'node:fs';
import { PNG } from 'pngjs';

export interface Gray {
  readonly width: number;
  readonly height: number;
  /** One byte of luminance per pixel, row by row. */
  readonly pixels: Uint8Array;
}

/** A PNG photo as luminance (BT.601 weights, as a video's Y plane). */
export function readPngGray(file: string): Gray {
  const png = PNG.sync.read(fs.readFileSync(file));
  const pixels = new Uint8Array(png.width * png.height);
  for (let i = 0; i < pixels.length; i++) {
    const [r, g, b, a] = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!, png.data[i * 4 + 3]!];
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    pixels[i] = Math.round((y * a + 255 * (255 - a)) / 255); // transparent = white paper
  }
  return { width: png.width, height: png.height, pixels };
}

/** `image` scaled (bilinear) to fill `fill` of a white `width`×`height` frame, centred. */
export function letterbox(image: Gray, width: number, height: number, fill = 0.9): Gray {
  const out = new Uint8Array(width * height).fill(255);
  const scale = Math.min((width * fill) / image.width, (height * fill) / image.height);
  const w = Math.floor(image.width * scale);
  const h = Math.floor(image.height * scale);
  const x0 = Math.floor((width - w) / 2);
  const y0 = Math.floor((height - h) / 2);
  const at = (x: number, y: number): number =>
    image.pixels[Math.min(image.height - 1, y) * image.width + Math.min(image.width - 1, x)]!;
  for (let y = 0; y < h; y++) {
    const sy = (y + 0.5) / scale - 0.5;
    const iy = Math.max(0, Math.floor(sy));
    const fy = Math.max(0, sy - iy);
    for (let x = 0; x < w; x++) {
      const sx = (x + 0.5) / scale - 0.5;
      const ix = Math.max(0, Math.floor(sx));
      const fx = Math.max(0, sx - ix);
      const top = at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx;
      const bottom = at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx;
      out[(y0 + y) * width + x0 + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, pixels: out };
}

export interface Shot {
  /** The frame's picture; null for a blank (white) frame. */
  readonly image: Gray | null;
  readonly frames: number;
}

/** Writes the shots as a Y4M file, frame by frame (the file is tens of MB, never held whole). */
export function writeY4m(file: string, width: number, height: number, fps: number, shots: readonly Shot[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
    const blank = new Uint8Array(width * height).fill(255);
    for (const shot of shots) {
      const luma = shot.image?.pixels ?? blank;
      if (luma.length !== width * height) throw new Error('a shot is not the size of the video');
      for (let f = 0; f < shot.frames; f++) {
        fs.writeSync(fd, 'FRAME\n');
        fs.writeSync(fd, luma);
        fs.writeSync(fd, chroma);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
