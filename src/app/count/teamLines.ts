/**
 * Lines added on other phones ("Ajouter réf." there): counts pulled for a line this device
 * does not know (or other devices' registers already stored for one, when an inventory
 * opens) make it fetch the inventory's added lines — GET lines?added=true, a few rows, with
 * the same hiding of expected quantities and costs as the whole list — keep them on the
 * device (so they show offline too) and put them in the open count: the header's total,
 * the list and the counted lines are then the team's. A key the server does not list
 * either is asked for once, never again in a loop; a fetch that failed (offline) is tried
 * again with the next pull that brings such a key, or at the next open.
 */
import { call } from '../api/client';
import { keepTeamLines } from '../db/lines';
import { insertLine, type LineList } from './insertLine';

/** The open count as this module needs it (open.ts's OpenCount). */
interface TeamLinesOpen extends LineList {
  readonly inv: { readonly id: number };
}

/** Per inventory, keys asked for that the server did not list: not asked again. */
const notListed = new Map<number, Set<string>>();
/** Per inventory, the last fetch queued: the next one waits for it (and then finds fewer keys missing). */
const queued = new Map<number, Promise<boolean>>();

/**
 * Fetches the added lines when some of `keys` are lines `open` does not hold; true when
 * lines were put in the open count (the caller re-renders). Never throws.
 */
export function learnTeamLines(open: TeamLinesOpen, keys: Iterable<string>): Promise<boolean> {
  const id = open.inv.id;
  // Read now: `keys` may be a live view of a map that changes meanwhile.
  const wanted = [...keys].filter((k) => !open.index.has(k));
  if (wanted.length === 0) return Promise.resolve(false);
  const before = queued.get(id) ?? Promise.resolve(false);
  const next = before.then(() => fetchMissing(open, wanted));
  queued.set(id, next);
  void next.then(() => {
    if (queued.get(id) === next) queued.delete(id);
  });
  return next;
}

async function fetchMissing(open: TeamLinesOpen, keys: readonly string[]): Promise<boolean> {
  const id = open.inv.id;
  const skip = notListed.get(id) ?? new Set<string>();
  const missing = keys.filter((k) => !open.index.has(k) && !skip.has(k));
  if (missing.length === 0) return false;
  const res = await call('listLines', { params: { id }, query: { added: 'true' } });
  if (!res.ok) return false;
  const fresh = res.value.filter((l) => !open.index.has(l.key));
  try {
    await keepTeamLines(id, fresh);
  } catch {
    // The device is full: shown now all the same, and fetched again at the next open.
  }
  for (const line of fresh) if (!open.index.has(line.key)) insertLine(open, line);
  const listed = new Set(res.value.map((l) => l.key));
  for (const k of missing) if (!listed.has(k)) skip.add(k);
  notListed.set(id, skip);
  return fresh.length > 0;
}
