/** Undo on the open count: a new event putting back what this device's last count replaced. */
import type { LineDto } from '../../core/api/dto';
import { undoLastCount } from '../db/counts';
import { afterWrite, counterName } from './afterWrite';
import { whenComplete, type OpenCount } from './open';

/** Undoes this device's last count; the line it touched, or null when there was nothing to undo. */
export async function undoLast(open: OpenCount): Promise<LineDto | null> {
  const event = await undoLastCount(open.inv.id, counterName());
  if (!event) return null;
  open.registers.set(event.lineKey, { ...event, inventoryId: open.inv.id });
  await afterWrite();
  // The line undone may be one not read yet while the count opens.
  await whenComplete(open);
  const i = open.index.get(event.lineKey);
  return i === undefined ? null : open.lines[i]!;
}
