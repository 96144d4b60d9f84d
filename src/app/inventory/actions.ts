/**
 * What a supervisor does to an inventory as a whole — close it, reopen it, apply it, cancel
 * it, ask for a recount, set its recount threshold — in one place: each asks the server, keeps the
 * device's copy in step with the answer, and returns a Result the screen turns into words.
 * The screens (count/CountList.tsx, Recap.tsx) only decide what to show next.
 */
import type { InventoryDto, LineDto, RecapDto, RecountThresholdDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import { call } from '../api/client';
import { binProgress } from '../count/bins';
import type { OpenCount } from '../count/open';
import { countPending } from '../db/counts';
import { updateInventory } from '../db/snapshot';
import { handOverRecap, RECAP_ROWS } from '../state/closedRecap';
import { requestSync } from '../sync/loop';
import { countOf } from '../../core/plural';

/**
 * Before Clôturer asks "sure?": pushes what this device holds (a close with counts still on
 * the phone would leave them out), then names the bins nobody visited — the server's view
 * when it answers, this device's otherwise. Fails `unsent_before_close` with `details.n`.
 */
export async function checkBeforeClose(open: OpenCount): Promise<Result<{ unvisited: string[] }, string>> {
  await requestSync();
  const pending = await countPending(open.inv.id);
  if (pending > 0) return fail('unsent_before_close', `${countOf(pending, 'count')} not sent yet.`, { n: pending });
  const server = await call('listBins', { params: { id: open.inv.id } });
  const unvisited = server.ok
    ? server.value.filter((b) => b.state === 'not_visited').map((b) => b.code)
    : binProgress(open)
        .filter((b) => b.state === 'not_visited')
        .map((b) => b.code);
  return ok({ unvisited });
}

/**
 * Clôturer: the server closes the inventory and answers its recap, which is handed to the
 * recap screen (computed once). `force` closes while other phones still hold counts.
 */
export async function closeInventory(inventoryId: number, force: boolean): Promise<Result<RecapDto, string>> {
  // The server computes the whole recap: at 250,000 lines that takes longer than the default 30 s.
  const res = await call('closeInventory', {
    params: { id: inventoryId },
    query: { uncounted: RECAP_ROWS, lines: 'changed' },
    body: force ? { force } : {},
    timeoutMs: 300_000,
  });
  if (!res.ok) return res;
  await updateInventory(inventoryId, { status: 'closed', closedAt: new Date().toISOString() });
  handOverRecap(inventoryId, res.value);
  return res;
}

/** Back to counting after a close. */
export async function reopenInventory(inventoryId: number): Promise<Result<InventoryDto, string>> {
  const res = await call('reopenInventory', { params: { id: inventoryId } });
  if (res.ok) await updateInventory(inventoryId, { status: 'counting', closedAt: null });
  return res;
}

/** What cancelling would keep: the counts the server holds in the inventory's log (every device's). */
export async function countsKept(inventoryId: number): Promise<Result<number, string>> {
  const res = await call('getInventory', { params: { id: inventoryId } });
  return res.ok ? ok(res.value.devices.reduce((n, d) => n + d.events, 0)) : res;
}

/**
 * Annuler l'inventaire: the server lifts the location's freeze and the stock stays as it
 * was. Nothing is deleted: the counts stay in the inventory's log, the ZIPs where they are.
 */
export async function cancelInventory(inventoryId: number): Promise<Result<InventoryDto, string>> {
  const res = await call('cancelInventory', { params: { id: inventoryId } });
  if (res.ok) await updateInventory(inventoryId, { status: 'cancelled' });
  return res;
}

export interface Applied {
  readonly inventory: InventoryDto;
  readonly movements: number;
}

/**
 * Confirmer l'inventaire → Oui: the server applies the differences to the stock.
 * `confirmZeroCost`: the supervisor chose to apply the lines still to be valued at 0 €.
 */
export async function applyInventory(inventoryId: number, confirmZeroCost = false): Promise<Result<Applied, string>> {
  const res = await call('applyInventory', {
    params: { id: inventoryId },
    timeoutMs: 300_000,
    ...(confirmZeroCost ? { body: { confirmZeroCost: true } } : {}),
  });
  if (res.ok) await updateInventory(inventoryId, { status: 'applied', appliedAt: res.value.inventory.appliedAt });
  return res;
}

/**
 * Asks for a line or a bin to be counted again (a new, blind round). count/recounts.ts
 * holds it: the open count asks too, and count/ does not reach up to inventory/.
 */
export { requestRecount } from '../count/recounts';

/** The difference past which the recap suggests a recount. */
export const setRecountThreshold = (
  inventoryId: number,
  recountThreshold: RecountThresholdDto,
): Promise<Result<InventoryDto, string>> =>
  call('patchInventory', { params: { id: inventoryId }, body: { recountThreshold } });

/** A new reference's unit cost, given by the supervisor on the recap (À valoriser). */
export const setLineCost = (inventoryId: number, lineKey: string, unitCost: string): Promise<Result<LineDto, string>> =>
  call('setLineCost', { params: { id: inventoryId }, body: { lineKey, unitCost } });
