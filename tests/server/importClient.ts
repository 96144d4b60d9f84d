/** The import API as a test calls it: upload a file, preview it with settings, import it. */
import { expect } from 'vitest';
import type { ImportFileInfo, ImportPreviewDto, ImportResult, ImportSettings } from '../../src/core/import/preview';
import type { Response, TestServer } from './harness';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function uploadRaw(
  server: TestServer,
  bytes: Uint8Array,
  options: { fileName?: string; type?: string; location?: string; token?: string } = {},
): Promise<Response> {
  const q = new URLSearchParams({ fileName: options.fileName ?? 'stock.csv' });
  if (options.location) q.set('location', options.location);
  return server.call('POST', `/api/imports?${q}`, {
    token: options.token ?? (await server.token('superviseur')),
    body: bytes,
    headers: { 'content-type': options.type ?? CSV_TYPE },
  });
}

export async function upload(
  server: TestServer,
  bytes: Uint8Array,
  options: { fileName?: string; type?: string; location?: string } = {},
): Promise<ImportFileInfo> {
  const res = await uploadRaw(server, bytes, options);
  expect(res.status, res.body).toBe(201);
  return res.json<ImportFileInfo>();
}

export async function preview(
  server: TestServer,
  info: ImportFileInfo,
  changes: Partial<ImportSettings> = {},
): Promise<ImportPreviewDto> {
  const res = await server.call('POST', `/api/imports/${info.id}/preview`, {
    token: await server.token('superviseur'),
    body: { ...info.suggested, ...changes },
  });
  expect(res.status, res.body).toBe(200);
  return res.json<ImportPreviewDto>();
}

export async function commitRaw(server: TestServer, id: number, token: string): Promise<Response> {
  return server.call('POST', `/api/imports/${id}/commit`, {
    token: await server.token('superviseur'),
    body: { token },
  });
}

export async function commit(server: TestServer, id: number, token: string): Promise<ImportResult> {
  const res = await commitRaw(server, id, token);
  expect(res.status, res.body).toBe(200);
  return res.json<ImportResult>();
}

/** Upload, preview with the suggested settings (and `changes`), expect no error, import. */
export async function importFile(
  server: TestServer,
  bytes: Uint8Array,
  options: { fileName?: string; type?: string; location?: string; changes?: Partial<ImportSettings> } = {},
): Promise<ImportResult> {
  const info = await upload(server, bytes, options);
  const p = await preview(server, info, options.changes);
  expect(p.errors, JSON.stringify(p.errors)).toEqual([]);
  return commit(server, info.id, p.token);
}
