/**
 * A snapshot chunk's lines as columns (`LineColumnsDto`, core/api/dto.ts), the layout
 * stored since schema version 4: one JSON array per field instead of one object per line;
 * the server's columns route sends chunks in it, stored as they come. The field names were 41 % of the 73 MB
 * a 250,000-line snapshot weighs as objects, and every open and every ZIP reads all of it
 * again. Reading 250,000 generated lines' chunks from IndexedDB back into lines, in
 * Chromium (mean of 10 alternating rounds): 566 ms as columns, 646 as positional rows,
 * 865 as objects.
 */
import type { LineColumnsDto, LineDto } from '../../core/api/dto';

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

/** Appends the chunk's lines to `into`, in order (no array per chunk in between). */
export function decodeChunk(text: string, into: LineDto[]): void {
  const c = JSON.parse(text) as LineColumnsDto;
  for (let i = 0; i < c.key.length; i++) {
    const line: LineDto = {
      key: c.key[i]!,
      itemRef: c.itemRef[i]!,
      designation: c.designation[i]!,
      kind: c.kind[i]!,
      supplier: c.supplier[i]!,
      bin: c.bin[i]!,
      lot: c.lot[i]!,
      serial: c.serial[i]!,
      barcodes: c.barcodes[i]!,
      unit: c.unit[i]!,
      expectedQty: c.expectedQty[i]!,
      unitCost: c.unitCost[i]!,
      added: c.added[i] === 1,
    };
    const packs = c.packs[i];
    // Chunks stored before the column existed have none: the unit's rule, as then.
    const decimals = c.decimals?.[i];
    // Chunks stored before issue 21 have no costMissing column: the cost was known then.
    const costMissing = c.costMissing?.[i];
    // Absent stays absent: the line reads back exactly as the server sent it.
    const whole = packs == null ? line : { ...line, packs };
    const withDecimals = decimals == null ? whole : { ...whole, decimals };
    into.push(costMissing == null ? withDecimals : { ...withDecimals, costMissing });
  }
}
