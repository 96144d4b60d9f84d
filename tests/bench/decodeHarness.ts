/**
 * Drives the app's real decode module in headless Chromium, for the decode benchmark
 * (scan.ts) and the e2e decode test: builds tests/bench/decodePage with Vite (a
 * production build, as the app's), serves it with `vite preview`, and feeds it the
 * fixture photos (NAME.png|jpg with the expected text in NAME.txt).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/browser';
import { barcodeFixturesDir } from '../support/fixtures';

export { barcodeFixturesDir };
import type { Attempt, CameraRunResult, CameraRunSpec, DecodeBenchApi, DecoderSpec } from './decodePage/protocol';
import type { Gray } from './scanImages';

export type { Attempt, CameraRunResult, CameraRunSpec, DecoderSpec } from './decodePage/protocol';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGE_DIR = path.join(import.meta.dirname, 'decodePage');
const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;

export interface Fixture {
  readonly folder: string;
  readonly file: string;
  readonly expected: string;
  /** From NAME.metadata.txt when it gives one, e.g. `]C1` (GS1-128) or `]d1` (plain DataMatrix). */
  readonly symbologyId?: string;
}

/** Every image with a NAME.txt beside it, in the sub-folders of `dir`, sorted. */
export function listFixtures(dir: string): Fixture[] {
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return folders.flatMap((folder) =>
    fs
      .readdirSync(path.join(dir, folder))
      .filter((name) => IMAGE.test(name))
      .sort()
      .flatMap((name) => {
        const txt = path.join(dir, folder, name.replace(IMAGE, '.txt'));
        if (!fs.existsSync(txt)) return [];
        const fixture: Fixture = { folder, file: path.join(dir, folder, name), expected: fs.readFileSync(txt, 'utf8') };
        const metadata = txt.replace(/\.txt$/, '.metadata.txt');
        const id = fs.existsSync(metadata) && /^SYMBOLOGY_IDENTIFIER=(.+)$/m.exec(fs.readFileSync(metadata, 'utf8'));
        return [id ? { ...fixture, symbologyId: id[1] } : fixture];
      }),
  );
}

export interface Outcome {
  readonly fixture: Fixture;
  readonly attempts: readonly Attempt[];
}

export interface DecodePage {
  /** The decoders of `specs` whose engines this browser has. */
  readonly available: readonly string[];
  decode(fixture: Fixture): Promise<Outcome>;
  /** Decodes a generated grey frame with every decoder (or only the one named). */
  decodeGray(image: Gray, only?: string): Promise<Attempt[]>;
  /** Shows generated frames to the app's scan loop, as a camera would (see decodePage/camera.ts); the frames of the first call are kept for the next. */
  cameraRun(images: readonly { image: Gray; expected: string }[], spec: CameraRunSpec): Promise<CameraRunResult>;
  close(): Promise<void>;
}

export async function openDecodePage(specs: readonly DecoderSpec[]): Promise<DecodePage> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-decode-'));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    await build({
      configFile: false,
      root: PAGE_DIR,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
    server = await preview({
      configFile: false,
      root: PAGE_DIR,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0 },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview gave no URL');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => 'decodeBench' in window);
    const available = await page.evaluate((s) => window.decodeBench.init(s), specs);
    const opened = { server, browser };
    let cameraFramesSent = false;
    return {
      available,
      decode: (fixture) => decodeOne(page, fixture, errors),
      decodeGray: async (image, only) => {
        const b64 = Buffer.from(image.pixels).toString('base64');
        const attempts = await page.evaluate(([g, w, h, o]) => window.decodeBench.decodeGray(g, w, h, o ?? undefined), [
          b64,
          image.width,
          image.height,
          only ?? null,
        ] as const);
        if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`);
        return attempts;
      },
      cameraRun: async (images, spec) => {
        if (!cameraFramesSent) {
          for (const { image, expected } of images) {
            const b64 = Buffer.from(image.pixels).toString('base64');
            await page.evaluate(([g, w, h, e]) => window.decodeBench.addCameraFrame(g, w, h, e), [
              b64,
              image.width,
              image.height,
              expected,
            ] as const);
          }
          cameraFramesSent = true;
        }
        const result = await page.evaluate((s) => window.decodeBench.cameraRun(s), spec);
        if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`);
        return result;
      },
      close: async () => {
        await opened.browser.close();
        await opened.server.close();
        fs.rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await server?.close();
    fs.rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}

async function decodeOne(page: Page, fixture: Fixture, errors: string[]): Promise<Outcome> {
  const image = fs.readFileSync(fixture.file).toString('base64');
  const attempts = await page.evaluate((b64) => window.decodeBench.decode(b64), image);
  if (errors.length > 0) throw new Error(`page error on ${fixture.file}: ${errors.join('; ')}`);
  return { fixture, attempts };
}

declare global {
  interface Window {
    decodeBench: DecodeBenchApi;
  }
}

/**
 * Read: the expected text. Misread: another text. Anything else (null, or a code outside
 * the aiming area, which the camera never counts) is a non-read.
 */
export function verdict(fixture: Fixture, attempt: Attempt): 'read' | 'misread' | 'none' {
  if (!attempt.decoded?.aimed) return 'none';
  return attempt.decoded.text === fixture.expected ? 'read' : 'misread';
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
