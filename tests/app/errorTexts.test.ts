/**
 * Every error code of core's table has its words in both languages (the build already
 * refuses a missing one; this catches an empty or untranslated text), and the outbox's
 * "refused for good or send again" follows the table: the server's `internal` and `busy`
 * are sent again, a refusal of the content is not.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/core/api/errorCodes';
import { isDefinitive } from '../../src/app/api/client';
import { errorText } from '../../src/app/i18n/errors';
import { setLang } from '../../src/app/i18n/index';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];
const textOf = (code: string, lang: 'fr' | 'en'): string => {
  setLang(lang);
  return errorText({ code, message: 'MSG' });
};

afterAll(() => setLang('fr'));

describe('error texts', () => {
  it.each(CODES)('%s has a French and an English text of its own', (code) => {
    const fr = textOf(code, 'fr');
    const en = textOf(code, 'en');
    expect(fr.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    if (code !== 'unknown') {
      expect(fr).not.toBe(textOf('no_such_code', 'fr'));
      expect(en).not.toBe(textOf('no_such_code', 'en'));
    }
  });

  it('a code this version does not know falls back to the server’s message', () => {
    expect(textOf('no_such_code', 'en')).toBe('Error: MSG');
  });
});

describe('retry, from the table', () => {
  const answer = (code: string, status: number, api = true) => ({ code, message: 'm', details: { status, api } });

  it('the server’s own failures and the way to it are sent again', () => {
    for (const [code, status] of [
      ['internal', 500],
      ['server_error', 500],
      ['busy', 503],
      ['too_large', 413],
      ['invalid_json', 400],
      ['bad_request', 400],
      ['not_found', 404],
      ['forbidden', 403],
      ['unauthorized', 401],
      ['body_timeout', 408],
      ['too_many_requests', 429],
    ] as const)
      expect(isDefinitive(answer(code, status)), code).toBe(false);
  });

  it('a refusal of what was sent is for good', () => {
    for (const [code, status] of [
      ['invalid_request', 400],
      ['unknown_line', 400],
      ['invalid_quantity', 400],
      ['event_conflict', 409],
      // The id is another user's for good: the outbox moves its counts to a new id rather than resend.
      ['device_taken', 403],
      ['not_counting', 409],
      ['export_mismatch', 422],
    ] as const)
      expect(isDefinitive(answer(code, status)), code).toBe(true);
  });

  it('no API answer (a proxy’s page) is never for good; an unknown code is read from its status', () => {
    expect(isDefinitive(answer('http_error', 400, false))).toBe(false);
    expect(isDefinitive(answer('newer_code', 409))).toBe(true);
    expect(isDefinitive(answer('newer_code', 404))).toBe(false);
  });
});
