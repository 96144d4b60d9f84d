/**
 * The stock import's calls (contract: core/import/preview.ts). The file goes up with
 * XMLHttpRequest, the one browser API that reports upload progress (fetch does not): a
 * 30 MB file on a warehouse's Wi-Fi takes long enough to need a bar.
 */
import { routePath } from '../../core/api/routes';
import { fail, ok } from '../../core/errors';
import type {
  ImportDetailDto,
  ImportFileInfo,
  ImportHistoryDto,
  ImportPreviewDto,
  ImportResult,
  ImportSettings,
} from '../../core/import/preview';
import { call, authorization, type ApiResult } from './client';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the server's parser is told the file is: its bytes decide in the end. */
const typeOf = (file: File): string => (/\.xlsx$/i.test(file.name) ? XLSX : 'text/csv');

export function uploadFile(
  file: File,
  location: string | null,
  onProgress: (fraction: number) => void,
): Promise<ApiResult<ImportFileInfo>> {
  return new Promise((resolve) => {
    const q = new URLSearchParams({ fileName: file.name });
    if (location) q.set('location', location);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${routePath('uploadImport', {})}?${q}`);
    const auth = authorization();
    if (auth) xhr.setRequestHeader('Authorization', auth);
    xhr.setRequestHeader('Content-Type', typeOf(file));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) return resolve(ok(body as ImportFileInfo));
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      resolve(
        xhr.status === 401
          ? fail('unauthorized', 'Log in again.')
          : fail(
              error?.code ?? (xhr.status === 413 ? 'too_large' : 'http_error'),
              error?.message ?? `HTTP ${xhr.status}`,
              {
                status: xhr.status,
              },
            ),
      );
    };
    xhr.onerror = () => resolve(fail('offline', 'The server cannot be reached.'));
    xhr.send(file);
  });
}

export const importApi = {
  history: (): Promise<ApiResult<ImportHistoryDto[]>> => call('listImports'),
  detail: (id: number, location: string | null): Promise<ApiResult<ImportDetailDto>> =>
    call('getImport', { params: { id }, query: { location: location || undefined } }),
  // A 250,000-line file takes a while to read and check: far longer than the usual 30 s.
  preview: (id: number, settings: ImportSettings): Promise<ApiResult<ImportPreviewDto>> =>
    call('previewImport', { params: { id }, body: settings, timeoutMs: 600_000 }),
  progress: (id: number): Promise<ApiResult<{ rows: number }>> => call('importProgress', { params: { id } }),
  commit: (id: number, token: string): Promise<ApiResult<ImportResult>> =>
    call('commitImport', { params: { id }, body: { token }, timeoutMs: 600_000 }),
};
