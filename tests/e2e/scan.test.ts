/**
 * Scan to count through the REAL camera path: Chromium's fake camera plays a Y4M video made
 * here from the fixture photos (shared/fixtures/barcodes); the app reads frames from
 * getUserMedia, decodes them and counts. The video shows, each followed by blank frames
 * (the code leaves the frame): A, B, A, then the unknown U, then a long blank. Chromium
 * loops the file, so the test stops the camera once U has been seen, inside that last
 * blank: every code has then been shown exactly as often as the video shows it, and the
 * counts must match exactly (A 2 scans, B 1). Then Ajouter réf. for U with its code
 * filled in, keyboard-wedge scans with no field focused (one line: +1; a carton of an
 * item in several bins: the chooser, the filtered bin preselected, +12), and a phone
 * without a camera: a clear message, and the wedge still counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineDto, LocationDto } from '../../src/core/api/dto';
import { newDevice, waitForDownload, type Device } from './support/browser';
import { DEMO, startE2eServer, type E2eServer } from './support/server';
import { barcodeFixturesDir } from '../support/fixtures';
import { menuAction } from './support/countUi';
import { allSent, login, serverCounts as countsOf } from './support/scanning';
import { letterbox, readPngGray, writeY4m, type Shot } from './support/y4m';

const FIXTURES = barcodeFixturesDir();
const [W, H, FPS] = [640, 480, 5];

/** Fixture photos the decoder reads in every frame (checked on the letterboxed image). */
const PHOTO_A = { file: 'code128-1/3.png', code: '102030405060708090', fill: 0.9 };
const PHOTO_B = { file: 'ean13-3/05.png', code: '9780764544200', fill: 0.5 };
const PHOTO_U = { file: 'ean8-1/4.png', code: '67678983', fill: 0.6 };

let server: E2eServer;
let dir: string;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startE2eServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-scan-'));
});

afterAll(async () => {
  for (const d of devices) await d.close();
  await server?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const photo = (p: { file: string; fill: number }): Shot['image'] =>
  letterbox(readPngGray(path.join(FIXTURES, p.file)), W, H, p.fill);
const seconds = (s: number): number => Math.round(s * FPS);

/** A handheld scanner in keyboard-wedge mode: machine-fast keystrokes and Enter, no field focused. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.locator('h1').click();
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** The scanner's report of the last count ("+1 REF designation · bin : qty"). */
async function lastScan(page: Page, text: string): Promise<void> {
  await page.getByRole('region', { name: 'Scanner' }).getByTestId('last-scan').filter({ hasText: text }).waitFor();
}

describe('scan to count', () => {
  it('counts what the camera sees, once per appearance, and what a handheld scanner types', async () => {
    const token = await server.login(DEMO.supervisor);
    const location = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body.find(
      (l) => l.code === 'DEP-01',
    )!;
    const inv = (
      await server.api<InventoryDto>('POST', '/api/inventories', {
        token,
        body: { name: 'Scan e2e', locationId: location.id, kind: 'articles' },
      })
    ).body;
    // The fixture codes A and B are new references found on the shelf; U stays unknown.
    const bin = (await server.api<LineDto[]>('GET', `/api/inventories/${inv.id}/lines`, { token })).body[0]!.bin;
    for (const [ref, code] of [
      ['E2E-SCAN-A', PHOTO_A.code],
      ['E2E-SCAN-B', PHOTO_B.code],
    ]) {
      const res = await server.api('POST', `/api/inventories/${inv.id}/lines`, {
        token,
        body: { itemRef: ref, barcode: code, designation: `Article ${ref}`, bin },
      });
      expect(res.status).toBe(201);
    }
    const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${inv.id}/lines`, { token })).body;
    const byRef = new Map<string, LineDto[]>();
    for (const l of lines) byRef.set(l.itemRef, [...(byRef.get(l.itemRef) ?? []), l]);
    const lineA = byRef.get('E2E-SCAN-A')![0]!;
    const lineB = byRef.get('E2E-SCAN-B')![0]!;
    // Every demo item lies in several bins: its carton's barcode leads to the chooser.
    const carton = lines.find((l) => (l.packs ?? []).length > 0 && byRef.get(l.itemRef)!.length > 1)!;
    expect(carton.packs![0]!.qty).toBe('12.000');

    const blank = (s: number): Shot => ({ image: null, frames: seconds(s) });
    const show = (p: typeof PHOTO_A): Shot => ({ image: photo(p), frames: seconds(2.4) });
    const video = path.join(dir, 'shelf.y4m');
    writeY4m(video, W, H, FPS, [
      blank(1),
      show(PHOTO_A),
      blank(2),
      show(PHOTO_B),
      blank(2),
      show(PHOTO_A),
      blank(2),
      show(PHOTO_U),
      blank(10),
    ]);

    const phone = await newDevice(`${server.url}/`, {
      permissions: ['camera'],
      args: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    devices.push(phone);
    const page = phone.page;
    await login(page, DEMO.supervisor);
    // A supervisor's device builds the before ZIP by itself when it opens the inventory.
    await waitForDownload(page, () => page.getByRole('button', { name: 'Ouvrir Scan e2e' }).click(), {
      timeoutMs: 60_000,
    });
    // The before ZIP saved, the count opens by itself.
    const scanner = page.getByRole('region', { name: 'Scanner' });

    // --- The camera: A, B, A, then U; stopped in the long blank after U.
    await scanner.getByRole('button', { name: 'Scanner avec la caméra' }).click();
    await scanner
      .getByRole('alert')
      .filter({ hasText: `Code inconnu dans cet inventaire : ${PHOTO_U.code}` })
      .waitFor({ timeout: 90_000 });
    await scanner.getByRole('button', { name: 'Arrêter la caméra' }).click();
    expect(await page.locator('video').count()).toBe(0);
    await allSent(page);
    let counts = await countsOf(server, token, inv.id);
    expect(counts.get(lineA.key)).toEqual({ qty: '2.000', events: 2 });
    expect(counts.get(lineB.key)).toEqual({ qty: '1.000', events: 1 });
    expect(counts.size).toBe(2);

    // --- U leads to Ajouter réf., its code filled in.
    await scanner.getByRole('button', { name: 'Ajouter réf.' }).click();
    await expect.poll(() => page.getByLabel('Code-barres').inputValue()).toBe(PHOTO_U.code);
    await page.getByRole('link', { name: 'Retour' }).click();
    await page.getByRole('heading', { name: 'Scan e2e' }).waitFor();

    // --- A handheld scanner (keystrokes + Enter), nothing focused: B once more.
    await wedgeScan(page, PHOTO_B.code);
    await lastScan(page, `+1 ${lineB.itemRef}`);

    // --- A carton of an item in several bins: the chooser, the filtered bin preselected, +12.
    await menuAction(page, 'Afficher les filtres');
    await page.getByLabel('Emplacement').selectOption(carton.bin);
    await wedgeScan(page, carton.packs![0]!.code);
    const choices = scanner.getByRole('radiogroup', { name: 'Ligne à compter' }).getByRole('radio');
    await choices.first().waitFor();
    expect(await choices.count()).toBe(byRef.get(carton.itemRef)!.length);
    const inBin = scanner.getByRole('radio', { name: new RegExp(`· ${carton.bin}( ·|$)`) });
    expect(await inBin.isChecked()).toBe(true);
    await scanner.getByRole('button', { name: 'Compter sur cette ligne' }).click();
    await lastScan(page, `+12 (1 carton) ${carton.itemRef}`);

    await allSent(page);
    counts = await countsOf(server, token, inv.id);
    expect(counts.get(lineB.key)).toEqual({ qty: '2.000', events: 2 });
    expect(counts.get(carton.key)).toEqual({ qty: '12.000', events: 1 });
    expect(counts.size).toBe(3);
    expect(phone.errors).toEqual([]);

    // --- A phone without a camera: a clear message, and the handheld scanner still counts.
    const noCamera = await newDevice(`${server.url}/`);
    devices.push(noCamera);
    const np = noCamera.page;
    await login(np, DEMO.counter);
    await np.getByRole('button', { name: 'Ouvrir Scan e2e' }).click();
    const npScanner = np.getByRole('region', { name: 'Scanner' });
    await npScanner.getByRole('button', { name: 'Scanner avec la caméra' }).click();
    await npScanner
      .getByRole('alert')
      .filter({ hasText: /Caméra refusée|Aucune caméra/ })
      .filter({ hasText: 'La saisie et les lecteurs de codes-barres fonctionnent toujours.' })
      .waitFor();
    await wedgeScan(np, PHOTO_A.code);
    await lastScan(np, `+1 ${lineA.itemRef}`);
    await allSent(np);
    expect((await countsOf(server, token, inv.id)).get(lineA.key)?.events).toBe(3);
    expect(noCamera.errors).toEqual([]);
  }, 300_000);
});
