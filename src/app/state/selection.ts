/**
 * A line to show, selected, when the count screen opens next: Ajouter réf. hands over the
 * line it just added (and counted) so the counter sees it at once, its count on screen,
 * instead of the top of a list of thousands. Taken once.
 */
let handed: { readonly inventoryId: number; readonly key: string; readonly search: string } | null = null;

export function handOverSelection(inventoryId: number, key: string, search: string): void {
  handed = { inventoryId, key, search };
}

/** The line handed over for this inventory (then forgotten), or null. */
export function takeSelection(inventoryId: number): { readonly key: string; readonly search: string } | null {
  const taken = handed?.inventoryId === inventoryId ? handed : null;
  handed = null;
  return taken;
}
