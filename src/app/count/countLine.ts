/** Setting this device's count of a line (typed, or a scan's new total): parsed, recorded, then pushed. */
import type { LineDto } from '../../core/api/dto';
import type { Result } from '../../core/errors';
import { recordCount } from '../db/counts';
import { afterWrite, counterName } from './afterWrite';
import { parseCountInput } from './countInput';
import { lineRound } from './counted';
import type { OpenCount } from './open';

export async function countLine(open: OpenCount, line: LineDto, text: string): Promise<Result<string, string>> {
  const parsed = parseCountInput(line, text);
  if (!parsed.ok) return parsed;
  const event = await recordCount({
    inventoryId: open.inv.id,
    lineKey: line.key,
    qty: parsed.value,
    counter: counterName(),
    round: lineRound(open, line.key),
  });
  open.registers.set(line.key, { ...event, inventoryId: open.inv.id });
  await afterWrite();
  return parsed;
}
