/**
 * What each route of core's table answers, as the app reads it: `call(name, …)` returns
 * this type, so a screen names the route and gets its shape without restating either. A
 * route the app does not read (or whose answer it ignores) answers `unknown`.
 */
import type { UserDto } from '../../core/adminApi';
import type {
  BinChecksPushResultDto,
  BinDto,
  CountsPageDto,
  CountsPushResultDto,
  DeviceStatusDto,
  ExportInfoDto,
  InventoryDetailDto,
  InventoryDto,
  LineDto,
  LocationDto,
  RecapDto,
  RecapTotalsDto,
  RecountDto,
  SessionDto,
  StockLineDto,
} from '../../core/api/dto';
import type { RouteName } from '../../core/api/routes';
import type { ImportDetailDto, ImportHistoryDto, ImportPreviewDto, ImportResult } from '../../core/import/preview';
import type { MovementsPageDto, WebhookDeliveriesDto, WebhookDeliveryDto } from '../../core/outbound';

export interface RouteResponses {
  readonly login: SessionDto;
  readonly listLocations: LocationDto[];
  readonly getStock: StockLineDto[];
  readonly createInventory: InventoryDto;
  readonly listInventories: InventoryDto[];
  readonly getInventory: InventoryDetailDto;
  readonly patchInventory: InventoryDto;
  readonly listDevices: DeviceStatusDto[];
  readonly closeInventory: RecapDto;
  readonly getRecap: RecapDto;
  readonly reopenInventory: InventoryDto;
  readonly cancelInventory: InventoryDto;
  readonly applyInventory: { inventory: InventoryDto; movements: number; totals: RecapTotalsDto };
  readonly listLines: LineDto[];
  readonly addLine: LineDto;
  readonly setLineCost: LineDto;
  readonly pushCounts: CountsPushResultDto;
  readonly pullCounts: CountsPageDto;
  readonly listBins: BinDto[];
  readonly pushBinChecks: BinChecksPushResultDto;
  readonly listRecounts: RecountDto[];
  readonly createRecount: RecountDto;
  readonly uploadExport: ExportInfoDto;
  readonly listImports: ImportHistoryDto[];
  readonly getImport: ImportDetailDto;
  readonly importProgress: { rows: number };
  readonly previewImport: ImportPreviewDto;
  readonly commitImport: ImportResult;
  readonly listUsers: UserDto[];
  readonly createUser: UserDto;
  readonly updateUser: UserDto;
  readonly resetPassword: UserDto;
  readonly createLocation: LocationDto;
  readonly renameLocation: LocationDto;
  readonly listMovements: MovementsPageDto;
  readonly listDeliveries: WebhookDeliveriesDto;
  readonly retryDelivery: WebhookDeliveryDto;
}

export type ResponseOf<N extends RouteName> = N extends keyof RouteResponses ? RouteResponses[N] : unknown;
