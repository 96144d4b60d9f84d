/**
 * The browser's own BarcodeDetector (Chrome on Android, Safari on recent iOS/macOS):
 * platform code, usually the fastest and the best on camera frames. Absent from desktop
 * Chromium on Linux and from Firefox, where the pipeline goes on with the other engines.
 */
import { boundsOf, type Engine, type RawRead } from './engine';
import type { Picture } from './image';
import type { BarcodeFormat } from './types';

/** The part of the Shape Detection API used here (not yet in TypeScript's DOM types). */
interface DetectedBarcode {
  readonly rawValue: string;
  readonly format: string;
  readonly cornerPoints?: readonly { x: number; y: number }[];
}
interface BarcodeDetectorInstance {
  detect(image: ImageData): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

const FORMATS: Readonly<Record<string, BarcodeFormat>> = {
  ean_13: 'EAN-13',
  ean_8: 'EAN-8',
  upc_a: 'UPC-A',
  upc_e: 'UPC-E',
  code_128: 'Code128',
  code_39: 'Code39',
  itf: 'ITF',
  qr_code: 'QRCode',
  data_matrix: 'DataMatrix',
};

const GS = '\u001d';

function detectorClass(): BarcodeDetectorClass | null {
  const found: unknown = Reflect.get(globalThis, 'BarcodeDetector');
  return typeof found === 'function' ? (found as BarcodeDetectorClass) : null;
}

/** The native engine, or null when this browser has no BarcodeDetector for our formats. */
export async function createNativeEngine(): Promise<Engine | null> {
  const Detector = detectorClass();
  if (!Detector) return null;
  const supported = (await Detector.getSupportedFormats()).filter((f) => f in FORMATS);
  if (supported.length === 0) return null;
  const detector = new Detector({ formats: supported });
  return {
    name: 'native',
    async read(image: Picture): Promise<RawRead[]> {
      let found: DetectedBarcode[];
      try {
        found = await detector.detect(image.rgba());
      } catch {
        return []; // a frame the platform could not process is a frame without a code
      }
      return found.flatMap((barcode) => {
        const format = FORMATS[barcode.format];
        if (!format) return [];
        const bounds = boundsOf(barcode.cornerPoints ?? []);
        return [{ ...toRaw(barcode.rawValue, format), ...(bounds ? { bounds } : {}) }];
      });
    },
    dispose(): void {},
  };
}

/**
 * The API says nothing about GS1. Platforms that keep the FNC1 give it as a leading GS or
 * a `]C1`-style identifier; without either, a GS1 symbol is seen as plain text (its
 * characters are right, only the flag is lost).
 */
function toRaw(rawValue: string, format: BarcodeFormat): RawRead {
  const id = /^\](C1|d2|Q3)/.exec(rawValue);
  if (id) return { text: rawValue.slice(3), format, gs1: true, engine: 'native' };
  if (rawValue.startsWith(GS)) return { text: rawValue.slice(1), format, gs1: true, engine: 'native' };
  return { text: rawValue, format, gs1: rawValue.includes(GS), engine: 'native' };
}
