/**
 * The HTTP API contract shared by the app, the server and outside clients: JSON shapes
 * and their conversion to and from domain types. Quantities and money travel as
 * canonical decimal strings ("12.500", "3.1400") so no float ever creeps in.
 */
import type { CountEvent, DevicePart } from '../counting';
import type { Inventory, InventoryKind, UncountedPolicy } from '../inventory';
import type { InventoryLine, Pack, StockLine } from '../line';
import type { LineKey } from '../lineKey';
import { formatMoney, money } from '../money';
import { formatQty, qty } from '../quantity';
import { needsReview, type Recap, type RecapLine, type RecapTotals, type UnitTotals } from '../recap';

/** What each role may do beyond its name (an admin is a supervisor too): see roles.ts. */
export type Role = 'counter' | 'supervisor' | 'accountant' | 'admin';
export const ROLES: readonly Role[] = ['counter', 'supervisor', 'accountant', 'admin'];

/**
 * The JSON shape of a domain type: exact numbers (branded bigints) become canonical
 * decimal strings, line keys plain strings, everything else stays as it is. Deriving the DTOs keeps them from
 * drifting away from the domain types.
 */
export type Wire<T> = {
  readonly [K in keyof T]: T[K] extends bigint ? string : T[K] extends LineKey ? string : T[K];
};

export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export interface SessionDto {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: { readonly username: string; readonly role: Role };
}

export interface LocationDto {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly frozenBy: number | null;
}

export type StockLineDto = Wire<StockLine>;

/** An inventory has no bigint field: its JSON shape is the domain type itself. */
export type InventoryDto = Inventory;

export interface InventoryDetailDto extends InventoryDto {
  /** Counted blind: counters see no expected quantity and no other device's quantity (not `showExpected`). */
  readonly blind: boolean;
  readonly lineCount: number;
  readonly countedLines: number;
  readonly devices: readonly {
    readonly deviceId: string;
    readonly counter: string;
    readonly lastEventAt: string;
    readonly events: number;
  }[];
  readonly exports: { readonly before: ExportInfoDto | null; readonly after: ExportInfoDto | null };
}

export interface ExportInfoDto {
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

export interface LineDto {
  readonly key: string;
  readonly itemRef: string;
  readonly designation: string;
  readonly kind: InventoryKind;
  readonly supplier: string | null;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly barcodes: readonly string[];
  /**
   * The barcodes among `barcodes` that name a pack (a carton of 12), with its quantity as a
   * decimal string; absent or empty when every barcode is one unit (older servers send none).
   */
  readonly packs?: readonly PackDto[];
  readonly unit: string;
  /** null for a counter on a blind count: the server does not send what it should not see. */
  readonly expectedQty: string | null;
  /** null for a counter: what stock is worth is for supervisors and accountants. */
  /**
   * Whether quantities take decimals, sent only when the item says otherwise than its unit
   * (an ERP's "pcs" sold by the metre); absent: the unit's rule (core/line.ts).
   */
  readonly decimals?: boolean;
  readonly unitCost: string | null;
  readonly added: boolean;
  /**
   * true: a reference added during the count without its unit cost (`unitCost` is then
   * "0.0000" until a supervisor values it, PUT /inventories/:id/line-cost). Sent only when
   * true, like `decimals`; absent: the cost is known.
   */
  readonly costMissing?: boolean;
}

/**
 * A chunk of lines as columns (GET /inventories/:id/lines/columns): one array per field
 * of LineDto, the i-th line's value at index i of each — the layout the app stores each
 * chunk in (app/db/chunkColumns.ts), so the phone stores the text as it arrives. Every
 * field of LineDto is here, the optional ones too (a field added to LineDto and not here
 * fails the typecheck instead of vanishing on the device): `packs`, `decimals` and
 * `costMissing` null where a line has none, `added` 0 or 1.
 */
export type LineColumnsDto = {
  readonly [K in keyof LineDto]-?: K extends 'packs'
    ? readonly (readonly PackDto[] | null)[]
    : K extends 'added'
      ? readonly (0 | 1)[]
      : K extends 'decimals' | 'costMissing'
        ? readonly (boolean | null)[]
        : readonly LineDto[K][];
};

export interface PackDto {
  readonly code: string;
  readonly qty: string;
}

export interface CountEventDto {
  readonly id: string;
  readonly lineKey: string;
  readonly deviceId: string;
  /** null: the device withdrew its count of the line (see counting.ts), or the quantity is `withheld`. */
  readonly qty: string | null;
  /**
   * true: the device counted the line but the quantity is not for this reader (a counter
   * on a blind count, core/roles.ts countsBlind); `qty` is then null. Absent otherwise.
   */
  readonly withheld?: boolean;
  readonly seq: number;
  readonly counter: string;
  readonly at: string;
  /** Server order, the pull cursor. */
  readonly cursor: number;
  readonly late: boolean;
  /**
   * The count round (0: the first count; n: the n-th recount of the line, see RecountDto).
   * Always sent by the server; absent only in events stored by older app versions (= 0).
   */
  readonly round?: number;
}

/**
 * A count event as a device sends it; `qty` may be a JSON number or a decimal string, or
 * null to withdraw the device's count of the line (the line is no longer counted by it).
 */
export interface CountEventInputDto {
  readonly id: string;
  readonly lineKey: string;
  readonly qty: number | string | null;
  /** The device's own order of its events (1 … 2^31-1): the highest of a line wins. */
  readonly seq: number;
  /**
   * Ignored: the server records the logged-in user as the counter. Kept optional so an
   * app of an earlier version, which sends it, is not refused.
   */
  readonly counter?: string;
  readonly at: string;
  /** The count round the event belongs to (absent = 0); a round above 0 needs a recount of the line. */
  readonly round?: number;
}

/** POST /devices/claim: this device id is the logged-in user's from now on, on every inventory. */
export interface DeviceClaimDto {
  readonly deviceId: string;
}

export interface CountsPushDto {
  readonly deviceId: string;
  readonly events: readonly CountEventInputDto[];
  /**
   * How many events the device still holds unsent AFTER this batch (0 when it sent all).
   * The supervisor sees it, and closing warns while a device still holds some.
   */
  readonly unsent?: number;
  /**
   * When the device counted `unsent` (its clock, ISO-8601). Two pushes can arrive out of
   * order; the server keeps the newer report. Absent: the report is taken as it arrives.
   */
  readonly unsentAt?: string;
  /** How many of its events the server refused for good and the device keeps apart (shown to the supervisor). */
  readonly refused?: number;
  /** The last refusal's reason, as the server gave it. */
  readonly refusedReason?: string;
}

export interface CountsPushResultDto {
  readonly accepted: number;
  readonly duplicates: number;
  readonly late: number;
}

/**
 * A device taking part in an inventory (GET /inventories/:id/devices, supervisor and
 * accountant): its counter (last seen), its last push or pull, what it still holds unsent
 * (as it last reported), and the events the server has from it (late ones apart).
 */
export interface DeviceStatusDto {
  readonly deviceId: string;
  readonly counter: string;
  /** ISO-8601 server time of the device's last push or pull (`GET /counts?deviceId=`). */
  readonly lastContactAt: string;
  readonly unsent: number;
  /** Events the server refused and the device keeps apart, to resend or discard by hand (as it last reported). */
  readonly refused: number;
  readonly refusedReason: string | null;
  readonly events: number;
  readonly lateEvents: number;
}

/** POST /inventories/:id/close. */
export interface CloseInventoryDto {
  readonly uncountedPolicy?: UncountedPolicy;
  /**
   * Close even though some device reported unsent events. Without it such a close is a
   * 409 `devices_hold_unsent` whose `details` is DevicesHoldUnsentDetails; nothing changes.
   */
  readonly force?: boolean;
}

export interface DevicesHoldUnsentDetails {
  /** Only the devices whose last reported `unsent` is above 0. */
  readonly devices: readonly DeviceStatusDto[];
}

/**
 * When a line's difference suggests a recount: |difference| ≥ qtyPercent % of the
 * expected quantity (any difference when nothing was expected), or |difference value| ≥
 * value. Decimal strings ("5", "2.5"; money "100.0000"); null: that test is off.
 */
export interface RecountThresholdDto {
  readonly qtyPercent: string | null;
  readonly value: string | null;
}

/** POST /inventories (supervisor). */
export interface CreateInventoryDto {
  readonly name: string;
  readonly locationId: number;
  readonly kind: InventoryKind;
  readonly showExpected?: boolean;
  readonly recountThreshold?: RecountThresholdDto;
}

/** PATCH /inventories/:id (supervisor, while counting or closed) → InventoryDto. */
export interface PatchInventoryDto {
  readonly recountThreshold?: RecountThresholdDto;
}

/**
 * PUT /inventories/:id/line-cost (supervisor, while counting or closed): the unit cost of
 * a new reference added during the count (a decimal string or number); clears its
 * `costMissing` mark. → the line (LineDto).
 */
export interface LineCostDto {
  readonly lineKey: string;
  readonly unitCost: number | string;
}

/**
 * POST /inventories/:id/apply. Without `confirmZeroCost`, an inventory with lines still
 * to be valued (`costMissing`) is a 409 `unvalued_lines` whose details list their keys;
 * with it, the supervisor confirmed they are worth 0 € and the apply goes on.
 */
export interface ApplyInventoryDto {
  readonly confirmZeroCost?: boolean;
}

/** POST /inventories/:id/recounts (supervisor): one line, or every line of a bin. */
export type RecountRequestDto = { readonly lineKey: string } | { readonly bin: string };

/**
 * A recount: a new count ROUND for a line (or for every line of a bin). The line's counted
 * quantity becomes what is counted in its highest round that has a count; earlier rounds
 * stay in the log. Blind: it carries no expected or counted quantity, so counters see it.
 * GET /inventories/:id/recounts (all roles) → RecountDto[] in request order.
 */
export interface RecountDto {
  readonly id: number;
  readonly lineKey: string | null;
  readonly bin: string | null;
  /** The round to count in (events carry it as `round`). */
  readonly round: number;
  readonly reason: 'manual' | 'threshold';
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** Who counted it in the previous round: the recount goes preferably to someone else. */
  readonly avoidCounters: readonly string[];
  /** done: the line (every line of the bin) has a count in this round or a later one. */
  readonly status: 'open' | 'done';
}

/** A device says a bin is empty (its latest "bin empty" check; taken back, it is gone). */
export interface EmptyBinDto {
  readonly bin: string;
  readonly deviceId: string;
  /** Who pushed the check (the logged-in user, not a name the device chose). */
  readonly counter: string;
}

export interface CountsPageDto {
  readonly events: readonly CountEventDto[];
  readonly cursor: number;
  readonly more: boolean;
  /**
   * Every bin some device currently says is empty, on every page (a small table read by
   * its key: one row per bin × device), so each phone's checklist shows the team's checks.
   */
  readonly emptyBins: readonly EmptyBinDto[];
}

export type DevicePartDto = Wire<DevicePart>;

export type RecapLineDto = Wire<Omit<RecapLine, 'devices'>> & { readonly devices: readonly DevicePartDto[] };

export type UnitTotalsDto = Wire<UnitTotals>;

export type RecapTotalsDto = Wire<Omit<RecapTotals, 'byUnit'>> & { readonly byUnit: readonly UnitTotalsDto[] };

export interface RecapDto {
  readonly uncountedPolicy: UncountedPolicy;
  readonly lines: readonly RecapLineDto[];
  /**
   * The uncounted lines, in recap order: all of them, or the first `?uncounted=N` when
   * the caller asked for fewer (`totals.uncountedLines` always tells how many there are).
   */
  readonly uncounted: readonly RecapLineDto[];
  readonly totals: RecapTotalsDto;
}

export const lineToDto = ({ packs, ...l }: InventoryLine): LineDto => ({
  ...l,
  ...(packs ? { packs: packs.map((p) => ({ code: p.code, qty: formatQty(p.qty) })) } : {}),
  expectedQty: formatQty(l.expectedQty),
  unitCost: formatMoney(l.unitCost),
});

/**
 * Trusts its input (it comes from our own server); bad text throws, which is a bug, not
 * user input. A blind line (no expected quantity) is not a whole snapshot line: callers
 * that get blind lines keep them as DTOs.
 */
export const lineFromDto = ({ packs, ...l }: LineDto): InventoryLine => {
  if (l.expectedQty === null) throw new Error(`line ${l.key} is blind (no expected quantity)`);
  if (l.unitCost === null) throw new Error(`line ${l.key} came without its unit cost (a counter's copy)`);
  return {
    ...l,
    ...(packs ? { packs: packs.map(packFromDto) } : {}),
    key: l.key as LineKey,
    expectedQty: qty(decimalToScaled(l.expectedQty, 3)),
    unitCost: money(decimalToScaled(l.unitCost, 4)),
  };
};

export const devicePartToDto = (d: DevicePart): DevicePartDto => ({ ...d, qty: formatQty(d.qty) });

export const recapLineToDto = (l: RecapLine): RecapLineDto => ({
  ...l,
  expected: formatQty(l.expected),
  counted: formatQty(l.counted),
  difference: formatQty(l.difference),
  unitCost: formatMoney(l.unitCost),
  differenceValue: formatMoney(l.differenceValue),
  devices: l.devices.map(devicePartToDto),
});

export const recapTotalsToDto = (t: RecapTotals): RecapTotalsDto => ({
  ...t,
  expected: formatQty(t.expected),
  counted: formatQty(t.counted),
  difference: formatQty(t.difference),
  expectedValue: formatMoney(t.expectedValue),
  countedValue: formatMoney(t.countedValue),
  differenceValue: formatMoney(t.differenceValue),
  gainValue: formatMoney(t.gainValue),
  lossValue: formatMoney(t.lossValue),
  byUnit: t.byUnit.map((u) => ({
    ...u,
    expected: formatQty(u.expected),
    counted: formatQty(u.counted),
    difference: formatQty(u.difference),
  })),
});

/** What of a recap's lines is sent (the totals always count every line). */
export interface RecapListing {
  /** The first this many uncounted lines; all of them when absent. */
  readonly uncounted?: number;
  /** `changed`: only the counted lines the recap screen and Confirmer show (core's `needsReview`). */
  readonly lines?: 'all' | 'changed';
}

/**
 * `uncounted` caps the uncounted lines sent: at 250,000 lines nearly all of them are
 * uncounted, ~100 MB of JSON that a phone would parse to show 500 rows. `lines: 'changed'`
 * leaves out the counted lines found as expected: the close's answer parsed in the page
 * was the longest task of a 250,000-line inventory on a phone.
 */
export const recapToDto = (r: Recap, options: RecapListing = {}): RecapDto => ({
  uncountedPolicy: r.uncountedPolicy,
  lines: (options.lines === 'changed' ? r.lines.filter(needsReview) : r.lines).map(recapLineToDto),
  uncounted: (options.uncounted === undefined ? r.uncounted : r.uncounted.slice(0, options.uncounted)).map(
    recapLineToDto,
  ),
  totals: recapTotalsToDto(r.totals),
});

export const countEventToDto = (e: CountEvent, cursor: number, late: boolean): CountEventDto => ({
  ...e,
  qty: e.qty === null ? null : formatQty(e.qty),
  cursor,
  late,
});

export const countEventFromDto = (
  e: CountEventDto,
): CountEvent & { readonly late: boolean; readonly cursor: number } => ({
  ...e,
  lineKey: e.lineKey as LineKey,
  qty: e.qty === null ? null : qty(decimalToScaled(e.qty, 3)),
  round: e.round ?? 0,
});

export const packFromDto = (p: PackDto): Pack => ({ code: p.code, qty: qty(decimalToScaled(p.qty, 3)) });

const POW10: readonly number[] = [1, 10, 100, 1000, 10000];

/**
 * Canonical decimal text (as the server sends it) to a scaled bigint. Runs twice per line
 * of a 250,000-line snapshot, so values below 10^15 once scaled (every real quantity and
 * price) are read as doubles, exact at that size, and made a bigint once.
 */
export function decimalToScaled(text: string, scale: number): bigint {
  const negative = text.charCodeAt(0) === 45; /* - */
  const start = negative ? 1 : 0;
  const dot = text.indexOf('.');
  const end = dot < 0 ? text.length : dot;
  const unit = POW10[scale];
  if (unit !== undefined && end - start + scale <= 15) {
    const frac = dot < 0 ? '' : text.slice(dot + 1, dot + 1 + scale);
    const fraction = frac ? Number(frac) * (POW10[scale - frac.length] ?? 1) : 0;
    const v = Number(text.slice(start, end) || '0') * unit + fraction;
    return BigInt(negative ? -v : v);
  }
  return decimalToScaledBig(text, scale, negative);
}

function decimalToScaledBig(text: string, scale: number, negative: boolean): bigint {
  const [whole = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  const v = BigInt(whole) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0').slice(0, scale) || '0');
  return negative ? -v : v;
}

// ---------- bins as a checklist (core/bins.ts) ----------

/** A bin of the inventory's location, or one that only has lines added during the count. */
export interface BinDto {
  readonly code: string;
  readonly state: import('../bins').BinState;
  readonly lines: number;
  readonly countedLines: number;
  /** Counters whose device currently says "empty" (each once, sorted); kept when the bin is counted after all. */
  readonly emptyBy: readonly string[];
}

/** "Bin empty" confirmations (or their withdrawal, `empty: false`) from one device. */
export interface BinChecksPushDto {
  readonly deviceId: string;
  readonly checks: readonly {
    readonly bin: string;
    readonly empty: boolean;
    readonly seq: number;
    readonly counter: string;
    readonly at: string;
  }[];
}

/** `accepted`: checks that changed the device's register; `ignored`: repeats, older seqs, superseded in the batch. */
export interface BinChecksPushResultDto {
  readonly accepted: number;
  readonly ignored: number;
}
