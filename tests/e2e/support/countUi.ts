/**
 * The app as a person uses it, for e2e tests: log in, create an inventory on the
 * supervisor's phone (before ZIP included: counting needs it), find a line's row (by
 * reference and bin), type a count and wait until the app says it is stored.
 */
import type { Page } from 'playwright-core';
import type { LineDto, LocationDto } from '../../../src/core/api/dto';
import { waitForDownload } from './browser';
import { DEMO, type DemoUsername, type E2eServer } from './server';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function login(page: Page, username: DemoUsername): Promise<void> {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(DEMO.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Inventaires' }).waitFor();
}

/** The line's row in the list (a reference may sit in several bins: the bin tells them apart). */
export const lineRow = (page: Page, line: LineDto) =>
  page
    .getByRole('list')
    .getByRole('button', { name: new RegExp(`^${escape(line.itemRef)} `) })
    .filter({ has: page.locator('.line-sub', { hasText: new RegExp(`^${escape(line.bin)}( ·|$)`) }) })
    .first();

/** Types a count for a line and waits until the app says it is stored (the editor closes). */
export async function countLine(page: Page, line: LineDto, typed: string): Promise<void> {
  await page.getByRole('searchbox', { name: /Recherche/ }).fill(line.itemRef);
  const row = lineRow(page, line);
  await row.click();
  const box = page.getByRole('textbox', { name: `Quantité comptée pour ${line.itemRef}` });
  // The editor did not open: say what the screen showed instead of a bare fill timeout.
  await box.waitFor({ timeout: 15_000 }).catch(async (e: unknown) => {
    const seen = await page.evaluate(() => ({
      url: location.href,
      heading: document.querySelector('h1')?.textContent,
      status: [...document.querySelectorAll('[role=status],[role=alert]')].map((n) => n.textContent),
      editor: document.querySelector('.editor')?.outerHTML.slice(0, 300) ?? null,
    }));
    const rowClass = await row.getAttribute('class', { timeout: 1_000 }).catch(() => 'row gone');
    throw new Error(
      `no editor for ${line.key} after its row was clicked (row: ${rowClass}; ${JSON.stringify(seen)}): ${String(e)}`,
    );
  });
  await box.fill(typed);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const refused = page.getByRole('region', { name: `Quantité comptée pour ${line.itemRef}` }).getByRole('alert');
  // Stored: the editor closes. Refused: say what the app said, not only that it timed out.
  await Promise.race([box.waitFor({ state: 'detached' }), refused.waitFor().then(() => undefined)]);
  if (await box.isVisible())
    throw new Error(`count of ${typed} for ${line.key} refused: ${await refused.textContent()}`);
}

/**
 * Nouvel inventaire on a logged-in supervisor's phone, through to the count screen.
 * Returns the inventory's id and its lines, as the server holds them.
 */
export async function createInventory(
  page: Page,
  server: E2eServer,
  options: { readonly name: string; readonly locationCode: string },
): Promise<{ id: number; lines: LineDto[] }> {
  const token = await server.login(DEMO.supervisor);
  const locations = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body;
  const location = locations.find((l) => l.code === options.locationCode && l.frozenBy === null);
  if (!location) throw new Error(`${options.locationCode} is missing or already being counted`);
  await page.getByRole('button', { name: 'Nouvel inventaire' }).click();
  await page.getByLabel('Nom').fill(options.name);
  await page.getByLabel('Lieu').selectOption(String(location.id));
  await page.getByRole('radio', { name: 'Articles' }).check();
  await waitForDownload(page, () => page.getByRole('button', { name: /Créer l.inventaire/ }).click(), {
    timeoutMs: 60_000,
  });
  // The before ZIP saved, the count opens by itself.
  await page.getByRole('heading', { name: options.name }).waitFor();
  const inventories = (await server.api<{ id: number; name: string }[]>('GET', '/api/inventories', { token })).body;
  const id = inventories.find((i) => i.name === options.name)!.id;
  const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${id}/lines`, { token })).body;
  return { id, lines };
}

/** The count screen's menu button (Imprimer, Afficher les filtres, Clôturer… are in its menu). */
export const menuButton = (page: Page) => page.getByRole('button', { name: 'Menu', exact: true });

/** Picks an action of the count screen's menu: opens the menu, then clicks the item. */
export async function menuAction(page: Page, name: string | RegExp): Promise<void> {
  await menuButton(page).click();
  const menu = page.getByRole('menu');
  await menu
    .getByRole('menuitem', { name, exact: typeof name === 'string' })
    .or(menu.getByRole('menuitemcheckbox', { name, exact: typeof name === 'string' }))
    .click();
}

/** The names of the count screen's menu items (the menu opened, read, and closed with Escape). */
export async function menuItems(page: Page): Promise<string[]> {
  await menuButton(page).click();
  const items = page.getByRole('menu').locator('[role^=menuitem]');
  await items.first().waitFor();
  const names = (await items.allTextContents()).map((s) => s.replace(/^[☐☑]/, '').trim());
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'hidden' });
  return names;
}
