/**
 * Every error code a Décompte user can meet: those the server answers in
 * `{ error: { code, message } }`, those core's checks return, and those the app makes
 * itself (no network, an expired session, a full device). Per code, whether sending the
 * same request again may pass (`retryable`): the app's outbox keeps an event and sends it
 * again when it may, and marks it refused when it may not. The app's translations are
 * typed on `ErrorCode`, so a code added here without its French and English text is a
 * build error.
 */

export interface ErrorCodeInfo {
  /** Sending the same request again, unchanged, may succeed (the way failed, or the server was busy). */
  readonly retryable: boolean;
}

const retry: ErrorCodeInfo = { retryable: true };
const final: ErrorCodeInfo = { retryable: false };

export const ERROR_CODES = {
  // Made by the app: the way to the server, the session, the device.
  offline: retry,
  aborted: retry,
  unauthorized: retry,
  server_error: retry,
  http_error: retry,
  too_many_requests: retry,
  quota_exceeded: retry,
  download_failed: retry,
  blind_snapshot: final,
  ref_required_offline: final,
  empty_quantity: final,
  negative_quantity: final,
  not_a_number: final,
  whole_quantity: final,
  unknown: final,

  // The request's transport: a body cut, mangled, too big or too slow on the way.
  invalid_json: retry,
  invalid_utf8: retry,
  bad_request: retry,
  too_large: retry,
  unsupported_media_type: retry,
  body_timeout: retry,
  uri_too_long: retry,
  busy: retry,
  internal: retry,
  // Who asks: a session may be renewed, a role changed.
  unauthenticated: retry,
  forbidden: retry,
  not_found: retry,
  // A frozen location thaws when its inventory is applied or cancelled.
  location_frozen: retry,
  too_many_attempts: retry,

  // What the request carries: the same request is refused again.
  // The device id is another user's for good: the app moves its counts to a new id and
  // sends them under it (app/sync/claim.ts), never the same request again.
  device_taken: final,
  invalid_request: final,
  invalid_number: final,
  unexpected_body: final,
  invalid_credentials: final,
  user_inactive: final,
  location_already_counted: final,
  not_counting: final,
  invalid_transition: final,
  devices_hold_unsent: final,
  serial_counted_twice: final,
  unvalued_lines: final,
  cost_known: final,
  designation_required: final,
  lot_required: final,
  serial_required: final,
  wrong_kind: final,
  item_required: final,
  unknown_line: final,
  unknown_round: final,
  event_conflict: final,
  recount_open: final,
  invalid_threshold: final,
  not_editable: final,
  unknown_bin: final,
  invalid_quantity: final,
  serial_quantity: final,
  invalid_money: final,
  invalid_line_key: final,
  invalid_event: final,
  insufficient_stock: final,
  reserved_reason: final,
  invalid_export: final,
  export_checksum: final,
  export_mismatch: final,
  export_too_large: final,
  export_exists: final,
  not_applied: final,
  webhook_off: final,
  delivery_delivered: final,
  delivery_pending: final,
  user_exists: final,
  last_admin: final,
  invalid_username: final,
  password_too_short: final,
  password_too_long: final,
  location_exists: final,
  invalid_location_code: final,
  invalid_file: final,
  empty_file: final,
  no_header: final,
  not_a_spreadsheet: final,
  old_xls: final,
  ods: final,
  not_xlsx: final,
  damaged_xlsx: final,
  bad_encoding: final,
  unclosed_quote: final,
  missing_column: final,
  field_twice: final,
  location_required: final,
  preview_required: final,
  preview_stale: final,
  import_has_errors: final,
  import_done: final,
  import_invalid: final,
} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (code: string): code is ErrorCode => Object.prototype.hasOwnProperty.call(ERROR_CODES, code);

/** May the same request pass later? Null for a code this version does not know (an newer server's). */
export const retryable = (code: string): boolean | null => (isErrorCode(code) ? ERROR_CODES[code].retryable : null);
