/**
 * The API's one route table: per route its name, method, path (under /api, with its
 * :params), who may call it (an action of roles.ts; null: anyone), what it does, the
 * schemas of what it takes (requests.ts) and of what it answers (responseSchemas.ts), and
 * the error codes it may answer besides those every route may (COMMON_ERRORS). The server registers its routes from here and refuses
 * to start a route that is not here; the app calls routes by name (app/api/client.ts);
 * the roles, bad-input and fuzz tests walk it; docs/api.md's table is generated from it.
 */
import type { Action } from '../roles';
import type { ErrorCode } from './errorCodes';
import { array, binary, empty, type ResponseBody } from './jsonSchema';
import * as req from './requests';
import * as res from './responseSchemas';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSchema {
  readonly params?: object;
  readonly querystring?: object;
  readonly body?: object;
}

export type SuccessStatus = 200 | 201 | 204;

export interface RouteSpec {
  readonly method: Method;
  /** Under /api, with `:param` segments. */
  readonly path: string;
  /** Who may call it; null: anyone, logged in or not. */
  readonly permission: Action | null;
  /** What it does, one line (docs/api.md's "what"). */
  readonly summary: string;
  /** What the request carries, checked before the handler runs; none: no query and no body. */
  readonly schema: RouteSchema;
  /**
   * What it answers, per status: a JSON schema (responseSchemas.ts; the server serializes
   * with it), raw bytes, or no body. Refusals are `res.apiError` with one of `errors`.
   */
  readonly responses: Readonly<Partial<Record<SuccessStatus, ResponseBody>>>;
  /** The body is raw bytes (a ZIP, a spreadsheet) checked by the handler, not JSON. */
  readonly binaryBody?: boolean;
  /** The codes of its refusals beyond COMMON_ERRORS. */
  readonly errors: readonly ErrorCode[];
}

/**
 * What any route may answer: a malformed request, a missing or expired session, a role that may not, a server failure.
 * @public The contract's list for readers of the table (each route's `errors` comes on top of it); no code reads it yet.
 */
export const COMMON_ERRORS: readonly ErrorCode[] = [
  'invalid_request',
  'invalid_json',
  'invalid_utf8',
  'invalid_number',
  'unexpected_body',
  'bad_request',
  'too_large',
  'unsupported_media_type',
  'body_timeout',
  'uri_too_long',
  'unauthenticated',
  'forbidden',
  'not_found',
  'internal',
];

const id = { params: req.idParams } as const;

export const ROUTES = {
  login: {
    method: 'POST',
    path: '/session',
    permission: null,
    summary: '`{username, password}` → `{token, expiresAt, user}`; 401 wrong login, 429 after 5 wrong passwords',
    schema: { body: req.loginBody },
    responses: { 201: res.session },
    errors: ['invalid_credentials', 'too_many_attempts', 'user_inactive'],
  },
  logout: {
    method: 'DELETE',
    path: '/session',
    permission: null,
    summary: 'log out (revokes the token)',
    schema: {},
    responses: { 204: empty },
    errors: [],
  },
  claimDevice: {
    method: 'POST',
    path: '/devices/claim',
    permission: 'count',
    summary:
      "`{deviceId}`: the device id is the logged-in user's from now on, on every inventory (the app claims its id right after login); 204 when it is theirs, now or from before; 403 `device_taken` when another user claimed it (or pushed with it first), nothing changed",
    schema: { body: req.deviceClaimBody },
    responses: { 204: empty },
    errors: ['device_taken'],
  },
  listLocations: {
    method: 'GET',
    path: '/locations',
    permission: 'read',
    summary: '`[{id, code, name, frozenBy}]`',
    schema: {},
    responses: { 200: array(res.location) },
    errors: [],
  },
  getStock: {
    method: 'GET',
    path: '/stock',
    permission: 'readStock',
    summary: '`?locationId=`: current stock lines',
    schema: { querystring: req.stockQuery },
    responses: { 200: array(res.stockLine) },
    errors: [],
  },
  moveStock: {
    method: 'POST',
    path: '/stock-movements',
    permission: 'supervise',
    summary: '`{locationId, itemRef, bin, lot?, serial?, delta, reason}`; **423** while the location is counted',
    schema: { body: req.movementBody },
    responses: { 201: res.stockMoved },
    errors: [
      'invalid_quantity',
      'reserved_reason',
      'location_frozen',
      'insufficient_stock',
      'lot_required',
      'serial_required',
      'serial_quantity',
    ],
  },
  createInventory: {
    method: 'POST',
    path: '/inventories',
    permission: 'supervise',
    summary: '`{name, locationId, kind, recountThreshold?}`: freeze + snapshot; 409 if the location is already counted',
    schema: { body: req.createInventoryBody },
    responses: { 201: res.inventoryCreated },
    errors: ['location_already_counted', 'invalid_threshold'],
  },
  listInventories: {
    method: 'GET',
    path: '/inventories',
    permission: 'read',
    summary: 'the inventories',
    schema: {},
    responses: { 200: array(res.inventory) },
    errors: [],
  },
  getInventory: {
    method: 'GET',
    path: '/inventories/:id',
    permission: 'read',
    summary: 'detail with line count, counted lines, devices',
    schema: id,
    responses: { 200: res.inventoryDetail },
    errors: [],
  },
  patchInventory: {
    method: 'PATCH',
    path: '/inventories/:id',
    permission: 'supervise',
    summary:
      '`{recountThreshold: {qtyPercent, value}}`: the recount threshold (also at creation); the recap then flags `suggestRecount`',
    schema: { ...id, body: req.patchInventoryBody },
    responses: { 200: res.inventory },
    errors: ['invalid_threshold', 'not_editable'],
  },
  listDevices: {
    method: 'GET',
    path: '/inventories/:id/devices',
    permission: 'readStock',
    summary: 'devices: counter, last contact, unsent, events, late events',
    schema: id,
    responses: { 200: array(res.deviceStatus) },
    errors: [],
  },
  closeInventory: {
    method: 'POST',
    path: '/inventories/:id/close',
    permission: 'supervise',
    summary:
      '`{uncountedPolicy?: keep|zero, force?}` → the recap; 409 `devices_hold_unsent` (naming them) while a device reported unsent events, unless `force`',
    schema: { ...id, querystring: req.recapQuery, body: req.closeBody },
    responses: { 200: res.recap },
    errors: ['devices_hold_unsent', 'invalid_transition'],
  },
  getRecap: {
    method: 'GET',
    path: '/inventories/:id/recap',
    permission: 'readStock',
    summary:
      'lines, uncounted lines, totals; `uncounted=N` (also on `close`) sends only the first N uncounted lines (the app asks for 500, its after ZIP for 0); `lines=changed` (also on `close`) only the counted lines that change the stock, are suggested for a recount, may have been counted twice or still need their cost (the recap screen asks for these; the totals count every line)',
    schema: { ...id, querystring: req.recapQuery },
    responses: { 200: res.recap },
    errors: [],
  },
  reopenInventory: {
    method: 'POST',
    path: '/inventories/:id/reopen',
    permission: 'supervise',
    summary: 'back to counting; events that arrived while closed join the count',
    schema: id,
    responses: { 200: res.inventory },
    errors: ['invalid_transition'],
  },
  cancelInventory: {
    method: 'POST',
    path: '/inventories/:id/cancel',
    permission: 'supervise',
    summary: 'cancel: lifts the freeze, the stock stays as it was',
    schema: id,
    responses: { 200: res.inventory },
    errors: ['invalid_transition'],
  },
  applyInventory: {
    method: 'POST',
    path: '/inventories/:id/apply',
    permission: 'supervise',
    summary:
      'applies every difference in one transaction, lifts the freeze; once. 409 `unvalued_lines` while lines added without a cost are not valued, unless `{confirmZeroCost: true}` (they go at 0 €)',
    schema: { ...id, body: req.applyBody },
    responses: { 200: res.applied },
    errors: ['invalid_transition', 'serial_counted_twice', 'unvalued_lines'],
  },
  listLines: {
    method: 'GET',
    path: '/inventories/:id/lines',
    permission: 'read',
    summary:
      'snapshot lines (expected quantity hidden from counters); `?added=true`: only the lines added during the count (_Ajouter réf._ on any device)',
    schema: { ...id, querystring: req.linesQuery },
    responses: { 200: array(res.line) },
    errors: [],
  },
  listLineColumns: {
    method: 'GET',
    path: '/inventories/:id/lines/columns',
    permission: 'read',
    summary:
      'the snapshot lines of `listLines` as chunks of `?lines=N` lines (default 2,000), each one array per field: the layout the app stores, half the bytes; gzipped (level 1) when the request accepts gzip, built once per view and served to every phone until a line is added or valued',
    schema: { ...id, querystring: req.lineColumnsQuery },
    responses: { 200: array(res.lineColumns) },
    errors: [],
  },
  addLine: {
    method: 'POST',
    path: '/inventories/:id/lines',
    permission: 'count',
    summary: '_Ajouter réf._: existing item (ref or barcode) or new reference',
    schema: { ...id, body: req.addLineBody },
    responses: { 200: res.line, 201: res.line },
    errors: [
      'item_required',
      'designation_required',
      'wrong_kind',
      'lot_required',
      'serial_required',
      'not_counting',
      'invalid_money',
    ],
  },
  setLineCost: {
    method: 'PUT',
    path: '/inventories/:id/line-cost',
    permission: 'supervise',
    summary:
      '`{lineKey, unitCost}`: values a new reference added during the count (clears its `costMissing`), while counting or closed',
    schema: { ...id, body: req.lineCostBody },
    responses: { 200: res.line },
    errors: ['unknown_line', 'cost_known', 'not_editable', 'invalid_money'],
  },
  pushCounts: {
    method: 'POST',
    path: '/inventories/:id/counts',
    permission: 'count',
    summary:
      "`{deviceId, events, unsent?}`: idempotent by event id → `{accepted, duplicates, late}`; `qty: null` withdraws the device's count; `round` (recount) per event; `unsent`, `refused`, `refusedReason`: what the device still holds; 403 `device_taken` (the device id is another user's: `POST /devices/claim`), 409 `event_conflict`",
    schema: { ...id, body: req.countsPushBody },
    responses: { 200: res.countsPushed },
    errors: ['unknown_line', 'unknown_round', 'invalid_quantity', 'serial_quantity', 'device_taken', 'event_conflict'],
  },
  pullCounts: {
    method: 'GET',
    path: '/inventories/:id/counts',
    permission: 'read',
    summary:
      "`?after=CURSOR&limit=&deviceId=`: events since a cursor → `{events, cursor, more, emptyBins}` (the bins devices hold empty); `deviceId` records the device's contact; a blind inventory's counter gets `qty: null, withheld: true` per count",
    schema: { ...id, querystring: req.countsPullQuery },
    responses: { 200: res.countsPage },
    errors: [],
  },
  listBins: {
    method: 'GET',
    path: '/inventories/:id/bins',
    permission: 'read',
    summary: 'the bins checklist: not visited, counted, confirmed empty',
    schema: id,
    responses: { 200: array(res.bin) },
    errors: [],
  },
  pushBinChecks: {
    method: 'POST',
    path: '/inventories/:id/bins',
    permission: 'count',
    summary:
      '`{deviceId, checks}`: bins confirmed empty (or not), idempotent by seq; 403 `device_taken` under a device id another user claimed',
    schema: { ...id, body: req.binChecksBody },
    responses: { 200: res.binChecksPushed },
    errors: ['unknown_bin', 'not_counting', 'device_taken'],
  },
  listRecounts: {
    method: 'GET',
    path: '/inventories/:id/recounts',
    permission: 'read',
    summary: 'the recounts asked',
    schema: id,
    responses: { 200: array(res.recount) },
    errors: [],
  },
  createRecount: {
    method: 'POST',
    path: '/inventories/:id/recounts',
    permission: 'supervise',
    summary:
      "`{lineKey}` or `{bin}`: a new count round (blind); the line's count becomes its highest round with a count, earlier rounds stay in the log and counts.csv (`tour`)",
    schema: { ...id, body: req.recountBody },
    responses: { 201: res.recount },
    errors: ['unknown_line', 'unknown_bin', 'recount_open', 'not_counting'],
  },
  uploadExport: {
    method: 'PUT',
    path: '/inventories/:id/exports/:phase',
    permission: 'supervise',
    summary:
      'the before or after ZIP, rebuilt and compared on upload (422 `export_mismatch`, 413 `export_too_large`), with its SHA-256',
    schema: { params: req.exportParams },
    binaryBody: true,
    responses: { 200: res.exportInfo, 201: res.exportInfo },
    errors: [
      'invalid_export',
      'export_checksum',
      'export_mismatch',
      'export_too_large',
      'export_exists',
      'not_applied',
      'busy',
    ],
  },
  downloadExport: {
    method: 'GET',
    path: '/inventories/:id/exports/:phase',
    permission: 'readStock',
    summary: 'the before or after ZIP, with its SHA-256 (`X-Content-SHA256`)',
    schema: { params: req.exportParams },
    responses: { 200: binary('application/zip') },
    errors: [],
  },
  uploadImport: {
    method: 'POST',
    path: '/imports',
    permission: 'supervise',
    summary:
      '`?fileName=&location=`, the file as the body: upload a stock file (CSV or XLSX, ≤ 100 MB) → `{id, format, encoding, separator, headers, sample, suggested}`; 422 when it is no spreadsheet ([Load your own stock](import.md))',
    schema: { querystring: req.importUploadQuery },
    binaryBody: true,
    responses: { 201: res.importFile },
    errors: [
      'invalid_file',
      'empty_file',
      'no_header',
      'not_a_spreadsheet',
      'old_xls',
      'ods',
      'not_xlsx',
      'damaged_xlsx',
      'bad_encoding',
      'unclosed_quote',
    ],
  },
  listImports: {
    method: 'GET',
    path: '/imports',
    permission: 'supervise',
    summary: 'the imports (who, when, status, figures)',
    schema: {},
    responses: { 200: array(res.importListed) },
    errors: [],
  },
  getImport: {
    method: 'GET',
    path: '/imports/:id',
    permission: 'supervise',
    summary: "`?location=`: one file's headers, first rows and suggested settings",
    schema: { ...id, querystring: req.importQuery },
    responses: { 200: res.importDetail },
    errors: [],
  },
  importProgress: {
    method: 'GET',
    path: '/imports/:id/progress',
    permission: 'supervise',
    summary: 'rows a running preview has read',
    schema: id,
    responses: { 200: res.importProgress },
    errors: [],
  },
  previewImport: {
    method: 'POST',
    path: '/imports/:id/preview',
    permission: 'supervise',
    summary:
      '`{mode, location, mapping, decimal, defaultBin, defaultKind}`: read and check every row → figures, errors and warnings (row, column, code, message), and the `token` the import takes; nothing changes',
    schema: { ...id, body: req.importSettingsBody },
    responses: { 200: res.importPreviewed },
    errors: ['missing_column', 'field_twice', 'location_required', 'import_done'],
  },
  commitImport: {
    method: 'POST',
    path: '/imports/:id/commit',
    permission: 'supervise',
    summary:
      '`{token}`: import exactly that preview, in one transaction; 409 `preview_stale`, `import_has_errors`, `import_done`; 423 while a location of the file is counted',
    schema: { ...id, body: req.importCommitBody },
    responses: { 200: res.importResult },
    errors: [
      'preview_required',
      'preview_stale',
      'import_has_errors',
      'import_done',
      'import_invalid',
      'location_frozen',
    ],
  },
  listUsers: {
    method: 'GET',
    path: '/users',
    permission: 'administer',
    summary: 'the users (by username), never a password',
    schema: {},
    responses: { 200: array(res.user) },
    errors: [],
  },
  createUser: {
    method: 'POST',
    path: '/users',
    permission: 'administer',
    summary: '`{username, role, password}` → 201 the user; 409 `user_exists`',
    schema: { body: req.createUserBody },
    responses: { 201: res.user },
    errors: ['user_exists', 'invalid_username', 'password_too_short', 'password_too_long'],
  },
  updateUser: {
    method: 'PATCH',
    path: '/users/:username',
    permission: 'administer',
    summary: '`{role?, active?}`: a new role or a deactivation logs the user out; 409 `last_admin`',
    schema: { params: req.usernameParams, body: req.updateUserBody },
    responses: { 200: res.user },
    errors: ['last_admin'],
  },
  resetPassword: {
    method: 'PUT',
    path: '/users/:username/password',
    permission: 'administer',
    summary: '`{password}`: a new password, the user logged out',
    schema: { params: req.usernameParams, body: req.resetPasswordBody },
    responses: { 200: res.user },
    errors: ['password_too_short', 'password_too_long'],
  },
  createLocation: {
    method: 'POST',
    path: '/locations',
    permission: 'administer',
    summary: '`{code, name}` → 201 the location; 409 `location_exists`',
    schema: { body: req.createLocationBody },
    responses: { 201: res.location },
    errors: ['location_exists', 'invalid_location_code'],
  },
  renameLocation: {
    method: 'PATCH',
    path: '/locations/:id',
    permission: 'administer',
    summary: '`{name}`: rename (the code never changes)',
    schema: { ...id, body: req.renameLocationBody },
    responses: { 200: res.location },
    errors: [],
  },
  listMovements: {
    method: 'GET',
    path: '/movements',
    permission: 'readStock',
    summary:
      '`?after=CURSOR&limit=`: every stock movement once, in order → `{movements, cursor, more}` (see [Back to your ERP](erp.md))',
    schema: { querystring: req.movementsQuery },
    responses: { 200: res.movementsPage },
    errors: [],
  },
  listDeliveries: {
    method: 'GET',
    path: '/webhooks/deliveries',
    permission: 'supervise',
    summary:
      "`?limit=&before=`: the webhook's deliveries, newest first, with their attempts → `{configured, deliveries}`",
    schema: { querystring: req.deliveriesQuery },
    responses: { 200: res.deliveries },
    errors: [],
  },
  retryDelivery: {
    method: 'POST',
    path: '/webhooks/deliveries/:id/retry',
    permission: 'supervise',
    summary:
      '_Renvoyer_: a failed delivery gets a new round of attempts, the first at once; 409 if delivered or pending',
    schema: id,
    responses: { 200: res.delivery },
    errors: ['webhook_off', 'delivery_delivered', 'delivery_pending'],
  },
} as const satisfies Readonly<Record<string, RouteSpec>>;

export type RouteName = keyof typeof ROUTES;

export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

/** The `:param` names of a path: `/inventories/:id/exports/:phase` → 'id' | 'phase'. */
export type ParamsOf<P extends string> = P extends `${string}:${infer K}/${infer Rest}`
  ? K | ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer K}`
    ? K
    : never;

/** The values a route's path needs, by name. */
export type RouteParams<N extends RouteName> = Readonly<Record<ParamsOf<(typeof ROUTES)[N]['path']>, string | number>>;

/** A route's path under /api with its parameters filled in, each one URL-encoded. */
export function routePath<N extends RouteName>(name: N, params: RouteParams<N>): string {
  const values: Readonly<Record<string, string | number>> = params;
  return `/api${ROUTES[name].path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(String(values[key] ?? '')))}`;
}
