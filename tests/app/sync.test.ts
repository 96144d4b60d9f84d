/**
 * The sync code without a browser: the real outbox (sync/outbox.ts), pull (sync/pull.ts),
 * loop (sync/loop.ts) and API client (api/client.ts), against a fake server answering
 * `fetch`. IndexedDB is the other edge: the src/app/db/ functions the sync code calls are
 * replaced by an in-memory outbox with the same meaning (pending, refused, by seq), since
 * Node has no IndexedDB. What is checked is the sync's own decisions: batch sizes, what
 * leaves the outbox and what stays, retries, and pushing before pulling.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CountEventDto, CountsPageDto, CountsPushDto, EmptyBinDto } from '../../src/core/api/dto';
import type { OtherRegister, StoredBinCheck, StoredEvent } from '../../src/app/db/schema';

/** The device's storage, in memory. */
const store = vi.hoisted(() => ({
  events: [] as StoredEvent[],
  binChecks: [] as StoredBinCheck[],
  /** inventory id → status */
  inventories: new Map<number, string>(),
  cursors: new Map<number, number>(),
  folded: [] as CountEventDto[],
  /** inventory id → the empty bins the last pull kept */
  emptyBins: new Map<number, readonly EmptyBinDto[]>(),
  device: 'device-A',
  /** What the next foldPulled throws (a full device), once. */
  foldFails: null as Error | null,
  /** Which foldPulled call (0 the first) throws foldFails; null: the next one. */
  foldFailsAt: null as number | null,
  /** Each foldPulled call: the events it was given and the cursor (null: a slice before a page's last). */
  folds: [] as { events: number; cursor: number | null }[],
  /** Who is logged in (null: nobody, so no claim of the device id is made). */
  session: null as { username: string; role: 'counter'; token: string; expiresAt: string } | null,
  /** Device ids the server confirmed as this phone's user's. */
  confirmed: new Set<string>(),
}));

const mine = (inventoryId: number, deviceId: string) => (e: StoredEvent) =>
  e.inventoryId === inventoryId && e.pending === 1 && e.deviceId === deviceId;
const bySeq = (a: StoredEvent, b: StoredEvent): number => a.seq - b.seq;

vi.mock('../../src/app/db/counts', () => ({
  pendingEvents: async (inventoryId: number, deviceId: string, limit: number) =>
    store.events
      .filter(mine(inventoryId, deviceId))
      .filter((e) => e.error === null)
      .sort(bySeq)
      .slice(0, limit),
  countPendingOf: async (inventoryId: number, deviceId: string) =>
    store.events.filter(mine(inventoryId, deviceId)).length,
  refusedOf: async (inventoryId: number, deviceId: string) =>
    store.events
      .filter(mine(inventoryId, deviceId))
      .filter((e) => e.error !== null)
      .sort(bySeq),
  markSent: async (ids: readonly string[]) => {
    store.events = store.events.map((e) => (ids.includes(e.id) ? { ...e, pending: 0 } : e));
  },
  markRefused: async (ids: readonly string[], error: string) => {
    store.events = store.events.map((e) => (ids.includes(e.id) ? { ...e, error } : e));
  },
  pendingBinChecks: async (inventoryId: number) =>
    store.binChecks.filter((c) => c.inventoryId === inventoryId && c.pending === 1),
  markBinChecksSent: async (checks: readonly StoredBinCheck[]) => {
    store.binChecks = store.binChecks.map((c) =>
      checks.some((s) => s.inventoryId === c.inventoryId && s.bin === c.bin && s.seq === c.seq)
        ? { ...c, pending: 0 }
        : c,
    );
  },
}));
vi.mock('../../src/app/db/lines', () => ({
  pendingAddedLines: async () => [],
  markLineSent: async () => undefined,
  markLineRefused: async () => undefined,
}));
vi.mock('../../src/app/db/device', () => ({
  deviceId: async () => store.device,
  deviceIds: async () => ({ compteur: store.device }),
  loadSession: async () => store.session,
  saveSession: async () => undefined,
  useDeviceOf: async () => undefined,
}));
vi.mock('../../src/app/db/deviceClaim', () => ({
  isConfirmed: async (id: string) => store.confirmed.has(id),
  markConfirmed: async (id: string) => {
    store.confirmed.add(id);
  },
  // As db/deviceClaim.ts: the unsent events of the taken id go under a new id, each with a new event id.
  moveToNewId: async (_username: string, taken: string) => {
    if (store.device !== taken) return store.device;
    store.device = `${taken}-moved`;
    store.events = store.events.map((e) =>
      e.deviceId === taken && e.pending === 1 ? { ...e, id: `${e.id}-moved`, deviceId: store.device } : e,
    );
    return store.device;
  },
}));
vi.mock('../../src/app/db/outbox', () => ({
  storedInventoryIds: async () => [...store.inventories.keys()],
  pendingOf: async (inventoryId: number) => ({
    events: store.events.filter((e) => e.inventoryId === inventoryId && e.pending === 1),
    addedLines: 0,
    binChecks: store.binChecks.filter((c) => c.inventoryId === inventoryId && c.pending === 1).length,
  }),
}));
vi.mock('../../src/app/db/others', () => ({
  pullCursor: async (inventoryId: number) => store.cursors.get(inventoryId) ?? 0,
  foldPulled: async (inventoryId: number, events: readonly CountEventDto[], cursor: number | null) => {
    const call = store.folds.length;
    store.folds.push({ events: events.length, cursor });
    const fails = store.foldFails;
    if (fails && (store.foldFailsAt === null || store.foldFailsAt === call)) {
      store.foldFails = null;
      throw fails;
    }
    store.folded.push(...events);
    if (cursor !== null) store.cursors.set(inventoryId, cursor);
    return events.map((e): OtherRegister => ({
      inventoryId,
      lineKey: e.lineKey,
      deviceId: e.deviceId,
      round: e.round ?? 0,
      qty: e.qty,
      seq: e.seq,
      eventId: e.id,
      counter: e.counter,
      at: e.at,
    }));
  },
  saveEmptyBins: async (inventoryId: number, bins: readonly EmptyBinDto[]) => {
    const same = JSON.stringify(store.emptyBins.get(inventoryId) ?? []) === JSON.stringify(bins);
    store.emptyBins.set(inventoryId, bins);
    return !same;
  },
  pullableInventories: async () =>
    new Set([...store.inventories].filter(([, s]) => s === 'counting' || s === 'closed').map(([id]) => id)),
}));

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body: CountsPushDto | null;
}

/** Answers each request with `answer`; records every request. */
function fakeServer(answer: (call: Call) => Response | 'network-down'): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.replace(/^\/api/, ''),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as CountsPushDto) : null,
    };
    calls.push(call);
    const res = answer(call);
    if (res === 'network-down') throw new TypeError('Failed to fetch');
    return res;
  });
  return calls;
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const refusal = (status: number, code: string): Response => json(status, { error: { code, message: code } });
const accepted = (call: Call): Response => json(200, { accepted: call.body?.events.length ?? 0, duplicates: 0 });

function event(inventoryId: number, seq: number, deviceId = store.device): StoredEvent {
  return {
    id: `${deviceId}-${inventoryId}-${seq}`,
    inventoryId,
    deviceId,
    lineKey: `L${seq % 7}`,
    qty: `${seq}.000`,
    seq,
    at: '2026-05-01T08:00:00.000Z',
    counter: 'compteur',
    pending: 1,
    prevQty: null,
    undone: 0,
    undoOf: null,
    error: null,
  };
}

const pushes = (calls: readonly Call[]) => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/counts'));
const pendingIds = () =>
  store.events
    .filter((e) => e.pending === 1)
    .map((e) => e.seq)
    .sort((a, b) => a - b);

beforeEach(() => {
  store.events = [];
  store.binChecks = [];
  store.inventories = new Map();
  store.cursors = new Map();
  store.folded = [];
  store.emptyBins = new Map();
  store.foldFails = null;
  store.foldFailsAt = null;
  store.folds = [];
  store.session = null;
  store.confirmed = new Set();
  store.device = 'device-A';
  // The loop keeps its backoff and timer in module state: each test starts from a fresh loop.
  vi.resetModules();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the outbox (sync/outbox.ts)', () => {
  it('sends the events in batches of BATCH by seq, each saying what will still be unsent, and empties the outbox', async () => {
    const { pushInventory, BATCH } = await import('../../src/app/sync/outbox');
    store.events = Array.from({ length: 2 * BATCH + 37 }, (_, i) => event(7, i + 1)).reverse();
    const calls = fakeServer(accepted);

    const res = await pushInventory(7);

    expect(res).toEqual({ ok: true, value: { sent: 2 * BATCH + 37, contacted: true } });
    const sent = pushes(calls).map((c) => c.body!);
    expect(sent.map((b) => b.events.length)).toEqual([BATCH, BATCH, 37]);
    expect(sent.map((b) => b.unsent)).toEqual([BATCH + 37, 37, 0]);
    expect(sent[0]!.events[0]!.seq).toBe(1);
    expect(sent.flatMap((b) => b.events.map((e) => e.seq))).toEqual(
      Array.from({ length: 2 * BATCH + 37 }, (_, i) => i + 1),
    );
    expect(sent.every((b) => b.deviceId === store.device && b.refused === 0)).toBe(true);
    expect(pendingIds()).toEqual([]);
  });

  it('pushes only the logged-in user’s device id: another user’s events wait on the phone', async () => {
    const { pushInventory } = await import('../../src/app/sync/outbox');
    store.events = [event(7, 1), event(7, 2, 'device-B'), event(7, 3)];
    const calls = fakeServer(accepted);

    await pushInventory(7);

    expect(pushes(calls).flatMap((c) => c.body!.events.map((e) => e.seq))).toEqual([1, 3]);
    expect(pendingIds()).toEqual([2]);
  });

  it('halves the batch on 413 until the way to the server takes it, and sends every event once', async () => {
    const { pushInventory, BATCH } = await import('../../src/app/sync/outbox');
    store.events = Array.from({ length: BATCH }, (_, i) => event(7, i + 1));
    // A proxy in front of the server takes at most 200 events a body.
    const calls = fakeServer((c) =>
      (c.body?.events.length ?? 0) > 200 ? new Response('too big', { status: 413 }) : accepted(c),
    );

    const res = await pushInventory(7);

    expect(res.ok).toBe(true);
    expect(pushes(calls).map((c) => c.body!.events.length)).toEqual([500, 250, 125, 125, 125, 125]);
    const delivered = pushes(calls)
      .filter((c) => c.body!.events.length <= 200)
      .flatMap((c) => c.body!.events.map((e) => e.seq));
    expect(delivered).toEqual(Array.from({ length: BATCH }, (_, i) => i + 1));
    expect(pendingIds()).toEqual([]);
  });

  it('finds the one event the server refuses for good: the others go, it stays refused, and the server is told', async () => {
    const { pushInventory } = await import('../../src/app/sync/outbox');
    store.events = [1, 2, 3, 4].map((s) => event(7, s));
    const calls = fakeServer((c) =>
      c.body?.events.some((e) => e.seq === 3) ? refusal(422, 'unknown_line') : accepted(c),
    );

    const res = await pushInventory(7);

    expect(res).toEqual({ ok: true, value: { sent: 3, contacted: true } });
    // The batch, then one at a time, then an empty push reporting the refusal.
    expect(pushes(calls).map((c) => c.body!.events.map((e) => e.seq))).toEqual([[1, 2, 3, 4], [1], [2], [3], [4], []]);
    expect(pushes(calls).at(-1)!.body).toMatchObject({ unsent: 1, refused: 1, refusedReason: 'unknown_line' });
    expect(pendingIds()).toEqual([3]);
    expect(store.events.find((e) => e.seq === 3)!.error).toBe('unknown_line');
  });

  it('keeps every event pending when the answer may change (503, 429, 500, a proxy page, no network)', async () => {
    const { pushInventory } = await import('../../src/app/sync/outbox');
    const answers: (() => Response | 'network-down')[] = [
      () => refusal(503, 'unavailable'),
      () => refusal(429, 'too_many_requests'),
      () => refusal(500, 'internal'),
      () => new Response('<html>Bad gateway</html>', { status: 400 }),
      () => 'network-down',
    ];
    for (const answer of answers) {
      store.events = [1, 2, 3].map((s) => event(7, s));
      const calls = fakeServer(answer);
      const res = await pushInventory(7);
      expect(res.ok).toBe(false);
      // Tried once, not one at a time: nothing here says an event is wrong.
      expect(pushes(calls)).toHaveLength(1);
      expect(pendingIds()).toEqual([1, 2, 3]);
      expect(store.events.every((e) => e.error === null)).toBe(true);
    }
  });

  it('sends the bin checks after the counts, and drops them once counting is over', async () => {
    const { pushInventory } = await import('../../src/app/sync/outbox');
    store.events = [event(7, 1)];
    store.binChecks = [{ inventoryId: 7, bin: 'A-01', empty: true, seq: 1, counter: 'compteur', at: 'x', pending: 1 }];
    const calls = fakeServer((c) => (c.path.endsWith('/bins') ? refusal(409, 'not_counting') : accepted(c)));

    await pushInventory(7);

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /inventories/7/counts',
      'POST /inventories/7/bins',
    ]);
    expect(store.binChecks[0]!.pending).toBe(0);
  });
});

describe('a device id another user holds (sync/claim.ts, sync/outbox.ts)', () => {
  const taken = (c: Call, id: string): Response | null =>
    c.body?.deviceId === id ? refusal(403, 'device_taken') : null;
  const claims = (calls: readonly Call[]) =>
    calls.filter((c) => c.path === '/devices/claim').map((c) => `${c.body!.deviceId}`);

  it('a push told the id is taken: the events move to a new id, which is claimed, and go once, none refused', async () => {
    const { pushInventory } = await import('../../src/app/sync/outbox');
    store.session = { username: 'compteur', role: 'counter', token: 't', expiresAt: 'x' };
    store.events = [1, 2, 3].map((s) => event(7, s));
    // One bad event in the batch too: found one at a time under the new id, and only it is refused.
    const calls = fakeServer((c) => {
      if (c.path === '/devices/claim')
        return c.body?.deviceId === 'device-A' ? refusal(403, 'device_taken') : new Response(null, { status: 204 });
      return (
        taken(c, 'device-A') ?? (c.body?.events.some((e) => e.seq === 2) ? refusal(400, 'unknown_line') : accepted(c))
      );
    });

    const res = await pushInventory(7);

    expect(res).toEqual({ ok: true, value: { sent: 2, contacted: true } });
    expect(claims(calls)).toEqual(['device-A-moved']);
    expect(store.confirmed).toEqual(new Set(['device-A-moved']));
    const stored = pushes(calls).filter((c) => c.body!.deviceId === 'device-A-moved' && c.body!.events.length === 1);
    expect(stored.map((c) => c.body!.events[0]!.id)).toEqual([
      'device-A-7-1-moved',
      'device-A-7-2-moved',
      'device-A-7-3-moved',
    ]);
    expect(pendingIds()).toEqual([2]);
    // Refused for what it carries, not for the id: nothing was refused as "device taken".
    expect(store.events.map((e) => e.error)).toEqual([null, 'unknown_line', null]);
  });

  it('the sync claims an id not confirmed yet before pushing; told it is taken, moves, and pushes under the new id', async () => {
    const { requestSync } = await import('../../src/app/sync/loop');
    const status = await import('../../src/app/sync/status');
    store.session = { username: 'compteur', role: 'counter', token: 't', expiresAt: 'x' };
    store.inventories = new Map([[7, 'applied']]);
    store.events = [event(7, 1), event(7, 2)];
    const calls = fakeServer((c) => {
      if (c.path === '/devices/claim')
        return c.body?.deviceId === 'device-A' ? refusal(403, 'device_taken') : new Response(null, { status: 204 });
      return taken(c, 'device-A') ?? accepted(c);
    });

    await requestSync();

    expect(calls.map((c) => `${c.method} ${c.path} ${c.body?.deviceId}`)).toEqual([
      'POST /devices/claim device-A',
      'POST /devices/claim device-A-moved',
      'POST /inventories/7/counts device-A-moved',
    ]);
    expect(pendingIds()).toEqual([]);
    expect(status.syncProblem.value).toBeNull();
    // Confirmed: the next sync claims nothing.
    await requestSync();
    expect(claims(calls)).toHaveLength(2);
  });
});

describe('the sync loop (sync/loop.ts)', () => {
  const page = (events: CountEventDto[], cursor: number, more: boolean, emptyBins: EmptyBinDto[] = []): Response =>
    json(200, { events, cursor, more, emptyBins } satisfies CountsPageDto);
  const other = (seq: number): CountEventDto => ({ ...event(7, seq, 'device-B'), cursor: seq, late: false });

  it('pushes an inventory before pulling it, pulls page after page, and skips the pull of an applied one', async () => {
    const { requestSync } = await import('../../src/app/sync/loop');
    const status = await import('../../src/app/sync/status');
    store.inventories = new Map([
      [7, 'counting'],
      [8, 'applied'],
    ]);
    store.events = [event(7, 1), event(8, 1)];
    const calls = fakeServer((c) => {
      if (c.method === 'POST') return accepted(c);
      const after = Number(new URLSearchParams(c.path.split('?')[1]).get('after'));
      return after === 0 ? page([other(1), other(2)], 2, true) : page([other(3)], 3, false);
    });

    await requestSync();

    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'POST /inventories/7/counts',
      'GET /inventories/7/counts',
      'GET /inventories/7/counts',
      'POST /inventories/8/counts',
    ]);
    // The second page starts where the first ended, and says who is asking.
    const query = new URLSearchParams(calls[2]!.path.split('?')[1]);
    expect(query.get('after')).toBe('2');
    expect(query.get('deviceId')).toBe(store.device);
    expect(store.folded.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(store.cursors.get(7)).toBe(3);
    expect(pendingIds()).toEqual([]);
    expect(status.online.value).toBe(true);
    expect(status.unsent.value).toBe(0);
    expect(status.lastSyncAt.value).not.toBeNull();
  });

  it('keeps the bins the devices hold empty, and tells its listeners only when the list changed', async () => {
    const { pullInventory, onEmptyBinsPulled } = await import('../../src/app/sync/pull');
    const heard: (readonly EmptyBinDto[])[] = [];
    onEmptyBinsPulled((inventoryId, bins) => inventoryId === 7 && heard.push(bins));
    let empties: EmptyBinDto[] = [{ bin: 'A-01', deviceId: 'device-B', counter: 'marie' }];
    fakeServer((c) => {
      const after = Number(new URLSearchParams(c.path.split('?')[1]).get('after'));
      return after === 0 ? page([other(1)], 1, true, empties) : page([], after, false, empties);
    });

    await pullInventory(7);
    expect(store.emptyBins.get(7)).toEqual(empties);
    expect(heard).toEqual([empties]);
    // The same list again: nothing to tell. Then device B takes its "empty" back.
    await pullInventory(7);
    expect(heard).toHaveLength(1);
    empties = [];
    await pullInventory(7);
    expect(store.emptyBins.get(7)).toEqual([]);
    expect(heard).toEqual([[{ bin: 'A-01', deviceId: 'device-B', counter: 'marie' }], []]);
  });

  it('answers quota_exceeded, never a throw, when the device is too full to keep what it pulled', async () => {
    const { pullInventory } = await import('../../src/app/sync/pull');
    fakeServer(() => page([other(1)], 1, false));
    // As Dexie reports a write refused for want of space: AbortError wrapping QuotaExceededError.
    store.foldFails = Object.assign(new Error('QuotaExceededError'), {
      name: 'AbortError',
      inner: { name: 'QuotaExceededError', message: '' },
    });

    const full = await pullInventory(7);
    expect(full.ok ? 'ok' : full.error.code).toBe('quota_exceeded');
    expect(store.cursors.get(7)).toBeUndefined();
    // With room again, the same pull goes through (nothing stuck in flight).
    const again = await pullInventory(7);
    expect(again.ok).toBe(true);
    expect(store.cursors.get(7)).toBe(1);
  });

  it('folds a big page in slices, the cursor moved with the last; a slice refused leaves the cursor, the ones kept told', async () => {
    const { pullInventory, onPulled } = await import('../../src/app/sync/pull');
    const heard: number[] = [];
    onPulled((inventoryId, moved) => inventoryId === 7 && heard.push(moved.length));
    const events = Array.from({ length: 450 }, (_, i) => other(i + 1));
    fakeServer(() => page(events, 450, false));

    // The second slice refused (a full device): the first is kept and told, the cursor stays.
    store.foldFails = Object.assign(new Error('QuotaExceededError'), {
      name: 'AbortError',
      inner: { name: 'QuotaExceededError', message: '' },
    });
    store.foldFailsAt = 1;
    const full = await pullInventory(7);
    expect(full.ok ? 'ok' : full.error.code).toBe('quota_exceeded');
    expect(heard).toEqual([200]);
    expect(store.cursors.get(7)).toBeUndefined();

    // Pulled again from the same cursor: the whole page, in slices of 200, the cursor with the last.
    store.folds = [];
    heard.length = 0;
    const again = await pullInventory(7);
    expect(again.ok ? again.value.changed : again.error.code).toBe(450);
    expect(store.folds).toEqual([
      { events: 200, cursor: null },
      { events: 200, cursor: null },
      { events: 50, cursor: 450 },
    ]);
    // Told once for the page (each hearing redraws the count).
    expect(heard).toEqual([450]);
    expect(store.cursors.get(7)).toBe(450);
  });

  it('stops at the first unreachable push: no pull, nothing else sent, offline, the counts still unsent', async () => {
    const { requestSync } = await import('../../src/app/sync/loop');
    const status = await import('../../src/app/sync/status');
    store.inventories = new Map([
      [7, 'counting'],
      [8, 'counting'],
    ]);
    store.events = [event(7, 1), event(8, 1)];
    const calls = fakeServer(() => 'network-down');

    await requestSync();

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /inventories/7/counts']);
    expect(status.online.value).toBe(false);
    expect(status.unsent.value).toBe(2);
    expect(status.syncProblem.value).toBeNull();
  });

  it('pushes a burst of counts once the counter pauses, and every few seconds while it does not; the badge ends at 0', async () => {
    const { countedUnsent, pushSoon } = await import('../../src/app/sync/loop');
    const status = await import('../../src/app/sync/status');
    store.inventories = new Map([[7, 'applied']]);
    const calls = fakeServer(accepted);
    let seq = 0;
    // As afterWrite.ts: the count is in the outbox, the badge counts it, the push is asked for.
    const count = (): void => {
      store.events.push(event(7, ++seq));
      countedUnsent();
      pushSoon();
    };
    const sentSeqs = () => pushes(calls).flatMap((c) => c.body!.events.map((e) => e.seq));

    // Three quick scans: none pushed while they come, all three in one push after the pause.
    for (let i = 0; i < 3; i++) {
      count();
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(pushes(calls)).toHaveLength(0);
    expect(status.unsent.value).toBe(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pushes(calls)).toHaveLength(1);
    expect(sentSeqs()).toEqual([1, 2, 3]);
    expect(status.unsent.value).toBe(0);

    // A scan every 400 ms for 10 s: pushed all along (not held until the counter stops), each count once.
    for (let i = 0; i < 25; i++) {
      count();
      await vi.advanceTimersByTimeAsync(400);
    }
    expect(pushes(calls).length).toBeGreaterThanOrEqual(3);
    expect(sentSeqs().at(-1)).toBeGreaterThan(seq - 12);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentSeqs()).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
    expect(pendingIds()).toEqual([]);
    expect(status.unsent.value).toBe(0);
  });

  it('waits for Retry-After before the next push, then sends', async () => {
    const { requestSync } = await import('../../src/app/sync/loop');
    store.inventories = new Map([[7, 'applied']]);
    store.events = [event(7, 1)];
    let busy = true;
    const calls = fakeServer((c) =>
      busy ? new Response('', { status: 503, headers: { 'Retry-After': '120' } }) : accepted(c),
    );

    await requestSync();
    busy = false;
    // A count made a moment later asks for a push: the server said to come back in 120 s.
    await requestSync();
    expect(pushes(calls)).toHaveLength(1);
    expect(pendingIds()).toEqual([1]);

    vi.setSystemTime(Date.now() + 121_000);
    await requestSync();
    expect(pushes(calls)).toHaveLength(2);
    expect(pendingIds()).toEqual([]);
  });
});

describe('pushing again when the way to the server is back (sync/loop.ts)', () => {
  it('pushes at once when another call is answered after the server could not be reached', async () => {
    const { requestSync, watchAnswers } = await import('../../src/app/sync/loop');
    const { call } = await import('../../src/app/api/client');
    watchAnswers();
    store.inventories = new Map([[7, 'applied']]);
    store.events = [event(7, 1)];
    let down = true;
    const calls = fakeServer((c) => (down ? 'network-down' : c.method === 'POST' ? accepted(c) : json(200, {})));

    await requestSync();
    expect(pushes(calls)).toHaveLength(1);
    expect(pendingIds()).toEqual([1]);

    // The network is back and a screen's call gets its answer: no timer runs, the push goes.
    down = false;
    await call('listInventories');
    await vi.waitFor(() => expect(pendingIds()).toEqual([]));
    expect(pushes(calls)).toHaveLength(2);
  });

  it('keeps the backoff after a server failure, whatever other calls are answered', async () => {
    const { requestSync, watchAnswers } = await import('../../src/app/sync/loop');
    const { call } = await import('../../src/app/api/client');
    watchAnswers();
    store.inventories = new Map([[7, 'applied']]);
    store.events = [event(7, 1)];
    const calls = fakeServer((c) => (c.method === 'POST' ? refusal(500, 'internal') : json(200, {})));

    await requestSync();
    await call('listInventories');
    await Promise.resolve();
    expect(pushes(calls)).toHaveLength(1);
    expect(pendingIds()).toEqual([1]);
  });
});
