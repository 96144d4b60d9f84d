/**
 * Errors are values: a stable machine `code` (what the UI translates and tests assert on)
 * and a human `message` in English for logs and API clients. Nothing in core throws for
 * bad input; it returns `Result`.
 */
export type ErrorCode =
  | 'invalid_quantity'
  | 'invalid_money'
  | 'invalid_line_key'
  | 'invalid_transition'
  | 'serial_quantity'
  | 'invalid_event'
  | 'invalid_export'
  | 'export_checksum'
  | 'export_too_large'
  | 'export_mismatch'
  | 'invalid_threshold';

export interface DomainError<C extends string = ErrorCode> {
  readonly code: C;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T, C extends string = ErrorCode> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError<C> };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const fail = <C extends string>(
  code: C,
  message: string,
  details?: Record<string, unknown>,
): { readonly ok: false; readonly error: DomainError<C> } => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
