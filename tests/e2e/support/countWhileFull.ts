/**
 * A count typed on a phone whose storage may be full, and the check that the screen told
 * the truth. Either the editor closed ("saved") and the device's IndexedDB holds exactly
 * one new event, of that line and that quantity; or the editor stayed open on the app's
 * clear "device full" message (quota_exceeded) and the device holds nothing new — a count
 * the phone refused was never made, so the chaos audit must not find it anywhere. Any
 * other outcome is a count the user was misled about, returned as a mismatch.
 */
import type { Page } from 'playwright-core';
import type { LineDto } from '../../../src/core/api/dto';
import { decimalToScaled } from '../../../src/core/api/dto';
import { countLine } from './countUi';
import { storedEvents } from './deviceDb';

/** The start of quota_exceeded's French text (src/app/i18n/errors.ts). */
export const DEVICE_FULL = 'Mémoire de l’appareil pleine : ceci n’a pas été enregistré.';

export type FullCountOutcome =
  { readonly kind: 'saved' } | { readonly kind: 'refused' } | { readonly kind: 'mismatch'; readonly what: string };

export async function countWhileFull(page: Page, line: LineDto, whole: number): Promise<FullCountOutcome> {
  const before = new Set((await storedEvents(page)).map((e) => e.id));
  let refusal: string | null = null;
  try {
    await countLine(page, line, String(whole));
  } catch (e) {
    const text = String(e);
    if (!text.includes(DEVICE_FULL)) throw e;
    refusal = text;
    // The typed count stays in the open editor with the message: the user closes it.
    await page
      .getByRole('region', { name: `Quantité comptée pour ${line.itemRef}` })
      .getByRole('button', { name: 'Annuler' })
      .click();
  }
  const added = (await storedEvents(page)).filter((e) => !before.has(e.id));
  if (refusal !== null)
    return added.length === 0
      ? { kind: 'refused' }
      : { kind: 'mismatch', what: `${line.key}: refused on screen, yet ${added.length} event(s) stored` };
  const ok =
    added.length === 1 &&
    added[0]!.lineKey === line.key &&
    added[0]!.qty !== null &&
    decimalToScaled(added[0]!.qty, 3) === BigInt(whole) * 1000n;
  return ok
    ? { kind: 'saved' }
    : {
        kind: 'mismatch',
        what: `${line.key} = ${whole}: shown saved, stored ${JSON.stringify(added.map((e) => [e.lineKey, e.qty]))}`,
      };
}
