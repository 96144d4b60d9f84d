/**
 * The @zxing/library engine (the decoder under @zxing/browser): pure JavaScript, reads
 * some blurred 1D photos that ZXing-C++ misses, and needs no wasm.
 */
import {
  BarcodeFormat as ZxFormat,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
  type Result,
} from '@zxing/library';
import { boundsOf, type Engine, type RawRead, type ReadOptions } from './engine';
import type { Picture } from './image';
import type { BarcodeFormat } from './types';

const FORMATS: ReadonlyMap<ZxFormat, BarcodeFormat> = new Map([
  [ZxFormat.EAN_13, 'EAN-13'],
  [ZxFormat.EAN_8, 'EAN-8'],
  [ZxFormat.UPC_A, 'UPC-A'],
  [ZxFormat.UPC_E, 'UPC-E'],
  [ZxFormat.CODE_128, 'Code128'],
  [ZxFormat.CODE_39, 'Code39'],
  [ZxFormat.ITF, 'ITF'],
  [ZxFormat.QR_CODE, 'QRCode'],
  [ZxFormat.DATA_MATRIX, 'DataMatrix'],
]);

/** Code 128 with ASSUME_GS1 starts a GS1-128 text with its symbology identifier. */
const GS1_128_PREFIX = ']C1';
const GS = '\u001d';

export function createZxingJsEngine(): Engine {
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [...FORMATS.keys()]],
    [DecodeHintType.TRY_HARDER, true],
    // Without it, Code 128 drops every FNC1: the GS1 fields of variable length would run together.
    [DecodeHintType.ASSUME_GS1, true],
  ]);
  const reader = new MultiFormatReader();
  reader.setHints(hints);

  return {
    name: 'zxing-js',
    read(picture: Picture, options: ReadOptions = {}): Promise<RawRead[]> {
      const image = picture.luma();
      const source = new RGBLuminanceSource(image.data, image.width, image.height);
      const binarizer = options.globalBinarizer ? new GlobalHistogramBinarizer(source) : new HybridBinarizer(source);
      let result: Result;
      try {
        result = reader.decodeWithState(new BinaryBitmap(binarizer));
      } catch {
        // NotFound / Checksum / Format exceptions are how zxing-js says "nothing read"; it
        // also throws index errors on some degenerate crops, which mean the same here.
        return Promise.resolve([]);
      }
      const format = FORMATS.get(result.getBarcodeFormat());
      if (!format) return Promise.resolve([]);
      const points = (result.getResultPoints() ?? []).map((p) => ({ x: p.getX(), y: p.getY() }));
      const bounds = boundsOf(points);
      return Promise.resolve([{ ...withGs1(result.getText(), format), ...(bounds ? { bounds } : {}) }]);
    },
    dispose(): void {
      reader.reset();
    },
  };
}

/**
 * zxing-js marks GS1 in the text itself: `]C1` before a GS1-128, a leading GS (FNC1 in
 * first position) in a GS1 DataMatrix. The contract wants the bare element string.
 */
function withGs1(text: string, format: BarcodeFormat): RawRead {
  if (format === 'Code128' && text.startsWith(GS1_128_PREFIX)) {
    return { text: text.slice(GS1_128_PREFIX.length), format, gs1: true, engine: 'zxing-js' };
  }
  if (format === 'DataMatrix' && text.startsWith(GS)) {
    return { text: text.slice(1), format, gs1: true, engine: 'zxing-js' };
  }
  return { text, format, gs1: false, engine: 'zxing-js' };
}
