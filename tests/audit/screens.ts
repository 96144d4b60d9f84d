/**
 * Every screen of the app, reached as a user would on a phone, for the audits: the
 * accessibility test in `npm test` (axe-core on each) and `npm run audit` (axe-core on
 * each, Lighthouse on login, count list and recap). One supervisor session makes the data
 * the screens show: an inventory being counted (created in the app, so its before ZIP
 * exists) and a closed one (for the recap). The administration screens are an admin's:
 * `adminScreens`, after `switchUser` to the demo admin.
 */
import type { Page } from 'playwright-core';
import type { LocationDto } from '../../src/core/api/dto';
import { waitForDownload } from '../e2e/support/browser';
import { DEMO, type E2eServer } from '../e2e/support/server';

export interface AuditScreen {
  readonly name: string;
  /** Its address, for a tool that loads it itself (Lighthouse); null for a state reached by clicks. */
  readonly url: string | null;
  /** Brings `page` to the screen, settled (its heading shown, its data loaded). */
  open(page: Page): Promise<void>;
}

export interface AuditData {
  readonly counting: number;
  readonly closed: number;
}

/** Waits for the screen's level-1 heading and for the network to be quiet. */
async function settle(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

async function goHash(page: Page, base: string, hash: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${base}/${hash}`);
  await settle(page, heading);
}

export async function logIn(page: Page, username: string = DEMO.supervisor): Promise<void> {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(DEMO.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await settle(page, 'Inventaires');
}

/**
 * Creates an inventory through Nouvel inventaire (its before ZIP made and uploaded).
 * `onBeforeZip` runs on the before-ZIP screen, held there by holding the ZIP's upload
 * (the screen moves on to counting by itself once the upload is done).
 */
async function createInApp(
  page: Page,
  base: string,
  name: string,
  locationId: number,
  onBeforeZip?: (page: Page) => Promise<void>,
): Promise<void> {
  // From the list: a creation ends on the new count screen.
  await goHash(page, base, '#/', 'Inventaires');
  await goHash(page, base, '#/new', 'Nouvel inventaire');
  await page.getByLabel('Nom').fill(name);
  await page.getByLabel('Lieu').selectOption(String(locationId));
  await page.getByRole('radio', { name: 'Articles' }).check();
  let release = (): void => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const UPLOAD = '**/api/inventories/*/exports/before';
  if (onBeforeZip) await page.route(UPLOAD, async (route) => held.then(() => route.fallback()));
  await waitForDownload(page, () => page.getByRole('button', { name: /Créer l.inventaire/ }).click(), {
    timeoutMs: 60_000,
  });
  if (onBeforeZip) {
    // Downloaded, its upload held: the before-ZIP screen is on show.
    await page.getByRole('heading', { name: 'ZIP du stock avant inventaire' }).waitFor();
    await onBeforeZip(page);
    // Let go: the route stays, passing every later upload straight on.
    release();
  }
  // The before ZIP saved, the count opens by itself.
  await page.getByRole('heading', { name }).waitFor();
}

/**
 * Logged in as the supervisor on `page`, creates the audit's inventories. `onBeforeZip`
 * runs while the before-ZIP screen is shown (the screen exists only between creation
 * and the start of counting, which follows by itself).
 */
export async function makeAuditData(
  page: Page,
  server: E2eServer,
  onBeforeZip: (page: Page) => Promise<void> = async () => {},
): Promise<AuditData> {
  const token = await server.login(DEMO.supervisor);
  const locations = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body;
  const [first, second] = locations;
  if (!first || !second) throw new Error('the demo data has two locations');
  await createInApp(page, server.url, 'Audit fermé', second.id);
  await createInApp(page, server.url, 'Audit en cours', first.id, onBeforeZip);
  const list = (await server.api<{ id: number; name: string }[]>('GET', '/api/inventories', { token })).body;
  const id = (name: string): number => {
    const found = list.find((i) => i.name === name);
    if (!found) throw new Error(`inventory ${name} not created`);
    return found.id;
  };
  const closed = id('Audit fermé');
  const close = await server.api('POST', `/api/inventories/${closed}/close`, { token, body: { force: true } });
  if (close.status !== 200) throw new Error(`close: HTTP ${close.status}`);
  return { counting: id('Audit en cours'), closed };
}

const at = (base: string, name: string, hash: string, heading: string | RegExp): AuditScreen => ({
  name,
  url: `${base}/${hash}`,
  open: (page) => goHash(page, base, hash, heading),
});

/** Logs out (Se déconnecter) and logs in as `username`, on the home screen. */
export async function switchUser(page: Page, username: string): Promise<void> {
  await page.evaluate(() => {
    location.hash = '#/';
  });
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByLabel('Identifiant').waitFor();
  await logIn(page, username);
}

/** The screens after login, for the supervisor (who sees every screen but the administration). */
export function appScreens(base: string, data: AuditData): AuditScreen[] {
  const inv = `#/inventory/${data.counting}`;
  return [
    at(base, 'inventories', '#/', 'Inventaires'),
    at(base, 'new inventory', '#/new', 'Nouvel inventaire'),
    at(base, 'count list', inv, 'Audit en cours'),
    {
      name: 'count menu',
      url: null,
      open: async (page) => {
        await goHash(page, base, inv, 'Audit en cours');
        await page.getByRole('button', { name: 'Menu', exact: true }).click();
        await page.getByRole('menu').waitFor();
      },
    },
    {
      name: 'count line editor',
      url: null,
      open: async (page) => {
        await goHash(page, base, inv, 'Audit en cours');
        await page.getByRole('list').getByRole('button').first().click();
        await page.getByRole('textbox', { name: /Quantité comptée/ }).waitFor();
      },
    },
    at(base, 'bins', `${inv}/bins`, /Emplacements/),
    at(base, 'add reference', `${inv}/add`, 'Ajouter une référence'),
    at(base, 'print sheet', `${inv}/print`, /Feuille de comptage|Audit en cours/),
    at(base, 'devices', `${inv}/devices`, 'Appareils'),
    at(base, 'recap', `#/inventory/${data.closed}/recap`, 'Récapitulatif des mouvements de stock'),
    at(base, 'webhook deliveries', '#/webhooks', 'Envois vers l’ERP'),
    at(base, 'import stock', '#/import', 'Importer le stock'),
    {
      name: 'import preview with errors',
      url: null,
      open: async (page) => {
        await previewImport(page, base, [
          ['AUD-1', 'Article audité', 'A-01', '3'],
          ['AUD-2', 'Quantité fausse', 'A-02', '-2'],
        ]);
        await page.getByRole('heading', { name: /^Erreurs : 1/ }).waitFor();
      },
    },
    {
      name: 'import confirmation',
      url: null,
      open: async (page) => {
        await previewImport(page, base, [['AUD-1', 'Article audité', 'A-01', '3']]);
        await page.getByRole('button', { name: 'Importer' }).click();
        await page.getByRole('dialog', { name: 'Importer ce fichier ?' }).waitFor();
      },
    },
  ];
}

/** Importer le stock with a small file, into a new location, up to its preview (nothing imported). */
async function previewImport(page: Page, base: string, rows: string[][]): Promise<void> {
  await goHash(page, base, '#/', 'Inventaires');
  await goHash(page, base, '#/import', 'Importer le stock');
  const where = page.getByRole('combobox', { name: /^Lieu/ });
  await where.locator('option').first().waitFor({ state: 'attached' });
  await where.selectOption({ label: 'Autre lieu…' });
  await page.getByLabel('Nouveau lieu (code)').fill('AUDIT-IMP');
  const text = ['reference;designation;emplacement;quantite', ...rows.map((r) => r.join(';'))].join('\r\n');
  await page
    .getByLabel('Fichier (CSV ou XLSX)')
    .setInputFiles({ name: 'audit.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Envoyer le fichier' }).click();
  await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
  await page.getByRole('heading', { name: 'Aperçu : rien n’est encore modifié' }).waitFor({ timeout: 30_000 });
}

/** Administration → Utilisateurs and Lieux, with their forms and a confirmation open (an admin's). */
export function adminScreens(base: string): AuditScreen[] {
  const users = (page: Page) => goHash(page, base, '#/admin/users', 'Utilisateurs');
  const compteur = (page: Page) => page.getByTestId('user-compteur');
  // "Gérer compteur" toggles its panel, and the list may be drawn again as the users load (a
  // fresh card, closed): open it until its buttons show, never clicking an open one shut.
  const manageCompteur = async (page: Page): Promise<void> => {
    const manage = compteur(page).getByRole('button', { name: 'Gérer compteur' });
    const panel = compteur(page).getByRole('button', { name: 'Désactiver' });
    for (let tries = 0; tries < 5 && !(await panel.isVisible()); tries++) {
      if ((await manage.getAttribute('aria-expanded')) !== 'true') await manage.click();
      await panel.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await panel.waitFor();
  };
  return [
    at(base, 'admin users', '#/admin/users', 'Utilisateurs'),
    {
      name: 'admin user forms',
      url: null,
      open: async (page) => {
        await users(page);
        await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
        await manageCompteur(page);
        await page.getByLabel('Nouveau mot de passe de compteur').waitFor();
      },
    },
    {
      name: 'admin confirmation',
      url: null,
      open: async (page) => {
        await page.goto(`${base}/#/`);
        await users(page);
        await manageCompteur(page);
        await compteur(page).getByRole('button', { name: 'Désactiver' }).click();
        await page.getByRole('dialog', { name: 'Désactiver compteur ?' }).waitFor();
      },
    },
    {
      name: 'admin locations',
      url: null,
      open: async (page) => {
        await goHash(page, base, '#/admin/locations', 'Lieux');
        await page.getByRole('button', { name: 'Nouveau lieu' }).click();
        await page.getByRole('button', { name: 'Renommer DEP-01' }).click();
        await page.getByLabel('Nouveau nom de DEP-01').waitFor();
      },
    },
  ];
}
