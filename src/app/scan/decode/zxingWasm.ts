/**
 * The ZXing-C++ engine (zxing-wasm): fast, reads 2D codes and damaged photos that
 * zxing-js misses, and already tries rotations, downscaling and (2D codes only) inversion
 * inside the wasm.
 * Its .wasm is served by the app itself (a hashed asset, precached by the service worker):
 * the package's default fetches it from a CDN, which a warehouse without network cannot.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { boundsOf, type Engine, type RawRead } from './engine';
import type { Picture } from './image';
import type { BarcodeFormat } from './types';

/** Output format names of ZXing-C++ 3 (variants included) to the app's. */
const FORMATS: Readonly<Record<string, BarcodeFormat>> = {
  EAN13: 'EAN-13',
  ISBN: 'EAN-13',
  EAN8: 'EAN-8',
  UPCA: 'UPC-A',
  UPCE: 'UPC-E',
  Code128: 'Code128',
  Code39: 'Code39',
  Code39Std: 'Code39',
  Code39Ext: 'Code39',
  ITF: 'ITF',
  ITF14: 'ITF',
  QRCode: 'QRCode',
  QRCodeModel2: 'QRCode',
  DataMatrix: 'DataMatrix',
};

const OPTIONS: ReaderOptions = {
  formats: ['EAN13', 'EAN8', 'UPCA', 'UPCE', 'Code128', 'Code39', 'ITF', 'QRCode', 'DataMatrix'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  // More than one, to choose among them: the pipeline keeps the one nearest the middle of
  // the view, not a bigger one beside it.
  maxNumberOfSymbols: 4,
  // The default ("HRI") writes GS1 data as "(01)…(17)…"; the contract wants FNC1 as GS.
  textMode: 'Plain',
  eanAddOnSymbol: 'Ignore',
};

/** GS1 symbology identifiers: GS1-128, GS1 DataMatrix, GS1 QR (FNC1 first / second position). */
const GS1_IDS = new Set([']C1', ']d2', ']Q3', ']Q5']);

/** Loads and compiles the wasm (from the app's own origin) before the first frame. */
export async function createZxingWasmEngine(): Promise<Engine> {
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return {
    name: 'zxing-wasm',
    async read(image: Picture): Promise<RawRead[]> {
      const results = (await readBarcodes(image.rgba(), OPTIONS)).filter((r) => r.isValid);
      return results.flatMap((r) => toRaw(r) ?? []);
    },
    dispose(): void {
      // The module is shared by every decoder of the page (zxing-wasm caches it); nothing per decoder.
    },
  };
}

function toRaw(result: ReadResult): RawRead | null {
  const format = FORMATS[result.format];
  if (!format) return null;
  const gs1 = result.contentType === 'GS1' || GS1_IDS.has(result.symbologyIdentifier);
  const { topLeft, topRight, bottomRight, bottomLeft } = result.position;
  const bounds = boundsOf([topLeft, topRight, bottomRight, bottomLeft]);
  return { text: result.text, format, gs1, engine: 'zxing-wasm', ...(bounds ? { bounds } : {}) };
}
