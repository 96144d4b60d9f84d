/**
 * The count screen as a person uses it, for e2e tests: log in, find a line's row (by
 * reference and bin), type a count and wait until the app says it is stored.
 */
import type { Page } from 'playwright-core';
import type { LineDto } from '../../../src/core/api';
import { DEMO, type DemoUsername } from './server';

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
  await lineRow(page, line).click();
  const box = page.getByRole('textbox', { name: `Quantité comptée pour ${line.itemRef}` });
  await box.fill(typed);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await box.waitFor({ state: 'detached' });
}
