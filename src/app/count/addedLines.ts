/** Lines the snapshot did not have, added on the open count with "Ajouter réf.". */
import type { LineDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import { makeLineKey } from '../../core/lineKey';
import { call } from '../api/client';
import { saveAddedLine } from '../db/lines';
import type { AddLineRequest } from '../db/schema';
import { afterWrite } from './afterWrite';
import { insertLine } from './insertLine';
import type { OpenCount } from './open';

/**
 * "Ajouter réf.": online, the server says at once whether the reference is acceptable;
 * offline, the line is made here with the same key the server will give it, and sent later.
 */
export async function addLine(open: OpenCount, req: AddLineRequest): Promise<Result<LineDto, string>> {
  const known = findItem(open, req.itemRef, req.barcode);
  const itemRef = known?.itemRef ?? req.itemRef;
  const res = await call('addLine', { params: { id: open.inv.id }, body: req });
  if (res.ok) {
    await saveAddedLine(open.inv.id, res.value, req, false);
    insertLine(open, res.value);
    await afterWrite();
    return res;
  }
  if (res.error.code !== 'offline') return res;
  if (!itemRef)
    return fail('ref_required_offline', 'Offline, give the item reference (the barcode is not in this list).');
  if (!known && !req.designation) return fail('designation_required', 'Give the designation of this new reference.');
  const line: LineDto = {
    key: makeLineKey({ itemRef, bin: req.bin, lot: req.lot, serial: req.serial }),
    itemRef,
    designation: known?.designation ?? req.designation ?? itemRef,
    kind: open.inv.kind,
    supplier: known?.supplier ?? req.supplier,
    bin: req.bin,
    lot: req.lot,
    serial: req.serial,
    barcodes: known?.barcodes ?? (req.barcode ? [req.barcode] : []),
    unit: known?.unit ?? req.unit ?? 'pcs',
    expectedQty: open.inv.blind ? null : '0.000',
    unitCost: known?.unitCost ?? req.unitCost ?? '0.0000',
    added: true,
    // As the server will mark it: a new reference without its cost is to be valued.
    ...(!known && !req.unitCost ? { costMissing: true } : {}),
  };
  const existing = open.index.get(line.key);
  if (existing !== undefined) return ok(open.lines[existing]!);
  await saveAddedLine(open.inv.id, line, { ...req, itemRef }, true);
  insertLine(open, line);
  await afterWrite();
  return ok(line);
}

function findItem(open: OpenCount, ref: string | null, barcode: string | null): LineDto | undefined {
  const r = ref?.trim().toLowerCase();
  return open.lines.find((l) => (r && l.itemRef.toLowerCase() === r) || (barcode && l.barcodes.includes(barcode)));
}
