/**
 * A full device must read as "device full" whichever way the browser and Dexie report it:
 * the DOMException itself, Dexie's own QuotaExceededError, or a transaction aborted
 * because one of its writes hit the quota (Dexie's AbortError with the DOMException inside),
 * or a database upgrade refused for want of space (OpenFailedError → AbortError →
 * QuotaExceededError, as Chromium 156 reports it: tests/e2e/upgrade.test.ts).
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { storageError } from '../../src/app/db/errors';

const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('storageError', () => {
  it('reads the browser quota error, Dexie’s own, and an aborted transaction caused by it as quota_exceeded', () => {
    expect(storageError(quota()).code).toBe('quota_exceeded');
    expect(storageError(new Dexie.QuotaExceededError('full')).code).toBe('quota_exceeded');
    expect(storageError(new Dexie.AbortError('Transaction aborted', quota())).code).toBe('quota_exceeded');
  });

  it('reads an upgrade refused for want of space (the quota error two wrappings down) as quota_exceeded', () => {
    // Chromium's DOMException carries no message here; Dexie's message is then "AbortError QuotaExceededError ".
    const upgrade = new Dexie.OpenFailedError(new Dexie.AbortError(new DOMException('', 'QuotaExceededError')));
    expect(upgrade.message).toBe('AbortError QuotaExceededError ');
    expect(storageError(upgrade).code).toBe('quota_exceeded');
    expect(storageError(new Dexie.OpenFailedError(new Dexie.AbortError(quota()))).code).toBe('quota_exceeded');
  });

  it('reads a disk really full (Chromium’s I/O error from IndexedDB) as quota_exceeded too', () => {
    const io = new DOMException(
      'Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)',
      'UnknownError',
    );
    expect(storageError(io).code).toBe('quota_exceeded');
    expect(storageError(new Dexie.AbortError('Transaction aborted', io)).code).toBe('quota_exceeded');
    expect(storageError(new Dexie.OpenFailedError('open failed', io)).code).toBe('quota_exceeded');
  });

  it('keeps any other failure’s own message', () => {
    expect(storageError(new Dexie.AbortError('Transaction aborted'))).toEqual({
      code: 'unknown',
      message: 'Transaction aborted',
    });
    expect(storageError('disk on fire')).toEqual({ code: 'unknown', message: 'disk on fire' });
    // A wrapped failure that is not about space stays unknown, however deep.
    const versionError = new Dexie.OpenFailedError(new Dexie.AbortError(new DOMException('', 'VersionError')));
    expect(storageError(versionError).code).toBe('unknown');
  });
});
