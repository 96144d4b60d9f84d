/** Lines added on this device with "Ajouter réf.", kept until the server lists them. */
import type { LineDto } from '../../core/api/dto';
import { db, type AddedLine, type AddLineRequest } from './schema';

export async function saveAddedLine(
  inventoryId: number,
  line: LineDto,
  request: AddLineRequest,
  pending: boolean,
): Promise<void> {
  await db.addedLines.put({ inventoryId, key: line.key, line, request, pending: pending ? 1 : 0, error: null });
}

export const pendingAddedLines = (inventoryId: number): Promise<AddedLine[]> =>
  db.addedLines.where('[inventoryId+pending]').equals([inventoryId, 1]).toArray();

export async function markLineSent(inventoryId: number, key: string, line: LineDto): Promise<void> {
  await db.addedLines.update([inventoryId, key], { pending: 0, line, error: null });
}

export async function markLineRefused(inventoryId: number, key: string, error: string): Promise<void> {
  await db.addedLines.update([inventoryId, key], { error });
}
