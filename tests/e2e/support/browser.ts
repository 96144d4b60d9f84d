/**
 * A phone for end-to-end tests: Debian's Chromium (/usr/bin/chromium, never a downloaded
 * browser) driven by playwright-core, headless, with a phone-sized touch viewport in
 * French.
 *
 * Each device is its own browser on its own FRESH profile directory
 * (`chromium.launchPersistentContext`), not an incognito context of a shared browser: in
 * a persistent profile, IndexedDB and the Cache Storage live on disk and the service
 * worker registers, updates and serves offline as on a real phone, with a normal storage
 * quota. Closing a device and opening another on the same profile (`keepProfile`,
 * `userDataDir`) is the app restarted on the same phone. Two devices are two phones. The
 * cost is one Chromium process per device (well under a second to start here).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Always passed; `DeviceOptions.args` come after (e.g. fake-camera flags). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A phone: 390×844 CSS px at 2× (an iPhone 12-14 sized screen), touch, French, Paris time. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
};

export interface DeviceOptions {
  /** Extra Chromium flags, after CHROMIUM_ARGS (e.g. `--use-fake-device-for-media-stream`). */
  args?: readonly string[];
  /** Permissions granted to every origin, e.g. `['camera']`. */
  permissions?: string[];
  /** Start on this profile (a device restarting); by default a fresh temporary one. */
  userDataDir?: string;
  /** Overrides of the phone's context options (viewport, locale…). */
  context?: BrowserContextOptions;
}

export interface Device {
  readonly context: BrowserContext;
  /** The first tab, already at the URL given to newDevice. */
  readonly page: Page;
  readonly userDataDir: string;
  /**
   * Console errors and uncaught exceptions of every page of the device, in order, as
   * "console.error: … (url:line)" and "pageerror: …". Tests assert it is empty.
   */
  readonly errors: readonly string[];
  /** `errors` without the ones a test expects (e.g. /ERR_CONNECTION_REFUSED/ while offline). */
  errorsExcept(...expected: RegExp[]): string[];
  /** Closes the browser and deletes its profile, unless `keepProfile` (to reopen it). */
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

export async function newDevice(url: string, options: DeviceOptions = {}): Promise<Device> {
  const userDataDir = options.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-device-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
      acceptDownloads: true,
      serviceWorkers: 'allow',
      ...PHONE,
      ...(options.permissions ? { permissions: options.permissions } : {}),
      ...options.context,
    });
  } catch (e) {
    if (!options.userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }

  const errors: string[] = [];
  context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const at = msg.location();
    errors.push(`console.error: ${msg.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ''}`);
  });
  context.on('weberror', (webError) => {
    const e = webError.error();
    errors.push(`pageerror: ${e.stack || e.message || `${e.name} (no message, no stack)`}`);
  });

  let closed = false;
  const close = async ({ keepProfile = false }: { keepProfile?: boolean } = {}): Promise<void> => {
    if (closed) return;
    closed = true;
    await context.close();
    if (!keepProfile) fs.rmSync(userDataDir, { recursive: true, force: true });
  };

  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    return {
      context,
      page,
      userDataDir,
      errors,
      errorsExcept: (...expected) => errors.filter((e) => !expected.some((re) => re.test(e))),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Cuts (or restores) the device's network as with no signal: navigations, fetch/XHR and
 * WebSockets fail and `navigator.onLine` turns false — the service worker's own fetches
 * included (checked with playwright-core 1.65 and Chromium 150: a SW fetch fails offline
 * and its fallback answers). Offline tests may also stop the server (E2eServer.stop), the
 * other half of a dead warehouse Wi-Fi.
 */
export async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
  await context.setOffline(offline);
}

export interface Downloaded {
  /** The name the app gave the file (`a.download` / Content-Disposition). */
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/**
 * Runs `action` (e.g. a click on "Télécharger") and returns the file it makes the page
 * download, read whole from disk. Fails if no download starts within `timeoutMs`.
 */
export async function waitForDownload(
  page: Page,
  action: () => Promise<unknown>,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<Downloaded> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: timeoutMs }), action()]);
  const failure = await download.failure();
  if (failure) throw new Error(`the download of ${download.suggestedFilename()} failed: ${failure}`);
  const file = await download.path();
  const bytes = new Uint8Array(await fs.promises.readFile(file));
  await download.delete();
  return { fileName: download.suggestedFilename(), bytes };
}
