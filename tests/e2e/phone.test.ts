/**
 * The app on the screens counters hold: two phones (360×740, 390×844) and a tablet
 * (800×1280, and 1280×800 in landscape). On every screen visited — login, inventories,
 * the count list, its menu, the line's editor, the recap — nothing scrolls sideways, and a
 * screenshot is written to test-results/screens/WIDTHxHEIGHT/ for a reviewer. The count
 * list gives the screen to the lines (at least 8 rows seen whole and uncovered, keyboard
 * closed); the editor shows the line's bin, lot, serial and unit, as a bottom sheet on a
 * phone and beside the list on a tablet. Then the resend: counts made offline reach the
 * server within 3 s of the network coming back (measured by polling the server), and
 * Envoyer maintenant sends them when the server comes back before the browser says so.
 * Offline reads as a warning (amber, with its sign), and a supervisor offline finds
 * Nouvel inventaire disabled with the reason, on the list and on the form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountEventDto, InventoryDto, LineDto, LocationDto } from '../../src/core/api/dto';
import { newDevice, setOffline, type Device } from './support/browser';
import { chunkFiles } from './support/chunks';
import { countLine, createInventory, login, menuButton } from './support/countUi';
import { checkScreen, visibleRows } from './support/screens';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

const SIZES = [
  { width: 360, height: 740, tablet: false },
  { width: 390, height: 844, tablet: false },
  { width: 800, height: 1280, tablet: true },
  { width: 1280, height: 800, tablet: true },
] as const;

const NAME = 'Téléphone e2e';
/** The server is polled this often for the resent event: the delay is known to this much. */
const POLL_MS = 100;

let server: E2eServer;
let token: string;
let counting: { id: number; lines: LineDto[] };
let closedId: number;
const devices: Device[] = [];
const rowsSeen: Record<string, number> = {};

beforeAll(async () => {
  server = await startE2eServer();
  token = await server.login(DEMO.supervisor);
  // The count: made in the app, so its before ZIP exists and every device may count at once.
  const setup = await newDevice(`${server.url}/`);
  devices.push(setup);
  await login(setup.page, DEMO.supervisor);
  counting = await createInventory(setup.page, server, { name: NAME, locationCode: 'DEP-01' });
  // A closed inventory, for its recap.
  const mag = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body.find(
    (l) => l.code === 'MAG-02',
  )!;
  const closed = await server.api<InventoryDto>('POST', '/api/inventories', {
    token,
    body: { name: 'Récap e2e', locationId: mag.id, kind: 'articles' },
  });
  closedId = closed.body.id;
  const close = await server.api('POST', `/api/inventories/${closedId}/close`, { token, body: { force: true } });
  expect(close.status).toBe(200);
}, 180_000);

afterAll(async () => {
  for (const d of devices) await d.close();
  await server?.dispose();
  console.log(
    `rows visible on the count screen: ${Object.entries(rowsSeen)
      .map(([size, n]) => `${size} ${n}`)
      .join(', ')}`,
  );
});

async function serverHas(eventIds: readonly string[]): Promise<boolean> {
  const got = await server.api<{ events: CountEventDto[] }>(
    'GET',
    `/api/inventories/${counting.id}/counts?limit=5000`,
    { token },
  );
  const ids = new Set(got.body.events.map((e) => e.id));
  return eventIds.every((id) => ids.has(id));
}

/** The ids of this device's count events on the inventory not yet acknowledged by the server. */
const pendingIds = (device: Device): Promise<string[]> =>
  device.page.evaluate(
    (id) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('decompte');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB open failed'));
        open.onsuccess = () => {
          const all = open.result.transaction('events', 'readonly').objectStore('events').getAll();
          all.onsuccess = () => {
            open.result.close();
            const events = all.result as { id: string; inventoryId: number; pending: number }[];
            resolve(events.filter((e) => e.inventoryId === id && e.pending === 1).map((e) => e.id));
          };
          all.onerror = () => reject(all.error ?? new Error('IndexedDB read failed'));
        };
      }),
    counting.id,
  );

/** Milliseconds from now until the server holds every one of `ids` (polled every POLL_MS). */
async function delayUntilStored(ids: readonly string[], since: number, limitMs = 60_000): Promise<number> {
  while (!(await serverHas(ids))) {
    if (Date.now() - since > limitMs) throw new Error(`not on the server after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return Date.now() - since;
}

describe('on the screens counters hold', () => {
  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    it(`${label}: no sideways scroll on any screen, the list takes the screen, the line's details`, async () => {
      const device = await newDevice(`${server.url}/`, {
        context: { viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.tablet ? 1 : 2 },
      });
      devices.push(device);
      const page = device.page;

      await page.getByRole('heading', { name: 'Décompte' }).first().waitFor();
      await checkScreen(page, '1-login');
      await login(page, DEMO.supervisor);
      await page.getByRole('button', { name: `Ouvrir ${NAME}` }).waitFor();
      await checkScreen(page, '2-inventories');

      // --- The count list: its name is the inventory's, and it gets the screen.
      await page.getByRole('button', { name: `Ouvrir ${NAME}` }).click();
      await page.getByRole('heading', { name: NAME }).waitFor();
      const list = page.getByRole('list', { name: `Lignes de ${NAME} (DEP-01 — Dépôt central)` });
      await list.getByRole('listitem').first().waitFor();
      await page.getByTestId('unsent').waitFor();
      await checkScreen(page, '3-count');
      const rows = await visibleRows(page);
      rowsSeen[label] = rows;
      expect(rows).toBeGreaterThanOrEqual(8);
      // The scan button and the search are in the bar at the bottom, under the thumb.
      const scan = page
        .getByRole('region', { name: 'Scanner' })
        .getByRole('button', { name: 'Scanner avec la caméra' });
      const scanBox = (await scan.boundingBox())!;
      expect(scanBox.y + scanBox.height).toBeGreaterThan(size.height - 90);
      expect(scanBox.height).toBeGreaterThanOrEqual(48);

      // --- The menu, from the keyboard: opens on Enter, first item focused, arrows move, Escape closes.
      await menuButton(page).focus();
      await page.keyboard.press('Enter');
      const menu = page.getByRole('menu');
      await menu.waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Afficher les filtres');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitemcheckbox');
      const names = (await menu.locator('[role^=menuitem]').allTextContents()).map((s) => s.replace(/^[☐☑]/, ''));
      expect(names).toEqual([
        'Afficher les filtres',
        'Mode quantité (saisir la quantité à chaque scan)',
        'Ajouter réf.',
        'Emplacements',
        'Imprimer',
        'Appareils et progression',
        'Clôturer',
      ]);
      const menuBox = (await menu.boundingBox())!;
      expect(menuBox.y).toBeGreaterThanOrEqual(0);
      expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(size.width);
      await checkScreen(page, '4-menu');
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden' });
      expect(await menuButton(page).evaluate((b) => b === document.activeElement)).toBe(true);

      // --- The line's editor: a lot-tracked line, its bin, lot, serial and unit named.
      const line = counting.lines.find((l) => l.lot) ?? counting.lines[0]!;
      await page.getByRole('searchbox', { name: /Recherche/ }).fill(line.itemRef);
      await list
        .getByRole('button', { name: new RegExp(`^${line.itemRef} `) })
        .first()
        .click();
      const editor = page.getByRole('region', { name: `Quantité comptée pour ${line.itemRef}` });
      const box = editor.getByRole('textbox', { name: `Quantité comptée pour ${line.itemRef}` });
      await box.waitFor();
      expect(await box.getAttribute('inputmode')).toMatch(/^(numeric|decimal)$/);
      const facts = await editor.locator('dt').allTextContents();
      expect(facts).toEqual(expect.arrayContaining(['Emplacement', 'Lot', 'N° de série', 'Unité']));
      const shown = (await editor.locator('dl').textContent()) ?? '';
      for (const value of [line.bin, line.unit, line.lot ?? '—']) expect(shown).toContain(value);
      await checkScreen(page, '5-line');
      const sheet = (await editor.boundingBox())!;
      if (size.tablet) {
        // Beside the list, not over it: the list keeps its rows.
        await page.getByRole('searchbox', { name: /Recherche/ }).fill('');
        const listBox = (await list.boundingBox())!;
        expect(sheet.x).toBeGreaterThanOrEqual(listBox.x + listBox.width);
        expect(await visibleRows(page)).toBeGreaterThanOrEqual(8);
      } else {
        // A bottom sheet: at the bottom of the screen, the whole width.
        expect(Math.round(sheet.y + sheet.height)).toBe(size.height);
        expect(Math.round(sheet.width)).toBe(size.width);
      }
      await editor.getByRole('button', { name: 'Annuler', exact: true }).click();
      await box.waitFor({ state: 'detached' });

      // --- The recap of a closed inventory.
      await page.goto(`${server.url}/#/inventory/${closedId}/recap`);
      await page.getByRole('heading', { name: 'Récapitulatif des mouvements de stock' }).waitFor();
      await page.locator('table').first().waitFor();
      await checkScreen(page, '6-recap');

      expect(device.errors).toEqual([]);
    }, 180_000);
  }
});

describe('sending after the network comes back', () => {
  it('sends the counts made offline within 3 s of the network coming back, and on Envoyer maintenant', async () => {
    const device = await newDevice(`${server.url}/`);
    devices.push(device);
    const page = device.page;
    await login(page, DEMO.counter);
    await page.getByRole('button', { name: `Ouvrir ${NAME}` }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    await page.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor({ timeout: 30_000 });
    const plain = counting.lines.filter((l) => !l.lot && !l.serial && l.unit === 'pcs');

    // --- No network: the count waits on the phone, the sync fails (its backoff starts).
    await setOffline(device.context, true);
    await countLine(page, plain[0]!, '4');
    await page.getByText('Hors ligne').first().waitFor();
    // Offline reads as a warning, not as a success: amber (--warn), with its sign.
    const badge = page.getByTestId('offline');
    expect(await badge.textContent()).toBe('⚠ Hors ligne');
    expect(await badge.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(138, 90, 0)');
    await page.getByRole('button', { name: 'Envoyer maintenant' }).waitFor();
    await checkScreen(page, '7-offline-pending');
    const offline = await pendingIds(device);
    expect(offline).toHaveLength(1);
    expect(await serverHas(offline)).toBe(false);
    // Let a retry or two fail, so the backoff is under way when the network returns.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await serverHas(offline)).toBe(false);

    const back = Date.now();
    await setOffline(device.context, false);
    const delay = await delayUntilStored(offline, back);
    console.log(`resend after the network came back: ${delay} ms (server polled every ${POLL_MS} ms)`);
    expect(delay).toBeLessThanOrEqual(3_000 + POLL_MS);

    // --- The server down with the network up (no "online" from the browser): Envoyer maintenant.
    await page.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor({ timeout: 30_000 });
    await server.stop();
    await countLine(page, plain[1]!, '6');
    const send = page.getByRole('button', { name: 'Envoyer maintenant' });
    await send.waitFor();
    const waiting = await pendingIds(device);
    expect(waiting).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 6_000));
    await server.start();
    const pressed = Date.now();
    await send.click();
    const sent = await delayUntilStored(waiting, pressed);
    console.log(`sent on Envoyer maintenant: ${sent} ms`);
    expect(sent).toBeLessThanOrEqual(3_000 + POLL_MS);
    await page.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor();
    await expect(send.count()).resolves.toBe(0);
    expect(device.errorsExcept(/net::ERR|Failed to fetch|ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED/)).toEqual(
      [],
    );
  }, 180_000);
});

describe('a server that does not answer', () => {
  it('does not hold the list: a stored inventory opens from the device while its status check hangs', async () => {
    const device = await newDevice(`${server.url}/`);
    devices.push(device);
    const page = device.page;
    await login(page, DEMO.counter);
    await page.getByRole('button', { name: `Ouvrir ${NAME}` }).click();
    await page.locator('.lines [role=listitem]').first().waitFor();
    await page.goto(`${server.url}/#/`);
    await page.getByRole('heading', { name: 'Inventaires' }).waitFor();

    // The inventory's status check hangs (a stalled Wi-Fi, a server busy vouching for a big ZIP).
    const held: (() => Promise<void>)[] = [];
    const detail = (url: URL): boolean => url.pathname === `/api/inventories/${counting.id}`;
    await page.route(detail, (route) => void held.push(() => route.continue()));
    await page.getByRole('button', { name: `Ouvrir ${NAME}` }).click();
    await page.locator('.lines [role=listitem]').first().waitFor({ timeout: 15_000 });
    expect(held.length).toBeGreaterThanOrEqual(1);
    for (const release of held) await release();
    await page.unroute(detail);
    await page.getByRole('region', { name: 'Scanner' }).waitFor();
  }, 120_000);
});

describe('offline, as the supervisor', () => {
  it('lists the device’s inventories under a warning, and Nouvel inventaire says it needs the network', async () => {
    const device = await newDevice(`${server.url}/`);
    devices.push(device);
    const page = device.page;
    // A first visit (no service worker controls the page yet) loads the screens' code right
    // after the login: once the form's has come (its chunk and every chunk it imports), the
    // network may go.
    const formCode = chunkFiles(/^NewInventory-[^/]*\.js$/);
    await login(page, DEMO.supervisor);
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)), {
        timeout: 30_000,
      })
      .toEqual(expect.arrayContaining(formCode));
    const create = page.getByRole('button', { name: 'Nouvel inventaire' });
    await create.waitFor();
    expect(await create.isEnabled()).toBe(true);
    const needsNetwork = 'Hors ligne : la création d’un inventaire demande le réseau.';
    expect(await page.getByText(needsNetwork).count()).toBe(0);

    await setOffline(device.context, true);
    const listNote = page.getByText('Hors ligne : seuls les inventaires enregistrés sur l’appareil sont listés.');
    await listNote.waitFor();
    // A warning (amber), not the green of a success.
    expect(await listNote.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 243, 205)');
    await page.getByText(needsNetwork).waitFor();
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('aria-describedby')).toBe('new-needs-network');
    await checkScreen(page, '8-offline-inventories');

    // Straight to the form (a bookmark): it says so too, and Créer l'inventaire stays disabled.
    await page.evaluate(() => (location.hash = '#/new'));
    await page.getByRole('heading', { name: 'Nouvel inventaire' }).waitFor();
    await page.getByText(needsNetwork).waitFor();
    const submit = page.getByRole('button', { name: /Créer l.inventaire/ });
    expect(await submit.isDisabled()).toBe(true);

    // The network back, the form fills its locations and may create again.
    await setOffline(device.context, false);
    await expect.poll(() => submit.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByText(needsNetwork).count()).toBe(0);
    expect(device.errorsExcept(/net::ERR|Failed to fetch|ERR_INTERNET_DISCONNECTED/)).toEqual([]);
  }, 120_000);

  it('keeps the warning when the list’s answer lands after the network went', async () => {
    const device = await newDevice('about:blank');
    devices.push(device);
    const page = device.page;
    // The server's list leaves while online, and reaches the page only once it is offline:
    // the order a slow server and a dropping Wi-Fi give.
    let served!: () => void;
    const listServed = new Promise<void>((resolve) => (served = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    await page.route('**/api/inventories', async (route) => {
      if (held || route.request().method() !== 'GET') return route.continue();
      held = true;
      const response = await route.fetch();
      served();
      await released;
      await route.fulfill({ response });
    });
    const locationsAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/locations');
    await page.goto(`${server.url}/`);
    await login(page, DEMO.supervisor);
    await Promise.all([listServed, locationsAnswered]);

    await setOffline(device.context, true);
    const listNote = page.getByText('Hors ligne : seuls les inventaires enregistrés sur l’appareil sont listés.');
    await listNote.waitFor();
    const landed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/inventories');
    release();
    await landed;
    // The stale answer has been read (its body, then two frames): the note is still there.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve())), 100),
        ),
    );
    expect(await listNote.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Nouvel inventaire' }).isDisabled()).toBe(true);
  }, 120_000);

  it('says so when the network goes before the page was ever quiet (the outbox not started yet)', async () => {
    const device = await newDevice('about:blank');
    devices.push(device);
    const page = device.page;
    // A first visit on a busy phone: the page never idles, so what waits for a quiet page
    // (the outbox, the service worker's registration) has not started when the Wi-Fi drops.
    await page.addInitScript(() => {
      window.requestIdleCallback = () => 0;
    });
    await page.goto(`${server.url}/`);
    await login(page, DEMO.supervisor);
    const create = page.getByRole('button', { name: 'Nouvel inventaire' });
    await create.waitFor();
    expect(await create.isEnabled()).toBe(true);

    await setOffline(device.context, true);
    await page.getByText('Hors ligne : seuls les inventaires enregistrés sur l’appareil sont listés.').waitFor();
    await page.getByTestId('offline').waitFor();
    expect(await create.isDisabled()).toBe(true);

    // Back online: the server's list again, and Nouvel inventaire with it.
    await setOffline(device.context, false);
    await expect.poll(() => create.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('offline').count()).toBe(0);
  }, 120_000);
});
