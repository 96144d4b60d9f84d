/**
 * A snapshot chunk's lines as columns (`LineColumnsDto`, core/api/dto.ts), the layout
 * stored since schema version 4: one JSON array per field instead of one object per line;
 * the server's columns route sends chunks in it, stored as they come. The field names were 41 % of the 73 MB
 * a 250,000-line snapshot weighs as objects, and every open and every ZIP reads all of it
 * again. Reading 250,000 generated lines' chunks from IndexedDB back into lines, in
 * Chromium (mean of 10 alternating rounds): 566 ms as columns, 646 as positional rows,
 * 865 as objects.
 */
import type { LineColumnsDto, LineDto, PackDto } from '../../core/api/dto';

export function encodeChunk(lines: readonly LineDto[]): string {
  const column = <T>(of: (l: LineDto) => T): T[] => lines.map(of);
  const columns: LineColumnsDto = {
    key: column((l) => l.key),
    itemRef: column((l) => l.itemRef),
    designation: column((l) => l.designation),
    kind: column((l) => l.kind),
    supplier: column((l) => l.supplier),
    bin: column((l) => l.bin),
    lot: column((l) => l.lot),
    serial: column((l) => l.serial),
    barcodes: column((l) => l.barcodes),
    packs: column((l) => l.packs ?? null),
    unit: column((l) => l.unit),
    expectedQty: column((l) => l.expectedQty),
    unitCost: column((l) => l.unitCost),
    added: column((l) => (l.added ? 1 : 0)),
    decimals: column((l) => l.decimals ?? null),
    costMissing: column((l) => l.costMissing ?? null),
  };
  return JSON.stringify(columns);
}

/** `codes`, or the equal list an earlier line of the read has (an item's lines carry the same). */
function sameCodes(lists: Map<string, readonly string[]>, codes: readonly string[]): readonly string[] {
  if (codes.length === 0) return NO_CODES;
  const joined = codes.length === 1 ? codes[0]! : codes.join('\u0001');
  const kept = lists.get(joined);
  if (kept !== undefined) return kept;
  lists.set(joined, codes);
  return codes;
}

const NO_CODES: readonly string[] = Object.freeze([]);

/** The packs of a line without any (almost every line): one array for all of them, never changed. */
const NO_PACKS: readonly PackDto[] = Object.freeze([]);

/**
 * Appends the chunk's lines to `into`, in order (no array per chunk in between). A text
 * repeated from line to line (the kind, unit, bin, supplier, quantities, an item's reference,
 * designation and barcodes on each of its lines) is kept once through `shared`, one for the
 * chunks of one read: JSON.parse makes a string of each, and at 100,000 lines those copies were
 * ~14 MB of the page's 53. Each line is
 * made by one object literal, `packs` in it: adding it after (`{ ...line, packs }`, which every
 * line the server sends took) put it out of the object's own slots, and with a `[]` of its own
 * a line weighed ~35 bytes more (Chromium's heap at 100,000 lines: 101,012 property arrays).
 */
/** The texts and barcode lists met so far in one read, to keep each once (decodeChunk). */
export interface SharedValues {
  readonly strings: Map<string, string>;
  /** Barcode lists by their codes joined: the lines of one item share one list. */
  readonly barcodes: Map<string, readonly string[]>;
}

export const sharedValues = (): SharedValues => ({ strings: new Map(), barcodes: new Map() });

export function decodeChunk(text: string, into: LineDto[], shared: SharedValues = sharedValues()): void {
  const c = JSON.parse(text) as LineColumnsDto;
  const { strings } = shared;
  const one = <T extends string | null>(value: T): T => {
    if (value === null) return value;
    const kept = strings.get(value);
    if (kept !== undefined) return kept as T;
    strings.set(value, value);
    return value;
  };
  for (let i = 0; i < c.key.length; i++) {
    const key = c.key[i]!;
    const itemRef = one(c.itemRef[i]!);
    const designation = one(c.designation[i]!);
    const kind = one(c.kind[i]!);
    const supplier = one(c.supplier[i]!);
    const bin = one(c.bin[i]!);
    const lot = one(c.lot[i]!);
    const serial = c.serial[i]!;
    const barcodes = sameCodes(shared.barcodes, c.barcodes[i]!);
    const unit = one(c.unit[i]!);
    const expectedQty = one(c.expectedQty[i]!);
    const unitCost = one(c.unitCost[i]!);
    const added = c.added[i] === 1;
    const packs = c.packs[i];
    // Chunks stored before the column existed have none: the line reads back without packs.
    const line: LineDto =
      packs == null
        ? { key, itemRef, designation, kind, supplier, bin, lot, serial, barcodes, unit, expectedQty, unitCost, added }
        : {
            key,
            itemRef,
            designation,
            kind,
            supplier,
            bin,
            lot,
            serial,
            barcodes,
            packs: packs.length === 0 ? NO_PACKS : packs,
            unit,
            expectedQty,
            unitCost,
            added,
          };
    // Chunks stored before the column existed have none: the unit's rule, as then.
    const decimals = c.decimals?.[i];
    // Chunks stored before issue 21 have no costMissing column: the cost was known then.
    const costMissing = c.costMissing?.[i];
    // Absent stays absent: the line reads back exactly as the server sent it (these two are rare).
    const withDecimals = decimals == null ? line : { ...line, decimals };
    into.push(costMissing == null ? withDecimals : { ...withDecimals, costMissing });
  }
}
