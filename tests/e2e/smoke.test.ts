/**
 * Smoke test of the end-to-end harness: the app built for this run, served at `/` by the
 * real server, opened on a headless Chromium phone. It checks the page renders (so the
 * bundle loaded and ran), the API is reachable from the page's origin with a demo login,
 * the server can be taken down and brought back on the same data and URL, and a file the
 * page downloads is read back through the project's export reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalToScaled, type LocationDto, type StockLineDto } from '../../src/core/api/dto';
import { buildBeforeExport } from '../../src/core/export/build';
import { FILE } from '../../src/core/export/types';
import { zipExport } from '../../src/core/export/zip';
import { money } from '../../src/core/money';
import { qty } from '../../src/core/quantity';
import { newDevice, waitForDownload, type Device } from './support/browser';
import { DEMO, startE2eServer, type E2eServer } from './support/server';
import { csvRows, frenchDecimal, openExport } from './support/zip';

let server: E2eServer;
let device: Device;

beforeAll(async () => {
  server = await startE2eServer();
  device = await newDevice(`${server.url}/`);
});

afterAll(async () => {
  await device?.close();
  await server?.dispose();
});

describe('e2e smoke', () => {
  it('serves the built app at / and the page renders the "Décompte" heading', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);

    const { page } = device;
    expect(await page.title()).toBe('Décompte');
    // The HTML has an empty #app: a heading there means the bundle loaded and rendered.
    const heading = page.locator('#app').getByRole('heading', { name: 'Décompte' }).first();
    await heading.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.evaluate(() => [window.innerWidth, navigator.language])).toEqual([390, 'fr-FR']);
    expect(device.errors).toEqual([]);
  });

  it('reaches the API from the page with a demo login', async () => {
    const reply = await device.page.evaluate(
      async ({ username, password }) => {
        const session = await fetch('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
        const { token, user } = (await session.json()) as { token: string; user: { role: string } };
        const locations = await fetch('/api/locations', { headers: { authorization: `Bearer ${token}` } });
        return {
          session: session.status,
          role: user.role,
          locations: locations.status,
          codes: ((await locations.json()) as { code: string }[]).map((l) => l.code),
        };
      },
      { username: DEMO.counter, password: DEMO.password },
    );
    expect(reply).toEqual({ session: 201, role: 'counter', locations: 200, codes: ['DEP-01', 'MAG-02'] });
    expect(device.errors).toEqual([]);
  });

  it('stops the server and starts it again on the same data and URL', async () => {
    const token = await server.login(DEMO.supervisor);
    await server.stop();
    expect(server.running).toBe(false);
    const whileDown = await device.page.evaluate(() =>
      fetch('/api/locations').then(
        (r) => `HTTP ${r.status}`,
        () => 'network error',
      ),
    );
    expect(whileDown).toBe('network error');

    await server.start();
    expect(server.running).toBe(true);
    // The session made before the restart is still in the database.
    const locations = await server.api<LocationDto[]>('GET', '/api/locations', { token });
    expect(locations.status).toBe(200);
    expect(device.errorsExcept(/ERR_CONNECTION_REFUSED/)).toEqual([]);
  });

  it('reads back a ZIP the page downloads, with the export reader and the French CSV parser', async () => {
    const token = await server.login(DEMO.accountant);
    const stock = await server.api<StockLineDto[]>('GET', '/api/stock?locationId=1', { token });
    expect(stock.status).toBe(200);
    const generatedAt = new Date().toISOString();
    const files = await buildBeforeExport(
      {
        phase: 'before',
        inventory: null,
        location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
        generatedBy: DEMO.accountant,
        generatedAt,
      },
      stock.body.map((s) => ({
        ...s,
        qty: qty(decimalToScaled(s.qty, 3)),
        unitCost: money(decimalToScaled(s.unitCost, 4)),
      })),
    );
    const zip = await zipExport(files, generatedAt);

    // The page saves it the way the app will: a Blob, an <a download>, a click.
    const downloaded = await waitForDownload(device.page, () =>
      device.page.evaluate(
        ({ base64, name }) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const a = document.createElement('a');
          a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
          a.download = name;
          document.body.append(a);
          a.click();
          a.remove();
        },
        { base64: Buffer.from(zip).toString('base64'), name: 'Dépôt_avant.zip' },
      ),
    );
    expect(downloaded.fileName).toBe('Dépôt_avant.zip');
    expect(downloaded.bytes).toEqual(zip);

    const opened = await openExport(downloaded.bytes);
    const rows = csvRows(opened, FILE.stock);
    expect(rows).toHaveLength(stock.body.length);
    const first = stock.body[0];
    expect(rows[0]?.reference).toBe(first?.itemRef);
    expect(frenchDecimal(rows[0]?.quantite ?? '')).toBe(first?.qty);
    expect(device.errorsExcept(/ERR_CONNECTION_REFUSED/)).toEqual([]);
  });
});
