/**
 * A recount, as the supervisor and a counter live it on two phones: the supervisor counts a
 * line, closes, asks from the recap for that line to be recounted and reopens; the counter's
 * phone shows it under "À recompter" and counts it again. The recount REPLACES the first
 * count everywhere: on the supervisor's phone (team total, no double count), in the recap,
 * and both counts stay in the server's log. Then both phones count another line in the
 * same round: the row says "compté 2 fois ?" with the reason as its title, the line's
 * editor in full.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountEventDto, RecapDto } from '../../src/core/api/dto';
import { newDevice, type Device } from './support/browser';
import { countLine, createInventory, lineRow, login, menuAction } from './support/countUi';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let supervisor: Device;
let counter: Device;

beforeAll(async () => {
  server = await startE2eServer();
  supervisor = await newDevice(`${server.url}/`);
  counter = await newDevice(`${server.url}/`);
});

afterAll(async () => {
  await supervisor?.close();
  await counter?.close();
  await server?.dispose();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a recount on another phone', () => {
  it('replaces the first count on every phone and in the recap, and both stay in the log', async () => {
    const token = await server.login(DEMO.supervisor);
    const name = 'Recomptage e2e';
    const sp = supervisor.page;
    await login(sp, DEMO.supervisor);
    const inventory = await createInventory(sp, server, { name, locationCode: 'MAG-02' });
    const lines = inventory.lines;
    const line = lines.find((l) => !l.lot && !l.serial && l.unit === 'pcs')!;

    // --- Round 0 on the supervisor's phone, sent; Clôturer; Recompter the line; reopen.
    await countLine(sp, line, '10');
    await sp.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor({ timeout: 30_000 });
    await menuAction(sp, 'Clôturer');
    await sp.getByRole('dialog').getByRole('button', { name: 'Oui' }).click();
    await sp.getByRole('heading', { name: 'Récapitulatif des mouvements de stock' }).waitFor();
    await sp
      .getByRole('button', { name: `Recompter ${line.itemRef} ${line.bin}` })
      .first()
      .click();
    await sp.getByRole('status').filter({ hasText: 'Recomptage demandé (tour 1)' }).waitFor();
    await sp.getByRole('button', { name: 'Rouvrir le comptage' }).click();
    await sp.getByRole('heading', { name }).waitFor();

    // --- The counter's phone: the line is to recount; counted again, 7.
    const cp = counter.page;
    await login(cp, DEMO.counter);
    await cp.getByRole('button', { name: `Ouvrir ${name}` }).click();
    await cp.getByRole('heading', { name }).waitFor();
    await cp.getByRole('button', { name: 'À recompter : 1' }).click();
    await expect.poll(() => lineRow(cp, line).textContent()).toContain('À recompter');
    await countLine(cp, line, '7');
    await cp.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor({ timeout: 30_000 });

    // --- The supervisor's phone pulls it: the line's total is the recount, not 10 + 7, not a double count.
    await sp.getByRole('searchbox', { name: /Recherche/ }).fill(line.itemRef);
    const row = lineRow(sp, line);
    const until = Date.now() + 30_000;
    while (!((await row.textContent()) ?? '').includes('Total 7') && Date.now() < until) {
      await sp.evaluate(() => dispatchEvent(new Event('online')));
      await sleep(1_000);
    }
    const shown = (await row.textContent()) ?? '';
    expect(shown).toContain('Total 7');
    expect(shown).not.toContain('Total 17');
    expect(await row.getByTestId('team-total').locator('.tag.warn').count()).toBe(0);

    // --- The server: the recap takes the recount (round 1); both counts are in the log.
    const recap = (await server.api<RecapDto>('GET', `/api/inventories/${inventory.id}/recap`, { token })).body;
    const recapLine = recap.lines.find((l) => l.key === line.key)!;
    expect([recapLine.counted, recapLine.round]).toEqual(['7.000', 1]);
    const log = (
      await server.api<{ events: CountEventDto[] }>('GET', `/api/inventories/${inventory.id}/counts?limit=100`, {
        token,
      })
    ).body.events.filter((e) => e.lineKey === line.key);
    expect(log.map((e) => [e.qty, e.round ?? 0, e.counter])).toEqual([
      ['10.000', 0, DEMO.supervisor],
      ['7.000', 1, DEMO.counter],
    ]);

    // --- Another line counted on both phones in the same round: a possible double count, said plainly.
    const other = lines.find((l) => l !== line && !l.lot && !l.serial && l.unit === 'pcs')!;
    // The counter's list is still filtered on "À recompter": a reload shows the whole list again.
    await cp.reload();
    await cp.getByRole('heading', { name }).waitFor();
    await countLine(cp, other, '2');
    await countLine(sp, other, '3');
    await cp.getByTestId('unsent').filter({ hasText: 'Tout est envoyé' }).waitFor({ timeout: 30_000 });
    await sp.getByRole('searchbox', { name: /Recherche/ }).fill(other.itemRef);
    const twice = lineRow(sp, other);
    const pulledBy = Date.now() + 30_000;
    while (!((await twice.textContent()) ?? '').includes('Total 5') && Date.now() < pulledBy) {
      await sp.evaluate(() => dispatchEvent(new Event('online')));
      await sleep(1_000);
    }
    const badge = twice.getByTestId('team-total').locator('.tag.warn');
    expect(await badge.textContent()).toBe('compté 2 fois ?');
    expect(await badge.getAttribute('title')).toBe(
      'Compté sur 2 appareils dans le même tour : si c’est la même étagère, elle est comptée deux fois. Vérifiez, et faites recompter si besoin.',
    );
    await twice.click();
    const editor = sp.getByRole('region', { name: `Quantité comptée pour ${other.itemRef}` });
    expect(await editor.textContent()).toContain('Compté sur 2 appareils dans le même tour');

    expect(supervisor.errorsExcept(/net::ERR|Failed to fetch/)).toEqual([]);
    expect(counter.errorsExcept(/net::ERR|Failed to fetch/)).toEqual([]);
  }, 180_000);
});
