/**
 * What the routes answer, as JSON schemas, each one declared with the DTO it describes
 * (jsonSchema.ts: a schema that differs from its DTO in any field does not compile). The
 * route table (routes.ts) names them per route and status; the server registers them as
 * Fastify response schemas, whose serializer writes only the fields a schema lists — so
 * every object here lists all of its fields and allows no other, and the server tests
 * check every real answer against them (tests/server/contractAudit.ts).
 */
import type { UserDto } from '../adminApi';
import type {
  ImportDetailDto,
  ImportFileInfo,
  ImportHistoryDto,
  ImportPreview,
  ImportPreviewDto,
  ImportResult,
  ImportSettings,
} from '../import/preview';
import type { MovementsPageDto, WebhookDeliveriesDto, WebhookDeliveryDto } from '../outbound';
import { IMPORT_FIELDS } from '../import/fields';
import type { ImportErrorCode, ImportWarningCode } from '../import/issues';
import type {
  BinChecksPushResultDto,
  BinDto,
  CountEventDto,
  CountsPageDto,
  CountsPushResultDto,
  DevicePartDto,
  DeviceStatusDto,
  EmptyBinDto,
  ExportInfoDto,
  InventoryDetailDto,
  InventoryDto,
  LineColumnsDto,
  LineDto,
  LocationDto,
  RecapDto,
  RecapLineDto,
  RecapTotalsDto,
  RecountDto,
  SessionDto,
  StockLineDto,
  UnitTotalsDto,
} from './dto';
import {
  anyValue,
  array,
  boolean,
  either,
  integer,
  named,
  nullable,
  number,
  object,
  oneOf,
  record,
  schemaOf,
  type Schema,
  string,
  stringAs,
} from './jsonSchema';

const role = oneOf(['counter', 'supervisor', 'accountant', 'admin']);
const kind = oneOf(['articles', 'pieces']);
const uncountedPolicy = oneOf(['keep', 'zero']);
/** Decimal strings: quantities ("12.500") and money ("3.1400"). */
const decimal = string;
/** ISO-8601 times. */
const time = string;

/** Every refusal: `{ error: { code, message, details? } }` (details: what the code needs, free-form). */
export const apiError = named(
  'Error',
  object({ error: object({ code: string, message: string }, { details: anyValue }) }),
);

export const session = named(
  'Session',
  schemaOf<SessionDto>()(object({ token: string, expiresAt: time, user: object({ username: string, role }) })),
);

export const location = named(
  'Location',
  schemaOf<LocationDto>()(object({ id: integer, code: string, name: string, frozenBy: nullable(integer) })),
);

export const stockLine = named(
  'StockLine',
  schemaOf<StockLineDto>()(
    object({
      itemRef: string,
      designation: string,
      kind,
      supplier: nullable(string),
      bin: string,
      lot: nullable(string),
      serial: nullable(string),
      unit: string,
      qty: decimal,
      unitCost: decimal,
    }),
  ),
);

export const stockMoved = named('StockMoved', object({ qty: decimal }));

const inventoryFields = {
  id: integer,
  name: string,
  locationId: integer,
  kind,
  status: oneOf(['counting', 'closed', 'applied', 'cancelled']),
  uncountedPolicy,
  recountThreshold: object({ qtyPercent: nullable(decimal), value: nullable(decimal) }),
  createdAt: time,
  createdBy: string,
  closedAt: nullable(time),
  appliedAt: nullable(time),
};

export const inventory = named('Inventory', schemaOf<InventoryDto>()(object(inventoryFields)));

/** A new inventory, with the number of lines its snapshot took. */
export const inventoryCreated = named(
  'InventoryCreated',
  schemaOf<InventoryDto & { readonly lineCount: number }>()(object({ ...inventoryFields, lineCount: integer })),
);

export const exportInfo = named(
  'ExportInfo',
  schemaOf<ExportInfoDto>()(
    object({ fileName: string, sha256: string, bytes: integer, uploadedAt: time, uploadedBy: string }),
  ),
);

export const inventoryDetail = named(
  'InventoryDetail',
  schemaOf<InventoryDetailDto>()(
    object({
      ...inventoryFields,
      lineCount: integer,
      countedLines: integer,
      blind: boolean,
      devices: array(object({ deviceId: string, counter: string, lastEventAt: time, events: integer })),
      exports: object({ before: nullable(exportInfo), after: nullable(exportInfo) }),
    }),
  ),
);

export const deviceStatus = named(
  'DeviceStatus',
  schemaOf<DeviceStatusDto>()(
    object({
      deviceId: string,
      counter: string,
      lastContactAt: time,
      unsent: integer,
      refused: integer,
      refusedReason: nullable(string),
      events: integer,
      lateEvents: integer,
    }),
  ),
);

const devicePart = schemaOf<DevicePartDto>()(object({ deviceId: string, counter: string, qty: decimal, at: time }));

export const recapLine = named(
  'RecapLine',
  schemaOf<RecapLineDto>()(
    object({
      key: string,
      itemRef: string,
      designation: string,
      supplier: nullable(string),
      bin: string,
      lot: nullable(string),
      serial: nullable(string),
      unit: string,
      added: boolean,
      expected: decimal,
      counted: decimal,
      difference: decimal,
      unitCost: decimal,
      differenceValue: decimal,
      costMissing: boolean,
      devices: array(devicePart),
      round: integer,
      possibleDoubleCount: boolean,
      suggestRecount: boolean,
      late: boolean,
    }),
  ),
);

const unitTotals = named(
  'UnitTotals',
  schemaOf<UnitTotalsDto>()(
    object({ unit: string, lines: integer, expected: decimal, counted: decimal, difference: decimal }),
  ),
);

export const recapTotals = named(
  'RecapTotals',
  schemaOf<RecapTotalsDto>()(
    object({
      lines: integer,
      countedLines: integer,
      uncountedLines: integer,
      changedLines: integer,
      expected: decimal,
      counted: decimal,
      difference: decimal,
      expectedValue: decimal,
      countedValue: decimal,
      differenceValue: decimal,
      gainValue: decimal,
      lossValue: decimal,
      lateEvents: integer,
      byUnit: array(unitTotals),
    }),
  ),
);

export const recap = named(
  'Recap',
  schemaOf<RecapDto>()(
    object({ uncountedPolicy, lines: array(recapLine), uncounted: array(recapLine), totals: recapTotals }),
  ),
);

export const applied = named('Applied', object({ inventory, movements: integer, totals: recapTotals }));

export const line = named(
  'Line',
  schemaOf<LineDto>()(
    object(
      {
        key: string,
        itemRef: string,
        designation: string,
        kind,
        supplier: nullable(string),
        bin: string,
        lot: nullable(string),
        serial: nullable(string),
        barcodes: array(string),
        unit: string,
        expectedQty: nullable(decimal),
        unitCost: nullable(decimal),
        added: boolean,
      },
      { packs: array(object({ code: string, qty: decimal })), decimals: boolean, costMissing: boolean },
    ),
  ),
);

/** `added` as a column holds 0 and 1, not booleans (chunkColumns.ts: 1 byte a line, not 5). */
const zeroOrOne = { type: 'integer', enum: [0, 1] } as Schema<0 | 1>;

export const lineColumns = named(
  'LineColumns',
  schemaOf<LineColumnsDto>()(
    object({
      key: array(string),
      itemRef: array(string),
      designation: array(string),
      kind: array(kind),
      supplier: array(nullable(string)),
      bin: array(string),
      lot: array(nullable(string)),
      serial: array(nullable(string)),
      barcodes: array(array(string)),
      packs: array(nullable(array(object({ code: string, qty: decimal })))),
      unit: array(string),
      expectedQty: array(nullable(decimal)),
      unitCost: array(nullable(decimal)),
      added: array(zeroOrOne),
      decimals: array(nullable(boolean)),
      costMissing: array(nullable(boolean)),
    }),
  ),
);

export const countsPushed = named(
  'CountsPushed',
  schemaOf<CountsPushResultDto>()(object({ accepted: integer, duplicates: integer, late: integer })),
);

const countEvent = schemaOf<CountEventDto>()(
  object(
    {
      id: string,
      lineKey: string,
      deviceId: string,
      qty: nullable(decimal),
      seq: integer,
      counter: string,
      at: time,
      cursor: integer,
      late: boolean,
    },
    { round: integer, withheld: boolean },
  ),
);

export const countsPage = named(
  'CountsPage',
  schemaOf<CountsPageDto>()(
    object({
      events: array(countEvent),
      cursor: integer,
      more: boolean,
      emptyBins: array(schemaOf<EmptyBinDto>()(object({ bin: string, deviceId: string, counter: string }))),
    }),
  ),
);

export const bin = named(
  'Bin',
  schemaOf<BinDto>()(
    object({
      code: string,
      state: oneOf(['not_visited', 'counted', 'empty']),
      lines: integer,
      countedLines: integer,
      emptyBy: array(string),
    }),
  ),
);

export const binChecksPushed = named(
  'BinChecksPushed',
  schemaOf<BinChecksPushResultDto>()(object({ accepted: integer, ignored: integer })),
);

export const recount = named(
  'Recount',
  schemaOf<RecountDto>()(
    object({
      id: integer,
      lineKey: nullable(string),
      bin: nullable(string),
      round: integer,
      reason: oneOf(['manual', 'threshold']),
      requestedBy: string,
      requestedAt: time,
      avoidCounters: array(string),
      status: oneOf(['open', 'done']),
    }),
  ),
);

const importSettings = schemaOf<ImportSettings>()(
  object({
    mode: oneOf(['replace', 'items']),
    location: nullable(string),
    mapping: array(
      object({
        column: integer,
        header: string,
        field: nullable(oneOf(IMPORT_FIELDS)),
      }),
    ),
    decimal: oneOf([',', '.']),
    defaultBin: string,
    defaultKind: kind,
  }),
);

const importFileFields = {
  id: integer,
  fileName: string,
  format: oneOf(['csv', 'xlsx']),
  size: integer,
  sha256: string,
  encoding: nullable(string),
  separator: nullable(string),
  sheetName: nullable(string),
  headers: array(string),
  sample: array(array(string)),
  suggested: importSettings,
  mappingSource: oneOf(['remembered', 'preset', 'headers']),
  preset: nullable(oneOf(['decompte', 'odoo', 'dolibarr', 'erpnext'])),
};

export const importFile = named('ImportFile', schemaOf<ImportFileInfo>()(object(importFileFields)));

const importCounts = object({ new: integer, changed: integer, unchanged: integer, missing: integer });

const issue = <C extends string>() =>
  object(
    {
      row: nullable(integer),
      column: nullable(integer),
      header: nullable(string),
      code: stringAs<C>(),
      message: string,
    },
    { details: record(either(string, number)) },
  );

const previewFields = {
  rows: integer,
  locations: array(
    object({
      code: string,
      name: string,
      isNew: boolean,
      frozenBy: nullable(object({ id: integer, name: string })),
    }),
  ),
  items: importCounts,
  lines: importCounts,
  movements: integer,
  valueBefore: decimal,
  valueAfter: decimal,
  errors: array(issue<ImportErrorCode>()),
  errorCount: integer,
  warnings: array(issue<ImportWarningCode>()),
  warningCount: integer,
};

const importPreview = schemaOf<ImportPreview>()(object(previewFields));
const importResultFields = { ...previewFields, committedAt: time, committedBy: string };
export const importResult = named('ImportResult', schemaOf<ImportResult>()(object(importResultFields)));

export const importPreviewed = named(
  'ImportPreviewed',
  schemaOf<ImportPreviewDto>()(object({ ...previewFields, token: string, settings: importSettings })),
);

export const importListed = named(
  'ImportListed',
  schemaOf<ImportHistoryDto>()(
    object({
      id: integer,
      fileName: string,
      format: oneOf(['csv', 'xlsx']),
      size: integer,
      sha256: string,
      status: oneOf(['uploaded', 'previewed', 'committed']),
      uploadedAt: time,
      uploadedBy: string,
      committedAt: nullable(time),
      committedBy: nullable(string),
      errorCount: nullable(integer),
      movements: nullable(integer),
    }),
  ),
);

export const importDetail = named(
  'ImportDetail',
  schemaOf<ImportDetailDto>()(
    object({
      ...importFileFields,
      status: oneOf(['uploaded', 'previewed', 'committed']),
      preview: nullable(importPreview),
      result: nullable(importResult),
    }),
  ),
);

export const importProgress = named('ImportProgress', object({ rows: integer }));

export const user = named(
  'User',
  schemaOf<UserDto>()(
    object({
      username: string,
      role,
      active: boolean,
      createdAt: time,
      createdBy: nullable(string),
      updatedAt: time,
      updatedBy: nullable(string),
    }),
  ),
);

export const movementsPage = named(
  'MovementsPage',
  schemaOf<MovementsPageDto>()(
    object({
      movements: array(
        object({
          id: integer,
          at: time,
          location: object({ id: integer, code: string }),
          itemRef: string,
          designation: nullable(string),
          unit: nullable(string),
          bin: string,
          lot: nullable(string),
          serial: nullable(string),
          quantity: decimal,
          unitCost: decimal,
          value: decimal,
          reason: string,
          inventoryId: nullable(integer),
          importId: nullable(integer),
          by: string,
        }),
      ),
      cursor: integer,
      more: boolean,
    }),
  ),
);

export const delivery = named(
  'Delivery',
  schemaOf<WebhookDeliveryDto>()(
    object({
      id: integer,
      event: oneOf(['inventory.applied']),
      inventoryId: nullable(integer),
      status: oneOf(['pending', 'delivered', 'failed']),
      attempts: integer,
      createdAt: time,
      nextAttemptAt: nullable(time),
      deliveredAt: nullable(time),
      lastError: nullable(string),
      log: array(
        object({
          attempt: integer,
          at: time,
          httpStatus: nullable(integer),
          error: nullable(string),
          durationMs: integer,
        }),
      ),
    }),
  ),
);

export const deliveries = named(
  'Deliveries',
  schemaOf<WebhookDeliveriesDto>()(object({ configured: boolean, deliveries: array(delivery) })),
);
