/**
 * A real shop's first day (issue 18), in Chromium, on a server started with no demo data:
 * the admin made by `npm run user:add` creates a supervisor in the app; she imports her
 * ERP's stock — a CSV saved by a French Excel (Windows-1252, ";", decimal comma) and an
 * XLSX workbook — checks each preview, imports; the same file again changes nothing;
 * then she runs a whole inventory on that stock and applies it, and the movements feed
 * and the after ZIP's ERP file show exactly the differences counted.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineDto, LocationDto, StockLineDto } from '../../src/core/api/dto';
import type { MovementDto } from '../../src/core/outbound';
import { FILE } from '../../src/core/export/types';
import { csvBytes, FRENCH_EXCEL, xlsxBytes, type CellValue } from '../support/stockFiles';
import { newDevice, waitForDownload, type Device } from './support/browser';
import { userAdd } from './support/cli';
import { countLine, menuAction } from './support/countUi';
import { startE2eServer, type E2eServer } from './support/server';
import { erpCsvRows, openExport } from './support/zip';

/** Rows in the order Array.prototype.sort() without a compare gives (their text, UTF-16 code units). */
const byText = (a: readonly unknown[], b: readonly unknown[]): number => {
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

const ADMIN = { username: 'chef', password: 'chef-mot-de-passe' };
const SUPERVISOR = { username: 'marie', password: 'marie-mot-de-passe' };

const HEADERS = [
  'Référence',
  'Désignation',
  'Type',
  'Fournisseur',
  'Emplacement',
  'Lot',
  'Série',
  'Unité',
  'Quantité',
  'Coût unitaire',
  'Code-barres',
];
const DEP: CellValue[][] = [
  ['VIS-4', 'Vis à bois 4 mm', 'articles', 'Würth', 'A-01', null, null, 'pcs', 120, 0.0425, '3790000000011'],
  ['VIS-4', 'Vis à bois 4 mm', 'articles', 'Würth', 'A-02', null, null, 'pcs', 30, 0.0425, '3790000000011'],
  ['CABLE', 'Câble 2,5 mm² rouge', 'articles', null, 'B-01', null, null, 'm', 12.5, 1.2, '3790000000028'],
  ['PEINT', 'Peinture « œuf »', 'articles', 'Tollens', 'B-02', 'L2026-07', null, 'l', 3.75, 18.9, '3790000000035'],
  ['PERC', 'Perceuse 18 V', 'articles', 'Makita', 'C-01', null, 'SN-001', 'pcs', 1, 129, '3790000000042'],
  ['PERC', 'Perceuse 18 V', 'articles', 'Makita', 'C-01', null, 'SN-002', 'pcs', 1, 129, '3790000000042'],
  ['GANT', 'Gants taille 9', 'articles', null, 'C-02', null, null, 'pcs', 48, 2.5, null],
];
const MAG: CellValue[][] = [
  ['JOINT', 'Joint torique 12', 'pieces', null, 'R-1', null, null, 'pcs', 200, 0.08],
  ['FILTRE', 'Filtre à huile', 'pieces', 'Bosch', 'R-2', null, null, 'pcs', 6, 11.4],
];

let server: E2eServer;
let adminPhone: Device;
let phone: Device;
let adminToken = '';

beforeAll(async () => {
  server = await startE2eServer({
    demo: false,
    prepare: async (dataDir) => {
      const made = await userAdd(dataDir, ['--username', ADMIN.username, '--role', 'admin'], ADMIN.password);
      expect(made.code, made.out).toBe(0);
    },
  });
  adminPhone = await newDevice(`${server.url}/`);
  phone = await newDevice(`${server.url}/`);
  adminToken = (
    await server.api<{ token: string }>('POST', '/api/session', {
      body: { username: ADMIN.username, password: ADMIN.password },
    })
  ).body.token;
}, 240_000);

afterAll(async () => {
  await adminPhone?.close();
  await phone?.close();
  await server?.dispose();
});

async function logIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByLabel('Identifiant').fill(who.username);
  await page.getByLabel('Mot de passe').fill(who.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inventaires' }).waitFor();
}

async function locationId(code: string): Promise<number> {
  const all = (await server.api<LocationDto[]>('GET', '/api/locations', { token: adminToken })).body;
  const l = all.find((x) => x.code === code);
  if (!l) throw new Error(`no location ${code}`);
  return l.id;
}

const stockOf = async (code: string): Promise<StockLineDto[]> =>
  (await server.api<StockLineDto[]>('GET', `/api/stock?locationId=${await locationId(code)}`, { token: adminToken }))
    .body;

const feed = async (after: number): Promise<MovementDto[]> =>
  (
    await server.api<{ movements: MovementDto[] }>('GET', `/api/movements?after=${after}&limit=10000`, {
      token: adminToken,
    })
  ).body.movements;

/** A wait that fails with what the screen showed, not a bare timeout. */
async function shown<T>(page: Page, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    const text = await page.evaluate(() => document.querySelector('main')?.innerText ?? document.body.innerText);
    throw new Error(`${String(e)}\nThe screen showed:\n${text.slice(0, 3000)}`);
  }
}

/** Importer le stock, from choosing the file to "Import terminé"; returns the preview's words. */
async function importFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  location: { code: string; isNew: boolean },
): Promise<{ described: string; preview: string; done: string }> {
  await page.getByRole('heading', { level: 1, name: 'Importer le stock' }).waitFor();
  const where = page.getByRole('combobox', { name: /^Lieu/ });
  await where.locator('option').first().waitFor({ state: 'attached' });
  if (location.isNew) {
    await where.selectOption({ label: 'Autre lieu…' });
    await page.getByLabel('Nouveau lieu (code)').fill(location.code);
  } else {
    await where.selectOption(location.code);
  }
  await page.getByLabel('Fichier (CSV ou XLSX)').setInputFiles(file);
  await page.getByRole('button', { name: 'Envoyer le fichier' }).click();
  await shown(page, page.getByRole('heading', { name: 'Colonnes du fichier' }).waitFor());
  const described = (await page.locator('form.card > p').first().textContent()) ?? '';
  await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
  const preview = page.getByRole('region', { name: 'Aperçu : rien n’est encore modifié' });
  await shown(page, preview.getByText('Aucune erreur : le fichier peut être importé.').waitFor({ timeout: 60_000 }));
  const previewText = (await preview.textContent()) ?? '';
  await preview.getByRole('button', { name: 'Importer' }).click();
  await page.getByRole('dialog', { name: 'Importer ce fichier ?' }).getByRole('button', { name: 'Oui' }).click();
  const done = page.getByRole('status').filter({ hasText: 'Import terminé' });
  await shown(page, done.waitFor({ timeout: 60_000 }));
  return { described, preview: previewText, done: (await done.textContent()) ?? '' };
}

const csvFile = {
  name: 'stock-erp.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(csvBytes(HEADERS, DEP, FRENCH_EXCEL)),
};

describe('a shop’s own stock, from its ERP and back', () => {
  it('the admin creates a supervisor in the app', async () => {
    const page = adminPhone.page;
    await logIn(page, ADMIN);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    await page.getByLabel('Identifiant').fill(SUPERVISOR.username);
    await page.getByLabel('Rôle').selectOption('supervisor');
    await page.getByLabel('Mot de passe initial').fill(SUPERVISOR.password);
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    await page.getByRole('status').filter({ hasText: 'Utilisateur marie créé (superviseur).' }).waitFor();
  });

  it('she imports a CSV saved by a French Excel into a new location, after its preview', async () => {
    const page = phone.page;
    await logIn(page, SUPERVISOR);
    await page.getByRole('button', { name: 'Importer le stock' }).click();
    const r = await importFile(page, csvFile, { code: 'DEP-01', isNew: true });
    expect(r.described).toContain('windows-1252');
    expect(r.described).toContain('séparateur « ; »');
    expect(r.preview).toContain('DEP-01 (nouveau)');
    expect(r.preview).toContain('Mouvements de stock enregistrés : 7');
    // 120×0.0425 + 30×0.0425 + 12.5×1.2 + 3.75×18.9 + 2×129 + 48×2.5 = 470.25
    expect(r.preview).toContain('0,00 € → 470,25 €');
    expect(r.done).toContain('7 mouvements');
    const stock = await stockOf('DEP-01');
    expect(stock.map((s) => [s.itemRef, s.bin, s.lot, s.serial, s.qty, s.unitCost])).toEqual([
      ['VIS-4', 'A-01', null, null, '120.000', '0.0425'],
      ['VIS-4', 'A-02', null, null, '30.000', '0.0425'],
      ['CABLE', 'B-01', null, null, '12.500', '1.2000'],
      ['PEINT', 'B-02', 'L2026-07', null, '3.750', '18.9000'],
      ['PERC', 'C-01', null, 'SN-001', '1.000', '129.0000'],
      ['PERC', 'C-01', null, 'SN-002', '1.000', '129.0000'],
      ['GANT', 'C-02', null, null, '48.000', '2.5000'],
    ]);
    expect(stock.find((s) => s.itemRef === 'PEINT')?.designation).toBe('Peinture « œuf »');
  });

  it('the same file again changes nothing', async () => {
    const page = phone.page;
    const before = await feed(0);
    await page.getByRole('button', { name: 'Importer un autre fichier' }).click();
    const r = await importFile(page, csvFile, { code: 'DEP-01', isNew: false });
    expect(r.preview).toContain('Mouvements de stock enregistrés : 0');
    expect(r.preview).toContain('470,25 € → 470,25 €');
    expect(r.done).toContain('0 mouvement de stock enregistré');
    expect(await feed(0)).toEqual(before);
  });

  it('she imports an XLSX workbook into another location', async () => {
    const page = phone.page;
    await page.getByRole('button', { name: 'Importer un autre fichier' }).click();
    const xlsx = {
      name: 'Pièces atelier.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await xlsxBytes(HEADERS.slice(0, 10), MAG, { sheetName: 'Atelier' })),
    };
    const r = await importFile(page, xlsx, { code: 'MAG-02', isNew: true });
    expect(r.described).toContain('feuille « Atelier »');
    expect(r.done).toContain('2 mouvements');
    expect((await stockOf('MAG-02')).map((s) => [s.itemRef, s.kind, s.qty])).toEqual([
      ['JOINT', 'pieces', '200.000'],
      ['FILTRE', 'pieces', '6.000'],
    ]);
    await page.getByRole('heading', { name: 'Imports précédents' }).waitFor();
    expect(await page.getByText('Pièces atelier.xlsx').count()).toBe(1);
  });

  it('she counts that stock, applies the inventory: the feed and the ERP file show exactly the differences', async () => {
    const page = phone.page;
    await page.getByRole('link', { name: 'Retour aux inventaires' }).click();
    await page.getByRole('button', { name: 'Nouvel inventaire' }).click();
    await page.getByLabel('Nom').fill('Inventaire DEP-01');
    await page.getByLabel('Lieu').selectOption(String(await locationId('DEP-01')));
    await page.getByRole('radio', { name: 'Articles' }).check();
    await shown(
      page,
      waitForDownload(page, () => page.getByRole('button', { name: /Créer l.inventaire/ }).click(), {
        timeoutMs: 60_000,
      }),
    );
    await shown(page, page.getByRole('heading', { name: 'Inventaire DEP-01' }).waitFor());
    const inventory = (
      await server.api<{ id: number; name: string }[]>('GET', '/api/inventories', { token: adminToken })
    ).body.find((i) => i.name === 'Inventaire DEP-01')!;
    const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${inventory.id}/lines`, { token: adminToken }))
      .body;
    expect(lines).toHaveLength(7);
    const line = (ref: string, bin: string): LineDto => lines.find((l) => l.itemRef === ref && l.bin === bin)!;
    const counted: [LineDto, string, string][] = [
      [line('VIS-4', 'A-01'), '118', '-2.000'],
      [line('CABLE', 'B-01'), '11,75', '-0.750'],
      [line('GANT', 'C-02'), '50', '2.000'],
    ];
    for (const [l, typed] of counted) await countLine(page, l, typed);
    await expect.poll(() => page.getByTestId('unsent').textContent(), { timeout: 60_000 }).toBe('Tout est envoyé');
    const cursor = Math.max(0, ...(await feed(0)).map((m) => m.id));

    await menuAction(page, 'Clôturer');
    // Bins A-02, B-02 and C-01 were never visited: the close asks first.
    const ask = page.getByRole('dialog').filter({ hasText: /jamais visité/ });
    await shown(page, ask.waitFor());
    await ask.getByRole('button', { name: 'Oui' }).click();
    await shown(
      page,
      page.getByRole('heading', { name: 'Récapitulatif des mouvements de stock' }).waitFor({ timeout: 60_000 }),
    );
    await page.getByRole('button', { name: /Confirmer l.inventaire/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmer l’inventaire ?' });
    const after = await waitForDownload(page, () => dialog.getByRole('button', { name: 'Oui' }).click(), {
      timeoutMs: 120_000,
    });

    // The movements feed: the three differences, nothing else, valued at the imported costs.
    const moved = (await feed(cursor)).map((m) => [m.reason, m.inventoryId, m.itemRef, m.bin, m.quantity, m.unitCost]);
    expect(moved.sort(byText)).toEqual(
      [
        ['inventory', inventory.id, 'VIS-4', 'A-01', '-2.000', '0.0425'],
        ['inventory', inventory.id, 'CABLE', 'B-01', '-0.750', '1.2000'],
        ['inventory', inventory.id, 'GANT', 'C-02', '2.000', '2.5000'],
      ].sort(byText),
    );
    // The ERP's adjustment file: each counted line at its count (uncounted ones keep their stock).
    const erp = erpCsvRows(await openExport(after.bytes), FILE.erp);
    expect(erp.map((r) => [r.lieu, r.reference, r.emplacement, r.quantite_comptee]).sort(byText)).toEqual(
      [
        ['DEP-01', 'VIS-4', 'A-01', '118.000'],
        ['DEP-01', 'CABLE', 'B-01', '11.750'],
        ['DEP-01', 'GANT', 'C-02', '50.000'],
      ].sort(byText),
    );
    expect((await stockOf('DEP-01')).map((s) => s.qty)).toEqual([
      '118.000',
      '30.000',
      '11.750',
      '3.750',
      '1.000',
      '1.000',
      '50.000',
    ]);
    expect(phone.errors).toEqual([]);
    expect(adminPhone.errors).toEqual([]);
  }, 240_000);
});
