/** Helpers of the scan e2e tests: log in, and what the server holds of this inventory's counts. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CountEventDto } from '../../../src/core/api/dto';
import { DEMO, type E2eServer } from './server';

export async function login(page: Page, username: string): Promise<void> {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(DEMO.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Inventaires' }).waitFor();
}

/** Each line's count, from the events the server got (last seq wins), and how many events. */
export async function serverCounts(
  server: E2eServer,
  token: string,
  inventoryId: number,
): Promise<Map<string, { qty: string; events: number }>> {
  const events = (
    await server.api<{ events: CountEventDto[] }>('GET', `/api/inventories/${inventoryId}/counts?limit=5000`, { token })
  ).body.events;
  const out = new Map<string, { qty: string; events: number; seq: number }>();
  for (const e of events) {
    const prev = out.get(e.lineKey);
    const latest = !prev || e.seq > prev.seq;
    out.set(e.lineKey, {
      qty: latest ? (e.qty ?? 'null') : prev.qty,
      seq: latest ? e.seq : prev.seq,
      events: (prev?.events ?? 0) + 1,
    });
  }
  return new Map([...out].map(([k, v]) => [k, { qty: v.qty, events: v.events }]));
}

export async function allSent(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('unsent').textContent(), { timeout: 60_000 }).toBe('Tout est envoyé');
}
