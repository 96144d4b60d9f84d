/**
 * The team's truth, blind means blind, and Imprimer (issue 21), on phones as people use
 * them: the supervisor and a counter count different lines of a blind inventory on two
 * phones. Each phone's header, row states, counted filter and bins checklist show BOTH
 * counts (the supervisor's header equals the server's counted lines); a fresh phone opening
 * the inventory, and again once it is applied, shows the same, not 0. The counter's pages
 * and printed sheet hold no expected quantity and no other phone's quantity, only "déjà
 * compté sur un autre appareil"; the supervisor's do, on the control sheet. Imprimer prints
 * what the filter shows (one bin: a page or two, against the whole location), and every
 * page starts with its bin's heading. Then a bin one phone confirms empty is empty on the
 * other phone's checklist, and a reference one phone adds and counts shows, counted, on
 * the other, whose header's total grows by it — kept there, offline too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BinDto, InventoryDetailDto, LineDto, LocationDto } from '../../src/core/api/dto';
import { newDevice, setOffline, type Device } from './support/browser';
import { countLine, createInventory, lineRow, login, menuAction } from './support/countUi';
import { pdfPages } from './support/pdfText';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startE2eServer();
});

afterAll(async () => {
  for (const d of devices) await d.close();
  await server?.dispose();
});

const phone = async (): Promise<Device> => {
  const d = await newDevice(`${server.url}/`);
  devices.push(d);
  return d;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until it returns `want`, nudging the phone's sync (as the network coming back does). */
async function until(page: Page, read: () => Promise<string | null>, want: string | RegExp): Promise<string> {
  const deadline = Date.now() + 45_000;
  let seen = '';
  for (;;) {
    seen = (await read()) ?? '';
    if (typeof want === 'string' ? seen === want : want.test(seen)) return seen;
    if (Date.now() > deadline) throw new Error(`waited for ${String(want)}, the page says ${JSON.stringify(seen)}`);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await sleep(1_000);
  }
}

const progress = (page: Page) => () => page.getByTestId('progress').textContent();

/** Text without its spaces: a quantity reads "4 871" in French, and a leak is a leak with or without them. */
const flat = (s: string): string => s.replace(/\s/g, '');

/** The text a printed page holds (print media: what `.no-print` hides is gone). */
async function printedText(page: Page): Promise<string> {
  await page.emulateMedia({ media: 'print' });
  const text = await page.evaluate(() => document.body.innerText);
  await page.emulateMedia({ media: null });
  return text;
}

async function openBins(page: Page, bin: string): Promise<string> {
  await menuAction(page, 'Emplacements');
  await page.getByRole('heading', { name: 'Emplacements' }).waitFor();
  const card = page.getByRole('list', { name: 'Emplacements' }).getByRole('listitem').filter({ hasText: bin }).first();
  return (await card.textContent()) ?? '';
}

describe('the team’s truth on every phone, blind for counters, printed as filtered', () => {
  it('shows every device’s counts, hides quantities from a blind counter, prints what the list shows', async () => {
    const name = 'Vérité équipe e2e';
    const token = await server.login(DEMO.supervisor);
    const sup = await phone();
    const sp = sup.page;
    await login(sp, DEMO.supervisor);
    const inventory = await createInventory(sp, server, { name, locationCode: 'DEP-01' });
    const plain = inventory.lines.filter((l) => !l.lot && !l.serial && l.unit === 'pcs');
    const lineA = plain[0]!;
    const lineB = plain.find((l) => l.bin !== lineA.bin)!;
    // Twelve references more in line A's bin, added before the other phones download the
    // inventory: a bin longer than a page, whose printed heading must come again on the next.
    for (let i = 1; i <= 12; i++) {
      const body = { itemRef: `E2E-IMPR-${i}`, designation: `Pièce imprimée ${i}`, bin: lineA.bin, unit: 'pcs' };
      const added = await server.api('POST', `/api/inventories/${inventory.id}/lines`, { token, body });
      expect(added.status).toBe(201);
    }
    const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${inventory.id}/lines`, { token })).body;
    // The supervisor's phone holds the inventory as created; the phones opening it later, with the twelve.
    const supTotal = inventory.lines.length;
    const total = lines.length;
    expect(total).toBe(supTotal + 12);
    // The supervisor's count: a number found in no reference, designation, lot or serial, so
    // finding it on the counter's screen or paper can only be a leak.
    const words = lines.map((l) => `${l.itemRef} ${l.designation} ${l.lot ?? ''} ${l.serial ?? ''}`).join(' ');
    const secret = ['4871', '5923', '6737', '7919', '8461'].find((n) => !words.includes(n))!;

    // --- Two phones count two lines: the supervisor line A, the counter line B.
    const cnt = await phone();
    const cp = cnt.page;
    await login(cp, DEMO.counter);
    await cp.getByRole('button', { name: `Ouvrir ${name}` }).click();
    await cp.getByRole('heading', { name }).waitFor();
    await countLine(sp, lineA, secret);
    await countLine(cp, lineB, '3');
    for (const p of [sp, cp]) await p.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor();

    // --- Each phone's header says 2 lines: its own and the other's; the server says 2 too.
    const two = `2 / ${total} lignes comptées`;
    await until(cp, progress(cp), two);
    await until(sp, progress(sp), `2 / ${supTotal} lignes comptées`);
    const detail = (await server.api<InventoryDetailDto>('GET', `/api/inventories/${inventory.id}`, { token })).body;
    expect(detail.countedLines).toBe(2);

    // --- The counter's row of line A: counted, elsewhere, no number; its editor: the same.
    await cp.getByRole('searchbox', { name: /Recherche/ }).fill(lineA.itemRef);
    const rowA = lineRow(cp, lineA);
    expect(await rowA.getAttribute('class')).toContain('done');
    const rowText = (await rowA.textContent()) ?? '';
    expect(rowText).toContain('déjà compté sur un autre appareil');
    expect(flat(rowText)).not.toContain(secret);
    expect(rowText).not.toMatch(/Total|Attendu|non compté/);
    await rowA.click();
    const editor = cp.getByRole('region', { name: `Quantité comptée pour ${lineA.itemRef}` });
    const editorText = (await editor.textContent()) ?? '';
    expect(editorText).toContain('déjà compté sur un autre appareil');
    expect(flat(editorText)).not.toContain(secret);
    expect(editorText).not.toMatch(/Total|Attendu/);
    await editor.getByRole('button', { name: 'Annuler' }).click();
    // The supervisor sees the counter's quantity on line B.
    await sp.getByRole('searchbox', { name: /Recherche/ }).fill(lineB.itemRef);
    expect(await lineRow(sp, lineB).textContent()).toContain('Total 3');

    // --- The counted filter lists both lines, the uncounted one neither.
    await cp.getByRole('searchbox', { name: /Recherche/ }).fill('');
    await menuAction(cp, 'Afficher les filtres');
    await cp.getByLabel('Comptage').selectOption('counted');
    await cp.getByText(/^2 lignes$/).waitFor();
    expect(flat((await cp.locator('main').textContent()) ?? '')).not.toContain(secret);
    await cp.getByLabel('Comptage').selectOption('uncounted');
    await cp.getByText(new RegExp(`^${total - 2} lignes$`)).waitFor();
    await cp.getByLabel('Comptage').selectOption('all');

    // --- The bins checklist: line A's bin is counted on the counter's phone.
    const binCard = await openBins(cp, lineA.bin);
    expect(binCard).toMatch(/Compté/);
    expect(binCard).toMatch(/(^|\D)1 \/ \d+ lignes/);
    await cp.getByRole('link', { name: 'Retour' }).click();
    await cp.getByRole('heading', { name }).waitFor();
    await menuAction(cp, 'Afficher les filtres');

    // --- A fresh phone opening the inventory shows its real state at once.
    const fresh = await phone();
    await login(fresh.page, DEMO.counter);
    await fresh.page.getByRole('button', { name: `Ouvrir ${name}` }).click();
    await fresh.page.getByRole('heading', { name }).waitFor();
    await until(fresh.page, progress(fresh.page), two);
    expect(await openBins(fresh.page, lineB.bin)).toMatch(/Compté/);

    // --- Imprimer, as the counter, filtered on line A's bin: that bin only, blind.
    const inBin = lines.filter((l) => l.bin === lineA.bin);
    await cp.getByLabel('Emplacement').selectOption(lineA.bin);
    await cp.getByText(new RegExp(`^${inBin.length} ${inBin.length < 2 ? 'ligne' : 'lignes'}$`)).waitFor();
    await menuAction(cp, 'Imprimer');
    await cp.getByTestId('print-lines').waitFor();
    expect(await cp.getByTestId('print-lines').textContent()).toBe(
      `${inBin.length} ligne${inBin.length > 1 ? 's' : ''} (emplacement ${lineA.bin})`,
    );
    const counterPaper = await printedText(cp);
    expect(counterPaper).toContain(lineA.itemRef);
    expect(counterPaper).not.toMatch(/Attendu|Total/);
    expect(flat(counterPaper)).not.toContain(secret);
    expect(counterPaper).not.toContain('Feuille de contrôle');
    const binPdf = pdfPages(await cp.pdf({ format: 'A4' }));
    expect(binPdf.join('\n')).not.toMatch(/Attendu|Total/);
    expect(flat(binPdf.join('\n'))).not.toContain(secret);
    for (const l of inBin) expect(binPdf.join('\n')).toContain(l.itemRef);
    const marginBox = /^(Page\s*|\s*\/\s*|\d+|)$/;
    /** The page's own text blocks, without the page number of its margin box. */
    const blocksOf = (text: string): string[] => text.split('\n').filter((b) => !marginBox.test(b));
    // On paper shorter than the bin, its heading starts every page it runs onto. (Chromium
    // turns a wide page given to pdf() upright: the paper is the page's own CSS size, added
    // through the CSSOM, which the app's CSP allows, unlike a <style>.)
    const paper = (rule: string | null) =>
      cp.evaluate((r) => {
        const sheet = document.styleSheets[0]!;
        if (r === null) sheet.deleteRule(sheet.cssRules.length - 1);
        else sheet.insertRule(r, sheet.cssRules.length);
      }, rule);
    await paper('@page { size: 210mm 70mm; margin: 3mm }');
    const short = pdfPages(await cp.pdf({ preferCSSPageSize: true }));
    await paper(null);
    console.log(`bin ${lineA.bin}: ${inBin.length} lines on ${short.length} pages of 70 mm`);
    expect(short.length).toBeGreaterThan(1);
    short.forEach((text, i) => {
      if (i > 0) expect(blocksOf(text)[0], `70 mm page ${i + 1}`).toBe(`Emplacement ${lineA.bin}`);
    });
    // The whole location, chosen on the sheet: every page starts with its bin's heading.
    await cp.getByRole('radio', { name: /Tout l’emplacement/ }).check();
    await cp
      .getByTestId('print-lines')
      .filter({ hasText: `${total} lignes` })
      .waitFor();
    const allPdf = pdfPages(await cp.pdf({ format: 'A4' }));
    console.log(
      `print pages: bin ${lineA.bin} (${inBin.length} lines) ${binPdf.length}, whole location (${total} lines) ${allPdf.length}`,
    );
    expect(binPdf.length).toBeLessThan(allPdf.length);
    expect(allPdf.length).toBeGreaterThan(2);
    const startsWithBin = (pages: readonly string[], what: string): void =>
      pages.forEach((text, i) => {
        const first = i === 0 ? blocksOf(text).find((b) => b.startsWith('Emplacement')) : blocksOf(text)[0];
        expect(first, `${what} page ${i + 1}`).toMatch(/^Emplacement \S+$/);
      });
    startsWithBin(allPdf, 'A4');
    expect(allPdf.join('\n')).not.toMatch(/Attendu/);

    // --- The supervisor: the count sheet follows the blind setting; the control sheet shows everything.
    await sp.getByRole('searchbox', { name: /Recherche/ }).fill('');
    await menuAction(sp, 'Afficher les filtres');
    await sp.getByLabel('Emplacement').selectOption(lineA.bin);
    await menuAction(sp, 'Imprimer');
    await sp.getByTestId('print-lines').waitFor();
    const supCount = await printedText(sp);
    expect(supCount).toContain('Feuille de comptage');
    expect(supCount).not.toMatch(/Attendu/);
    await sp.getByRole('radio', { name: /Feuille de contrôle/ }).check();
    await sp.getByRole('heading', { name: /^Feuille de contrôle/ }).waitFor();
    const control = pdfPages(await sp.pdf({ format: 'A4' })).join('\n');
    expect(control).toContain('Attendu');
    expect(flat(control)).toContain(secret);
    expect(binPdf.length).toBeGreaterThanOrEqual(1);

    // --- Applied, then opened on a fresh phone: still the real state.
    expect(
      (await server.api('POST', `/api/inventories/${inventory.id}/close`, { token, body: { force: true } })).status,
    ).toBe(200);
    // The twelve references were added without a cost: applied at 0 €, as the supervisor confirms.
    const applied = await server.api('POST', `/api/inventories/${inventory.id}/apply`, {
      token,
      body: { confirmZeroCost: true },
    });
    expect(applied.status).toBe(200);
    const late = await phone();
    await login(late.page, DEMO.supervisor);
    await late.page.goto(`${server.url}/#/inventory/${inventory.id}`);
    await late.page.getByRole('heading', { name }).waitFor({ timeout: 60_000 });
    await until(late.page, progress(late.page), two);
    await late.page.getByRole('searchbox', { name: /Recherche/ }).fill(lineA.itemRef);
    expect(flat((await lineRow(late.page, lineA).textContent()) ?? '')).toContain(`Total${secret}`);

    for (const d of devices) expect(d.errorsExcept(/net::ERR|Failed to fetch/)).toEqual([]);
  }, 300_000);

  it('shows a bin another phone confirmed empty, and a line another phone added and counted', async () => {
    const name = 'Équipe ajouts e2e';
    const token = await server.login(DEMO.supervisor);
    // Phone A: the supervisor's, holding the inventory as created.
    // DEP-01, whose 1,200 bins are not all stocked (the first test applied its count there).
    const locations = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body;
    const frozenBy = locations.find((l) => l.code === 'DEP-01')?.frozenBy;
    if (frozenBy) await server.api('POST', `/api/inventories/${frozenBy}/cancel`, { token });
    const a = await phone();
    const ap = a.page;
    await login(ap, DEMO.supervisor);
    const inventory = await createInventory(ap, server, { name, locationCode: 'DEP-01' });
    const total = inventory.lines.length;
    const bins = (await server.api<BinDto[]>('GET', `/api/inventories/${inventory.id}/bins`, { token })).body;
    const emptyBin = bins.find((b) => b.lines === 0)!.code;
    const shelf = inventory.lines[0]!.bin;
    await until(ap, progress(ap), `0 / ${total} lignes comptées`);

    // Phone B: a counter's. The bin is empty on its shelf; a reference is there without a line.
    const b = await phone();
    const bp = b.page;
    await login(bp, DEMO.counter);
    await bp.getByRole('button', { name: `Ouvrir ${name}` }).click();
    await bp.getByRole('heading', { name }).waitFor();
    await openBins(bp, emptyBin);
    await bp.getByRole('button', { name: `Vide ${emptyBin}`, exact: true }).click();
    await bp
      .getByRole('list', { name: 'Emplacements' })
      .getByRole('listitem')
      .filter({ hasText: emptyBin })
      .first()
      .filter({ hasText: 'Vide confirmé' })
      .waitFor();
    await bp.getByRole('link', { name: 'Retour' }).click();
    await bp.getByRole('heading', { name }).waitFor();
    const newRef = 'E2E-EQUIPE-1';
    await menuAction(bp, 'Ajouter réf.');
    await bp.getByLabel('Référence').fill(newRef);
    await bp.getByLabel('Désignation').fill('Trouvé sur un autre téléphone');
    await bp.getByLabel('Emplacement').fill(shelf);
    await bp.getByLabel('Quantité comptée').fill('4');
    await bp.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await bp.getByRole('textbox', { name: `Quantité comptée pour ${newRef}` }).waitFor();
    await bp.getByRole('button', { name: 'Annuler', exact: true }).click();
    await bp.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor({ timeout: 60_000 });
    const added = (await server.api<LineDto[]>('GET', `/api/inventories/${inventory.id}/lines?added=true`, { token }))
      .body;
    expect(added.map((l) => l.itemRef)).toEqual([newRef]);

    // --- Phone A, after a sync: the line is there, counted, and the header's total grew by it.
    await until(ap, progress(ap), `1 / ${total + 1} lignes comptées`);
    await ap.getByRole('searchbox', { name: /Recherche/ }).fill(newRef);
    const row = lineRow(ap, added[0]!);
    expect(await row.getAttribute('class')).toContain('done');
    expect(await row.textContent()).toContain('Total 4');
    await ap.getByRole('searchbox', { name: /Recherche/ }).fill('');

    // --- Phone A's checklist: the bin B confirmed empty is empty here too, named, B's to take back.
    await openBins(ap, emptyBin);
    const binCard = ap.getByRole('list', { name: 'Emplacements' }).getByRole('listitem').filter({ hasText: emptyBin });
    await until(ap, () => binCard.first().textContent(), /Vide confirmé/);
    expect(await binCard.first().textContent()).toContain('vide selon compteur');
    expect(await ap.getByRole('button', { name: `Annuler « vide » ${emptyBin}` }).count()).toBe(0);
    // Reloaded offline, phone A still shows both: they are kept on the device.
    await ap.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await setOffline(a.context, true);
    await ap.reload();
    await ap.getByRole('heading', { name: 'Emplacements' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => binCard.first().textContent(), { timeout: 30_000 }).toMatch(/Vide confirmé/);
    await ap.getByRole('link', { name: 'Retour' }).click();
    await expect.poll(progress(ap), { timeout: 30_000 }).toBe(`1 / ${total + 1} lignes comptées`);
    await setOffline(a.context, false);

    for (const d of [a, b]) expect(d.errorsExcept(/net::ERR|Failed to fetch/)).toEqual([]);
  }, 300_000);
});
