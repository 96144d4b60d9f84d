/**
 * Pushes what this device recorded to the server: lines added with "Ajouter réf." first
 * (counts refer to them), then count events in batches, then bin checks. An item leaves
 * the outbox only once the server acknowledged it; pushing the same events again is
 * harmless (the server keeps one event per id). A refusal is kept with its reason and
 * shown; it never drops a count.
 */
import type {
  BinChecksPushDto,
  BinChecksPushResultDto,
  CountsPushDto,
  CountsPushResultDto,
  LineDto,
} from '../../core/api';
import { ok, type Result } from '../../core/errors';
import { apiJson, post } from '../api/client';
import { countPending, markBinChecksSent, markRefused, markSent, pendingBinChecks, pendingEvents } from '../db/counts';
import { deviceId } from '../db/device';
import { markLineRefused, markLineSent, pendingAddedLines } from '../db/lines';

export const BATCH = 500;

/** Refusals that sending again will not fix: the item is flagged and the rest goes on. */
const isRefusal = (code: string): boolean => !['offline', 'unauthorized', 'server_error', 'aborted'].includes(code);

export async function pushInventory(
  inventoryId: number,
): Promise<Result<{ sent: number; contacted: boolean }, string>> {
  let sent = 0;
  let contacted = false;
  for (const added of await pendingAddedLines(inventoryId)) {
    const res = await post<LineDto>(`/inventories/${inventoryId}/lines`, added.request);
    contacted ||= res.ok || res.error.code !== 'offline';
    if (res.ok) await markLineSent(inventoryId, added.key, res.value);
    else if (isRefusal(res.error.code)) await markLineRefused(inventoryId, added.key, res.error.message);
    else return res;
  }
  const device = await deviceId();
  for (;;) {
    const batch = (await pendingEvents(inventoryId, BATCH)).filter((e) => e.error === null);
    if (batch.length === 0) break;
    // What this device will still hold once this batch is in: the supervisor sees it per
    // device and is warned before closing while a phone still holds counts.
    const unsent = (await countPending(inventoryId)) - batch.length;
    const unsentAt = new Date().toISOString();
    const body: CountsPushDto = {
      deviceId: device,
      unsent,
      unsentAt,
      events: batch.map((e) => ({
        id: e.id,
        lineKey: e.lineKey,
        qty: e.qty,
        seq: e.seq,
        counter: e.counter,
        at: e.at,
        // A recount's round; older stored events have none (round 0).
        ...(e.round ? { round: e.round } : {}),
      })),
    };
    const res = await apiJson<CountsPushResultDto>('POST', `/inventories/${inventoryId}/counts`, { body });
    contacted ||= res.ok || res.error.code !== 'offline';
    if (res.ok) {
      await markSent(batch.map((e) => e.id));
      sent += batch.length;
      continue;
    }
    if (!isRefusal(res.error.code)) return res;
    // One bad event refuses its batch: find it by sending one at a time, so the others still go.
    for (const [i, e] of batch.entries()) {
      const one = await apiJson<CountsPushResultDto>('POST', `/inventories/${inventoryId}/counts`, {
        body: {
          deviceId: device,
          unsent: unsent + batch.length - 1 - i,
          unsentAt: new Date().toISOString(),
          events: [body.events[i]],
        },
      });
      if (one.ok) {
        await markSent([e.id]);
        sent++;
      } else if (isRefusal(one.error.code)) await markRefused([e.id], one.error.message);
      else return one;
    }
  }
  const checks = await pendingBinChecks(inventoryId);
  if (checks.length > 0) {
    const body: BinChecksPushDto = {
      deviceId: device,
      checks: checks.map((c) => ({ bin: c.bin, empty: c.empty, seq: c.seq, counter: c.counter, at: c.at })),
    };
    const res = await apiJson<BinChecksPushResultDto>('POST', `/inventories/${inventoryId}/bins`, { body });
    contacted ||= res.ok || res.error.code !== 'offline';
    // Bins are a counting aid: once counting is over (not_counting) they no longer matter and leave the outbox.
    if (res.ok || res.error.code === 'not_counting') await markBinChecksSent(checks);
    else if (!isRefusal(res.error.code)) return res;
  }
  return ok({ sent, contacted });
}

export const unsentCount = (inventoryId: number): Promise<number> => countPending(inventoryId);
