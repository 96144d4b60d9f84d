/**
 * The JSON schemas of what each route takes: path parameters, query, body. The server
 * validates every request with them before a handler runs (unknown fields and wrong
 * types refused, never coerced); what a schema cannot say (a blank name, a decimal's
 * writing, a line of this inventory) the handler checks.
 */
import { MAX_PASSWORD_LENGTH, USERNAME_PATTERN } from '../accounts';
import { LOCATION_CODE_MAX, LOCATION_NAME_MAX } from '../adminApi';
import { IMPORT_FIELDS, IMPORT_MODES } from '../import/fields';
import { INVENTORY_KINDS } from '../inventory';
import { ROLES } from './dto';
import { decimal, deviceTime, id, idParams, nullableText, text } from './schemas';

/** Per push: a device sends its outbox in batches of 500; 5000 leaves room and bounds a request. */
export const MAX_EVENTS_PER_PUSH = 5000;
export const MAX_BIN_CHECKS_PER_PUSH = 5000;
/** A device makes one seq per count: 2^31-1 is out of reach, 2^53-1 an attack. */
export const MAX_SEQ = 2_147_483_647;

const deviceId = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

export const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: text(100), password: text(200) },
} as const;

export const stockQuery = {
  type: 'object',
  required: ['locationId'],
  additionalProperties: false,
  properties: { locationId: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
} as const;

export const movementBody = {
  type: 'object',
  required: ['locationId', 'itemRef', 'bin', 'delta', 'reason'],
  additionalProperties: false,
  properties: {
    locationId: id,
    itemRef: text(64),
    bin: text(64),
    lot: nullableText(64),
    serial: nullableText(64),
    delta: decimal,
    reason: text(200),
  },
} as const;

const nullableDecimal = { anyOf: [...decimal.anyOf, { type: 'null' }] } as const;
const thresholdSchema = {
  type: 'object',
  required: ['qtyPercent', 'value'],
  additionalProperties: false,
  properties: { qtyPercent: nullableDecimal, value: nullableDecimal },
} as const;

export const createInventoryBody = {
  type: 'object',
  required: ['name', 'locationId', 'kind'],
  additionalProperties: false,
  properties: {
    name: text(120),
    locationId: id,
    kind: { type: 'string', enum: ['articles', 'pieces'] },
    showExpected: { type: 'boolean' },
    recountThreshold: thresholdSchema,
  },
} as const;

export const patchInventoryBody = {
  type: 'object',
  additionalProperties: false,
  properties: { recountThreshold: thresholdSchema },
} as const;

/** `?uncounted=N`: only the first N uncounted lines (the screen shows 500, the after ZIP none). */
export const recapQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uncounted: { type: 'string', pattern: '^(0|[1-9][0-9]{0,6})$' },
    lines: { type: 'string', enum: ['all', 'changed'] },
  },
} as const;

export const closeBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { uncountedPolicy: { type: 'string', enum: ['keep', 'zero'] }, force: { type: 'boolean' } },
} as const;

export const addLineBody = {
  type: 'object',
  required: ['bin'],
  additionalProperties: false,
  properties: {
    itemRef: nullableText(64),
    barcode: nullableText(64),
    designation: nullableText(200),
    supplier: nullableText(120),
    unit: nullableText(16),
    unitCost: { anyOf: [decimal, { type: 'null' }] },
    bin: text(64),
    lot: nullableText(64),
    serial: nullableText(64),
  },
} as const;

/** PUT /inventories/:id/line-cost: a new reference's unit cost (the money's writing is checked by the handler). */
export const lineCostBody = {
  type: 'object',
  required: ['lineKey', 'unitCost'],
  additionalProperties: false,
  properties: { lineKey: text(800), unitCost: decimal },
} as const;

/** POST /inventories/:id/apply: no body, or `{confirmZeroCost}` (lines still to be valued go at 0 €). */
export const applyBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { confirmZeroCost: { type: 'boolean' } },
} as const;

export const deviceClaimBody = {
  type: 'object',
  required: ['deviceId'],
  additionalProperties: false,
  properties: { deviceId },
} as const;

export const countsPushBody = {
  type: 'object',
  required: ['deviceId', 'events'],
  additionalProperties: false,
  properties: {
    deviceId,
    unsent: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    unsentAt: deviceTime,
    refused: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    refusedReason: text(300),
    events: {
      type: 'array',
      maxItems: MAX_EVENTS_PER_PUSH,
      items: {
        type: 'object',
        required: ['id', 'lineKey', 'qty', 'seq', 'at'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', format: 'uuid' },
          lineKey: text(800),
          // null withdraws the device's count of the line.
          qty: { anyOf: [...decimal.anyOf, { type: 'null' }] },
          seq: { type: 'integer', minimum: 1, maximum: MAX_SEQ },
          // Ignored (the logged-in user counts): accepted from apps that still send it.
          counter: text(100),
          at: deviceTime,
          round: { type: 'integer', minimum: 0, maximum: 1_000_000 },
        },
      },
    },
  },
} as const;

export const countsPullQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: { type: 'string', pattern: '^(0|[1-9][0-9]{0,15})$' },
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' },
    // The pulling device: its last contact is recorded for the supervisor.
    deviceId,
  },
} as const;

export const linesQuery = {
  type: 'object',
  additionalProperties: false,
  // `added=true`: only the lines added during the count ("Ajouter réf." on any phone).
  properties: { added: { type: 'string', enum: ['true', 'false'] } },
} as const;

/** `?lines=N`: lines per chunk of the columns route (1 to 10,000; the app asks for its CHUNK_LINES). */
export const lineColumnsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { lines: { type: 'string', pattern: '^([1-9][0-9]{0,3}|10000)$' } },
} as const;

export const binChecksBody = {
  type: 'object',
  required: ['deviceId', 'checks'],
  additionalProperties: false,
  properties: {
    deviceId,
    checks: {
      type: 'array',
      maxItems: MAX_BIN_CHECKS_PER_PUSH,
      items: {
        type: 'object',
        required: ['bin', 'empty', 'seq', 'counter', 'at'],
        additionalProperties: false,
        properties: {
          bin: text(64),
          empty: { type: 'boolean' },
          seq: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          counter: text(100),
          at: deviceTime,
        },
      },
    },
  },
} as const;

export const recountBody = {
  oneOf: [
    { type: 'object', required: ['lineKey'], additionalProperties: false, properties: { lineKey: text(800) } },
    { type: 'object', required: ['bin'], additionalProperties: false, properties: { bin: text(64) } },
  ],
} as const;

export const exportParams = {
  type: 'object',
  required: ['id', 'phase'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' },
    phase: { type: 'string', enum: ['before', 'after'] },
  },
} as const;

export const importUploadQuery = {
  type: 'object',
  required: ['fileName'],
  additionalProperties: false,
  properties: {
    fileName: {
      ...text(200),
      pattern: '^[^\\u0000-\\u001f\\u007f/\\\\]+\\.(csv|CSV|txt|TXT|tsv|TSV|xlsx|XLSX)$',
    },
    location: text(32),
  },
} as const;

export const importQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { location: text(32) },
} as const;

export const importSettingsBody = {
  type: 'object',
  required: ['mode', 'location', 'mapping', 'decimal', 'defaultBin', 'defaultKind'],
  additionalProperties: false,
  properties: {
    mode: { type: 'string', enum: IMPORT_MODES },
    location: nullableText(32),
    mapping: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['column', 'header', 'field'],
        additionalProperties: false,
        properties: {
          column: { type: 'integer', minimum: 0, maximum: 16383 },
          header: { type: 'string', maxLength: 1000 },
          field: { anyOf: [{ type: 'string', enum: IMPORT_FIELDS }, { type: 'null' }] },
        },
      },
    },
    decimal: { type: 'string', enum: [',', '.'] },
    defaultBin: text(64),
    defaultKind: { type: 'string', enum: INVENTORY_KINDS },
  },
} as const;

export const importCommitBody = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: { token: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
} as const;

const role = { type: 'string', enum: ROLES } as const;
const password = text(MAX_PASSWORD_LENGTH);

export const usernameParams = {
  type: 'object',
  required: ['username'],
  additionalProperties: false,
  properties: { username: { type: 'string', pattern: USERNAME_PATTERN } },
} as const;

export const createUserBody = {
  type: 'object',
  required: ['username', 'role', 'password'],
  additionalProperties: false,
  properties: { username: text(100), role, password },
} as const;

export const updateUserBody = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { role, active: { type: 'boolean' } },
} as const;

export const resetPasswordBody = {
  type: 'object',
  required: ['password'],
  additionalProperties: false,
  properties: { password },
} as const;

export const createLocationBody = {
  type: 'object',
  required: ['code', 'name'],
  additionalProperties: false,
  properties: { code: text(LOCATION_CODE_MAX), name: text(LOCATION_NAME_MAX) },
} as const;

export const renameLocationBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: text(LOCATION_NAME_MAX) },
} as const;

export const movementsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: { type: 'string', pattern: '^(0|[1-9][0-9]{0,14})$' },
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' },
  },
} as const;

export const deliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' },
    before: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' },
  },
} as const;

export { idParams };
