/**
 * Every screen of the app passes axe-core (WCAG 2.2 A/AA and best practices) with zero
 * violations, on a phone, in French, under the server's real Content-Security-Policy — and
 * the pages log no error, so the CSP blocks nothing the app needs. Lighthouse's scores are
 * `npm run audit`'s job (too slow and too noisy for a test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../audit/axe';
import { adminScreens, appScreens, logIn, makeAuditData, switchUser, type AuditData } from '../audit/screens';
import { newDevice, type Device } from './support/browser';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let device: Device;
let data: AuditData;
let beforeZipViolations: string[] = [];

beforeAll(async () => {
  server = await startE2eServer();
  device = await newDevice(`${server.url}/`);
});
afterAll(async () => {
  await device?.close();
  await server?.dispose();
});

describe('accessibility (axe-core) of every screen', () => {
  it('login', async () => {
    const page = device.page;
    await page.getByRole('heading', { level: 1, name: 'Décompte' }).waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    // The check can fail: an image without a text alternative is caught, then removed.
    await page.evaluate(() => document.querySelector('main')?.append(Object.assign(new Image(), { id: 'no-alt' })));
    expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
    await page.evaluate(() => document.getElementById('no-alt')?.remove());
    await logIn(device.page);
    data = await makeAuditData(device.page, server, async (page) => {
      beforeZipViolations = describeViolations(await axeViolations(page));
    });
  });

  it('before ZIP', () => {
    expect(data).toBeDefined();
    expect(beforeZipViolations).toEqual([]);
  });

  it('every screen after login', async () => {
    const found: Record<string, string[]> = {};
    for (const screen of appScreens(server.url, data)) {
      await screen.open(device.page);
      found[screen.name] = describeViolations(await axeViolations(device.page));
    }
    expect(Object.keys(found).length).toBeGreaterThanOrEqual(9);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    expect(device.errors).toEqual([]);
  });

  it('the administration screens, as the admin', async () => {
    await switchUser(device.page, DEMO.admin);
    const found: Record<string, string[]> = {};
    for (const screen of adminScreens(server.url)) {
      await screen.open(device.page);
      found[screen.name] = describeViolations(await axeViolations(device.page));
    }
    expect(Object.keys(found)).toEqual(['admin users', 'admin user forms', 'admin confirmation', 'admin locations']);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    // Calls in flight when the supervisor logged out (the home screen's, the sync loop's) get a 401.
    expect(device.errorsExcept(/status of 401 \(Unauthorized\)/)).toEqual([]);
  });
});
