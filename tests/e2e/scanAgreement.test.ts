/**
 * What the camera counts when the view is not a clean single label, through the REAL
 * camera path (Chromium's fake camera plays a Y4M video made here, 1280×720 at 5 frames a
 * second): code T in the middle of the view with a bigger code N beside it (a shelf label
 * next to a box) for 3 s; then ONE frame where T's place shows M instead, as a misread
 * would (M is a real line: a count on a single read would count it); then T again beside N
 * for 3 s (the same code held in view); a blank view; then a new code V. T and V must be
 * counted once each, N and M never, nothing else. Chromium loops the file, so the test
 * stops the camera in the blank after V.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineDto, LocationDto } from '../../src/core/api/dto';
import { ean13Frame } from '../bench/scanSynthetic';
import { newDevice, waitForDownload, type Device } from './support/browser';
import { allSent, login, serverCounts } from './support/scanning';
import { DEMO, startE2eServer, type E2eServer } from './support/server';
import { writeY4m, type Shot } from './support/y4m';

const [W, H, FPS] = [1280, 720, 5];
/** Valid EAN-13s, none in the demo catalogue (its EAN-13s start with 376/377). */
const CODE = { T: '4006381333931', N: '5012345678900', M: '4006381333948', V: '9780201379624' } as const;

let server: E2eServer;
let dir: string;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startE2eServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-scan-agree-'));
});

afterAll(async () => {
  for (const d of devices) await d.close();
  await server?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('scan to count, with a neighbour and a misread in view', () => {
  it('counts the code aimed at once, never the neighbour, never a one-frame misread', async () => {
    const token = await server.login(DEMO.supervisor);
    const location = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body.find(
      (l) => l.code === 'DEP-01',
    )!;
    const inv = (
      await server.api<InventoryDto>('POST', '/api/inventories', {
        token,
        body: { name: 'Visée e2e', locationId: location.id, kind: 'articles' },
      })
    ).body;
    const bin = (await server.api<LineDto[]>('GET', `/api/inventories/${inv.id}/lines`, { token })).body[0]!.bin;
    for (const [name, code] of Object.entries(CODE)) {
      const res = await server.api('POST', `/api/inventories/${inv.id}/lines`, {
        token,
        body: { itemRef: `E2E-AIM-${name}`, barcode: code, designation: `Article ${name}`, bin },
      });
      expect(res.status).toBe(201);
    }
    const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${inv.id}/lines`, { token })).body;
    const keyOf = (name: keyof typeof CODE): string => lines.find((l) => l.itemRef === `E2E-AIM-${name}`)!.key;

    // T in the middle (2.4 px a module), N bigger (3.2 px) at the left edge of the view.
    const withNeighbour = await ean13Frame(W, H, [
      { code: CODE.T, x: 0.5, y: 0.5, module: 2.4 },
      { code: CODE.N, x: 0.15, y: 0.5, module: 3.2 },
    ]);
    const misread = await ean13Frame(W, H, [
      { code: CODE.M, x: 0.5, y: 0.5, module: 2.4 },
      { code: CODE.N, x: 0.15, y: 0.5, module: 3.2 },
    ]);
    const alone = await ean13Frame(W, H, [{ code: CODE.V, x: 0.5, y: 0.5, module: 2.6 }]);
    const seconds = (s: number): number => Math.round(s * FPS);
    const video = path.join(dir, 'shelf.y4m');
    writeY4m(video, W, H, FPS, [
      { image: null, frames: seconds(1) },
      { image: withNeighbour, frames: seconds(3) },
      { image: misread, frames: 1 },
      { image: withNeighbour, frames: seconds(3) },
      { image: null, frames: seconds(2) },
      { image: alone, frames: seconds(3) },
      { image: null, frames: seconds(8) },
    ] satisfies Shot[]);

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
    await waitForDownload(page, () => page.getByRole('button', { name: 'Ouvrir Visée e2e' }).click(), {
      timeoutMs: 60_000,
    });
    const scanner = page.getByRole('region', { name: 'Scanner' });
    await scanner.getByRole('button', { name: 'Scanner avec la caméra' }).click();
    await scanner.getByTestId('last-scan').filter({ hasText: '+1 E2E-AIM-V' }).waitFor({ timeout: 90_000 });
    await scanner.getByRole('button', { name: 'Arrêter la caméra' }).click();
    await allSent(page);

    const counts = await serverCounts(server, token, inv.id);
    expect(counts.get(keyOf('T'))).toEqual({ qty: '1.000', events: 1 });
    expect(counts.get(keyOf('V'))).toEqual({ qty: '1.000', events: 1 });
    expect(counts.has(keyOf('N'))).toBe(false);
    expect(counts.has(keyOf('M'))).toBe(false);
    expect(counts.size).toBe(2);
    expect(phone.errors).toEqual([]);
  }, 300_000);
});
