/**
 * Refusals the API gives: an HTTP status, a stable `code` clients translate, and a clear
 * English message. Handlers throw `HttpError`; the one error handler in app.ts turns it
 * (and validation errors) into `{ error: { code, message } }` and hides 5xx details.
 */
import type { ErrorCode } from '../../core/api/errorCodes';
import type { DomainError } from '../../core/errors';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>): HttpError =>
  new HttpError(400, code, message, details);
export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found.`);
export const conflict = (code: ErrorCode, message: string, details?: Record<string, unknown>): HttpError =>
  new HttpError(409, code, message, details);

/** A domain refusal (core `Result` error) as a 400, or another status when it means a conflict. */
export const fromDomain = (e: DomainError<ErrorCode>, status = 400): HttpError =>
  new HttpError(status, e.code, e.message, e.details);

/** Unwraps a core Result or throws its error as an HTTP refusal. */
export function orThrow<T>(
  r: { ok: true; value: T } | { ok: false; error: DomainError<ErrorCode> },
  status = 400,
  context?: string,
): T {
  if (r.ok) return r.value;
  throw fromDomain(context ? { ...r.error, message: `${context}: ${r.error.message}` } : r.error, status);
}
