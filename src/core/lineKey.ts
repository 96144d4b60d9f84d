/**
 * A line is one item × bin × lot × serial. Its key is a readable, unambiguous string
 * (each part URI-encoded, joined by "|") made the same way on every device and on the
 * server, so a line added offline and the same line added elsewhere get the same key.
 * An absent lot or serial and an empty one are the same thing.
 */
import { fail, ok, type Result } from './errors';

declare const lineKeyBrand: unique symbol;
export type LineKey = string & { readonly [lineKeyBrand]: true };

export interface LineIdentity {
  readonly itemRef: string;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
}

export function makeLineKey(id: LineIdentity): LineKey {
  return [id.itemRef, id.bin, id.lot ?? '', id.serial ?? ''].map(encodeURIComponent).join('|') as LineKey;
}

export function parseLineKey(input: string): Result<LineIdentity> {
  const parts = input.split('|');
  if (parts.length !== 4) return fail('invalid_line_key', `"${input.slice(0, 80)}" is not a line key`);
  try {
    const [itemRef = '', bin = '', lot = '', serial = ''] = parts.map(decodeURIComponent);
    if (!itemRef || !bin) return fail('invalid_line_key', 'a line key needs an item reference and a bin');
    const id = { itemRef, bin, lot: lot || null, serial: serial || null };
    // Only the canonical spelling is a key; otherwise two strings could name one line.
    if (makeLineKey(id) !== input) return fail('invalid_line_key', `"${input.slice(0, 80)}" is not canonical`);
    return ok(id);
  } catch {
    return fail('invalid_line_key', `"${input.slice(0, 80)}" is not a line key`);
  }
}
