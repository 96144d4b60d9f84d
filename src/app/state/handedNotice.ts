/**
 * A line of news for the count screen when it opens next: the before ZIP's screen goes
 * straight to counting once the ZIP is saved, and hands over what it would have said
 * ("ZIP avant inventaire enregistré : …") so the supervisor still reads it. Taken once.
 */
let handed: { readonly inventoryId: number; readonly text: string } | null = null;

export function handOverNotice(inventoryId: number, text: string): void {
  handed = { inventoryId, text };
}

/** The notice handed over for this inventory (then forgotten), or null. */
export function takeNotice(inventoryId: number): string | null {
  const taken = handed?.inventoryId === inventoryId ? handed.text : null;
  handed = null;
  return taken;
}
