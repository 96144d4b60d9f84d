/**
 * The recount threshold as typed in its two fields, to and from the API. 10 % or 100 € by
 * default, so a supervisor who never opens the setting still gets suggestions. Checked with
 * core's own rule before it is sent: the device and the server refuse the same input.
 */
import type { RecountThresholdDto } from '../../core/api/dto';
import type { Result } from '../../core/errors';
import { parseRecountThreshold } from '../../core/recount';

/** What the two fields hold, as typed ('' turns a test off). */
export interface ThresholdInput {
  readonly qtyPercent: string;
  readonly value: string;
}

export const DEFAULT_THRESHOLD: ThresholdInput = { qtyPercent: '10', value: '100' };

/** Canonical form for the API, or the error to show. A comma is a decimal point (French keypads). */
export function thresholdDto(input: ThresholdInput): Result<RecountThresholdDto> {
  const field = (s: string): string | null => (s.trim() === '' ? null : s.trim().replace(',', '.'));
  return parseRecountThreshold({ qtyPercent: field(input.qtyPercent), value: field(input.value) });
}

/** "12.500" → "12.5", "250.0000" → "250": trailing zeros dropped as text, never through a float. */
const typed = (d: string | null): string => (d === null ? '' : d.includes('.') ? d.replace(/\.?0+$/, '') : d);

export const thresholdInput = (dto: RecountThresholdDto): ThresholdInput => ({
  qtyPercent: typed(dto.qtyPercent),
  value: typed(dto.value),
});
