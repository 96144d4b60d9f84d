/**
 * Pushes what this device recorded to the server: lines added with "Ajouter réf." first
 * (counts refer to them), then count events in batches, then bin checks. An item leaves
 * the outbox only once the server acknowledged it; pushing the same events again is
 * harmless (the server keeps one event per id). Whether an answer refuses an event for
 * good is read from the answer itself (client.ts `isDefinitive`): a 5xx, a 429, a 413, a
 * proxy's page or a cut answer leaves every event pending, to be sent again with backoff;
 * only the server's refusal of the event's content marks it refused, kept and shown with
 * the reason, to be resent or discarded by hand. Only the logged-in user's device id is
 * pushed: the counts another user made on this phone wait for that user (device.ts). When
 * the server says the id is another user's (403 `device_taken`), the user's unsent counts
 * move to a new id (sync/claim.ts) and the push starts again under it, once.
 */
import type { BinChecksPushDto, CountsPushDto, CountsPushResultDto } from '../../core/api/dto';
import { ok, type Result } from '../../core/errors';
import { call, isDefinitive, type ApiResult } from '../api/client';
import {
  countPendingOf,
  markBinChecksSent,
  markRefused,
  markSent,
  pendingBinChecks,
  pendingEvents,
  refusedOf,
} from '../db/counts';
import { deviceId } from '../db/device';
import { markLineRefused, markLineSent, pendingAddedLines } from '../db/lines';
import type { StoredEvent } from '../db/schema';
import { takeNewId } from './claim';

export const BATCH = 500;

type Pushed = Result<{ sent: number; contacted: boolean }, string>;

export async function pushInventory(inventoryId: number): Promise<Pushed> {
  const device = await deviceId();
  const first = await pushAs(inventoryId, device);
  if (first.ok || first.error.code !== 'device_taken') return first;
  const moved = await takeNewId(device);
  return moved.ok ? pushAs(inventoryId, moved.value) : moved;
}

/** The server's "this id is another user's": never a refusal of the events, which go under a new id. */
const taken = (res: ApiResult<unknown>): boolean => !res.ok && res.error.code === 'device_taken';

async function pushAs(inventoryId: number, device: string): Promise<Pushed> {
  let sent = 0;
  let contacted = false;
  const reached = (res: ApiResult<unknown>): void => {
    contacted ||= res.ok || res.error.code !== 'offline';
  };
  for (const added of await pendingAddedLines(inventoryId)) {
    const res = await call('addLine', { params: { id: inventoryId }, body: added.request });
    reached(res);
    if (res.ok) await markLineSent(inventoryId, added.key, res.value);
    else if (isDefinitive(res.error)) await markLineRefused(inventoryId, added.key, res.error.message);
    else return res;
  }
  const refusedBefore = (await refusedOf(inventoryId, device)).length;
  // A body too large for the way to the server (413) is sent again in smaller batches.
  let size = BATCH;
  for (;;) {
    const batch = await pendingEvents(inventoryId, device, size);
    if (batch.length === 0) break;
    const res = await send(inventoryId, device, batch, await unsentAfter(inventoryId, device, batch.length));
    reached(res);
    if (res.ok) {
      await markSent(batch.map((e) => e.id));
      sent += batch.length;
      continue;
    }
    if (taken(res)) return res;
    if (res.error.details?.status === 413 && size > 1) {
      size = Math.max(1, Math.floor(batch.length / 2));
      continue;
    }
    if (!isDefinitive(res.error)) return res;
    // One bad event refuses its batch: find it by sending one at a time, so the others still go.
    for (const e of batch) {
      const one = await send(inventoryId, device, [e], await unsentAfter(inventoryId, device, 1));
      if (one.ok) {
        await markSent([e.id]);
        sent++;
      } else if (taken(one)) return one;
      else if (isDefinitive(one.error)) await markRefused([e.id], one.error.message);
      else return one;
    }
  }
  const refused = await refusedOf(inventoryId, device);
  // A refusal is told to the server too (an empty push), so the supervisor sees it per device.
  if (refused.length !== refusedBefore) {
    const res = await send(inventoryId, device, [], await unsentAfter(inventoryId, device, 0));
    reached(res);
    if (!res.ok && (taken(res) || !isDefinitive(res.error))) return res;
  }
  const checks = await pendingBinChecks(inventoryId);
  if (checks.length > 0) {
    const body: BinChecksPushDto = {
      deviceId: device,
      checks: checks.map((c) => ({ bin: c.bin, empty: c.empty, seq: c.seq, counter: c.counter, at: c.at })),
    };
    const res = await call('pushBinChecks', { params: { id: inventoryId }, body });
    reached(res);
    if (!res.ok && res.error.code === 'device_taken') return res;
    // Bins are a counting aid: once counting is over (not_counting) they no longer matter and leave the outbox.
    if (res.ok || res.error.code === 'not_counting' || isDefinitive(res.error)) await markBinChecksSent(checks);
    else return res;
  }
  return ok({ sent, contacted });
}

/**
 * What this device will still hold once `sending` more are in, and what it holds refused:
 * the supervisor sees both per device and is warned before closing while a phone holds counts.
 */
async function unsentAfter(inventoryId: number, device: string, sending: number): Promise<Report> {
  const [pending, refused] = await Promise.all([countPendingOf(inventoryId, device), refusedOf(inventoryId, device)]);
  const last = refused.at(-1);
  return {
    unsent: Math.max(0, pending - sending),
    refused: refused.length,
    ...(last?.error ? { refusedReason: last.error.slice(0, 300) } : {}),
  };
}

interface Report {
  readonly unsent: number;
  readonly refused: number;
  readonly refusedReason?: string;
}

const send = (
  inventoryId: number,
  device: string,
  events: readonly StoredEvent[],
  report: Report,
): Promise<ApiResult<CountsPushResultDto>> => {
  const body: CountsPushDto = {
    deviceId: device,
    ...report,
    unsentAt: new Date().toISOString(),
    events: events.map((e) => ({
      id: e.id,
      lineKey: e.lineKey,
      qty: e.qty,
      seq: e.seq,
      at: e.at,
      // A recount's round; older stored events have none (round 0).
      ...(e.round ? { round: e.round } : {}),
    })),
  };
  return call('pushCounts', { params: { id: inventoryId }, body });
};
