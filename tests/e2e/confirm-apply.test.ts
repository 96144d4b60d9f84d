/**
 * Issue 21, items 6 and 8, on a phone (390×844, and 360×740): a counter adds a new
 * reference with its quantity and no cost; the supervisor closes, finds it under "À
 * valoriser" (Confirmer then offers "Valoriser d'abord" or "Confirmer à 0 €"), values it,
 * and Confirmer says what will happen with the exact figures — lines changed, value gained
 * and lost, the uncounted lines' policy, the recounts suggested and not done, the possible
 * double counts — then "Oui" applies, and the after ZIP's variances carry the new cost.
 * No sideways scroll and no axe violation on the recap and the dialog; both are screenshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../audit/axe';
import { decimalToScaled, type LineDto, type RecapDto } from '../../src/core/api/dto';
import { FILE } from '../../src/core/export/types';
import { formatMoney, lineValue, money } from '../../src/core/money';
import { qty } from '../../src/core/quantity';
import { newDevice, waitForDownload, type Device } from './support/browser';
import { createInventory, login, menuAction } from './support/countUi';
import { checkScreen } from './support/screens';
import { DEMO, startE2eServer, type E2eServer } from './support/server';
import { csvRows, openExport } from './support/zip';
import { fromFrench } from './support/french';

let server: E2eServer;

beforeAll(async () => {
  server = await startE2eServer();
});
afterAll(async () => {
  await server?.dispose();
});

const scaledQty = (text: string): bigint => decimalToScaled(text, 3);

describe.each([
  { width: 390, height: 844, locationCode: 'DEP-01' },
  { width: 360, height: 740, locationCode: 'MAG-02' },
])('Confirmer at $width×$height', ({ width, height, locationCode }) => {
  let supervisor: Device;
  let counter: Device;
  const viewport = { width, height };
  const name = `Valoriser ${width}`;
  const newRef = `E2E-AVAL-${width}`;

  beforeAll(async () => {
    supervisor = await newDevice(`${server.url}/`, { context: { viewport } });
    counter = await newDevice(`${server.url}/`, { context: { viewport } });
  });
  afterAll(async () => {
    await supervisor?.close();
    await counter?.close();
  });

  it('values a reference added without a cost, shows the exact figures, applies them', async () => {
    const token = await server.login(DEMO.supervisor);
    const counterToken = await server.login(DEMO.counter);
    const sp = supervisor.page;
    await login(sp, DEMO.supervisor);
    const inventory = await createInventory(sp, server, { name, locationCode });
    const threshold = await server.api('PATCH', `/api/inventories/${inventory.id}`, {
      token,
      body: { recountThreshold: { qtyPercent: '10', value: null } },
    });
    expect(threshold.status).toBe(200);

    // Three plain lines counted from two other phones: A doubled (a gain), B found empty
    // (a loss), C counted by both phones, half each (no difference, a possible double count).
    const plain = inventory.lines.filter(
      (l) =>
        l.unit === 'pcs' &&
        !l.lot &&
        !l.serial &&
        scaledQty(l.expectedQty!) >= 2000n &&
        scaledQty(l.expectedQty!) % 1000n === 0n &&
        l.unitCost !== '0.0000',
    );
    const [a, b, c] = [plain[0]!, plain[1]!, plain[2]!];
    const whole = (l: LineDto): number => Number(scaledQty(l.expectedQty!) / 1000n);
    const at = new Date().toISOString();
    const ev = (l: LineDto, n: number, seq: number) => ({
      id: crypto.randomUUID(),
      lineKey: l.key,
      qty: String(n),
      seq,
      at,
    });
    for (const [deviceId, events] of [
      ['confirm-e2e-p1', [ev(a, whole(a) * 2, 1), ev(b, 0, 2), ev(c, 1, 3)]],
      ['confirm-e2e-p2', [ev(c, whole(c) - 1, 1)]],
    ] as const) {
      const pushed = await server.api('POST', `/api/inventories/${inventory.id}/counts`, {
        token: counterToken,
        body: { deviceId, events, unsent: 0 },
      });
      expect(pushed.status).toBe(200);
    }

    // --- The counter's phone: Ajouter réf., a quantity and no cost.
    const cp = counter.page;
    await login(cp, DEMO.counter);
    await cp.getByRole('button', { name: `Ouvrir ${name}` }).click();
    await cp.getByRole('heading', { name }).waitFor();
    await menuAction(cp, 'Ajouter réf.');
    await cp.getByLabel('Référence').fill(newRef);
    await cp.getByLabel('Désignation').fill('Trouvé sans prix');
    await cp.getByLabel('Emplacement').fill(a.bin);
    await cp.getByLabel('Quantité comptée').fill('4');
    await cp.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await cp.getByRole('heading', { name }).waitFor();
    await expect.poll(() => cp.getByTestId('unsent').textContent(), { timeout: 60_000 }).toBe('Tout est envoyé');
    const added = (await server.api<LineDto[]>('GET', `/api/inventories/${inventory.id}/lines`, { token })).body.find(
      (l) => l.itemRef === newRef,
    )!;
    expect(added).toMatchObject({ added: true, unitCost: '0.0000', costMissing: true });

    // --- The supervisor closes: the new line is "À valoriser".
    await menuAction(sp, 'Clôturer');
    await sp.getByRole('dialog').getByRole('button', { name: 'Oui' }).click();
    await sp.getByRole('heading', { name: 'Récapitulatif des mouvements de stock' }).waitFor({ timeout: 60_000 });
    const section = sp.getByRole('region', { name: 'À valoriser (1)' });
    await section.waitFor();
    await expect(section.textContent()).resolves.toContain(newRef);
    await checkScreen(sp, 'recap-a-valoriser');
    expect(describeViolations(await axeViolations(sp))).toEqual([]);

    // Confirmer now: the choice — value it first, or confirm it at 0 €. Valoriser d'abord.
    await sp.getByRole('button', { name: /Confirmer l.inventaire/ }).click();
    const dialog = sp.getByRole('dialog', { name: 'Confirmer l’inventaire ?' });
    await dialog.waitFor();
    await expect(dialog.getByTestId('apply-unvalued').textContent()).resolves.toBe(
      `1 : valorisées à 0 € si vous confirmez maintenant (${newRef})`,
    );
    await dialog.getByRole('button', { name: 'Confirmer à 0 €' }).waitFor();
    await checkScreen(sp, 'confirmer-a-valoriser');
    expect(describeViolations(await axeViolations(sp))).toEqual([]);
    await dialog.getByRole('button', { name: 'Valoriser d’abord' }).click();
    await dialog.waitFor({ state: 'detached' });
    const cost = sp.getByRole('textbox', { name: `Coût unitaire (€) de ${newRef}` });
    await expect(cost.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    await cost.fill('7,25');
    await section.getByRole('button', { name: 'Enregistrer' }).click();
    await sp
      .getByRole('status')
      .filter({ hasText: `Coût enregistré : ${newRef} = 7,25 €` })
      .waitFor();
    await section.waitFor({ state: 'detached' });
    const valued = (await server.api<LineDto[]>('GET', `/api/inventories/${inventory.id}/lines`, { token })).body.find(
      (l) => l.itemRef === newRef,
    )!;
    expect(valued.unitCost).toBe('7.2500');
    expect(valued.costMissing).toBeUndefined();

    // --- Confirmer: the figures, each worked out here from what was counted.
    const diffValue = (l: LineDto, counted: number): bigint =>
      lineValue(qty(BigInt(counted) * 1000n - scaledQty(l.expectedQty!)), money(decimalToScaled(l.unitCost!, 4)));
    const gain = diffValue(a, whole(a) * 2) + lineValue(qty(4000n), money(72_500n));
    const loss = diffValue(b, 0);
    const recap = (await server.api<RecapDto>('GET', `/api/inventories/${inventory.id}/recap`, { token })).body;
    expect([recap.totals.gainValue, recap.totals.lossValue]).toEqual([
      formatMoney(money(gain)),
      formatMoney(money(loss)),
    ]);
    const uncounted = inventory.lines.length - 3;
    expect(recap.totals.uncountedLines).toBe(uncounted);

    await sp.getByRole('button', { name: /Confirmer l.inventaire/ }).click();
    await dialog.waitFor();
    const figure = async (id: string): Promise<string> => (await dialog.getByTestId(id).textContent()) ?? '';
    // A (+), B (−) and the new reference (+4) change; C's two halves make its expected quantity.
    expect(await figure('apply-changed')).toBe('3');
    // Shown to the cent: within half a cent of the exact sums.
    const cents = (id: string, exact: bigint) =>
      figure(id).then((text) => Math.abs(Number(fromFrench(text)) - Number(formatMoney(money(exact)))));
    expect(await cents('apply-gain', gain)).toBeLessThanOrEqual(0.005);
    expect(await cents('apply-loss', loss)).toBeLessThanOrEqual(0.005);
    expect(await figure('apply-gain')).toMatch(/^\+.* €$/);
    expect(await figure('apply-loss')).toMatch(/^[−-].* €$/);
    expect((await figure('apply-uncounted')).replace(/[\u00a0\u202f ]/g, '')).toBe(
      `${uncounted}:quantitéattendueconservée`,
    );
    // Suggested (past 10 %) and never recounted: A, B and the new reference (nothing expected).
    const recounts = await figure('apply-recounts');
    expect(recounts).toMatch(/^3 \(/);
    for (const ref of [a.itemRef, b.itemRef, newRef]) expect(recounts).toContain(ref);
    expect(await figure('apply-doubles')).toBe(`1 (${c.itemRef})`);
    expect(await figure('apply-unvalued')).toBe('aucune');
    await expect(dialog.textContent()).resolves.toContain('Le stock sera mis à jour à la prochaine étape.');
    await dialog.getByRole('button', { name: 'Non' }).waitFor();
    await checkScreen(sp, 'confirmer-inventaire');
    expect(describeViolations(await axeViolations(sp))).toEqual([]);

    // --- Oui: applied; the after ZIP's variances carry the cost given.
    const after = await waitForDownload(sp, () => dialog.getByRole('button', { name: 'Oui' }).click(), {
      timeoutMs: 120_000,
    });
    const zip = await openExport(after.bytes);
    const row = csvRows(zip, FILE.variances).find((r) => r.cle_ligne === added.key);
    expect(row).toMatchObject({ quantite_comptee: '4,000', cout_unitaire: '7,2500', valeur_ecart: '29,0000' });
    const detail = (await server.api<{ status: string }>('GET', `/api/inventories/${inventory.id}`, { token })).body;
    expect(detail.status).toBe('applied');
    expect(supervisor.errors).toEqual([]);
    expect(counter.errors).toEqual([]);
  });
});
