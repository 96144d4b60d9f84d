/** The recount threshold fields: typed text → the API's canonical threshold, or a clear refusal. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, thresholdDto, thresholdInput } from '../../src/app/screens/thresholdInput';

describe('recount threshold input', () => {
  it('sends the default and French decimals canonical; an empty field turns its test off', () => {
    expect(thresholdDto(DEFAULT_THRESHOLD)).toEqual({ ok: true, value: { qtyPercent: '10.000', value: '100.0000' } });
    expect(thresholdDto({ qtyPercent: ' 2,5 ', value: '' })).toEqual({
      ok: true,
      value: { qtyPercent: '2.500', value: null },
    });
    expect(thresholdDto({ qtyPercent: '', value: '' })).toEqual({ ok: true, value: { qtyPercent: null, value: null } });
  });

  it('refuses zero, negative and non-numeric input with invalid_threshold', () => {
    for (const bad of [
      { qtyPercent: '0', value: '' },
      { qtyPercent: '-5', value: '' },
      { qtyPercent: '', value: 'cent' },
      { qtyPercent: '1e3', value: '' },
    ]) {
      const res = thresholdDto(bad);
      expect(res.ok, JSON.stringify(bad)).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('invalid_threshold');
    }
  });

  it('shows a stored threshold as the user would type it', () => {
    expect(thresholdInput({ qtyPercent: '12.500', value: null })).toEqual({ qtyPercent: '12.5', value: '' });
    expect(thresholdInput({ qtyPercent: null, value: '250.0000' })).toEqual({ qtyPercent: '', value: '250' });
  });
});
