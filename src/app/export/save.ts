/**
 * What the screens call to export: build the ZIP in the worker, keep it in the inventory
 * record on the device, download it, send it to the server. Each step can fail on its
 * own (no network, a browser that blocks downloads) without losing the others: until
 * the server has it, the ZIP stays on the device, can be downloaded again offline, and
 * `uploadPendingExports` (the sync loop) sends it later; once sent, the server's copy is
 * the one downloaded again. The outcome says which steps went through, so the screen can
 * say "ZIP enregistré, envoi au serveur en attente".
 */
import { fail, ok, type DomainError, type Result } from '../../core/errors';
import type { ExportPhase } from '../../core/export/types';
import { callBytes, call } from '../api/client';
import type { StoredExport, StoredSession } from '../db/schema';
import { getInventory, updateInventory } from '../db/snapshot';
import { buildExportZip, prepareAfterExport, type BuiltZip } from './bridge';
import type { ExportLocation, ExportProgress } from './protocol';

export type ExportUser = Pick<StoredSession, 'username' | 'token'>;
export type OnProgress = (progress: ExportProgress) => void;
type Problem = DomainError<string>;

export interface SavedExport {
  readonly fileName: string;
  readonly size: number;
  /**
   * null: kept in the inventory record on this device until the server has it (to
   * download again offline, to send later).
   */
  readonly storeError: Problem | null;
  /** null: the browser saved the file. */
  readonly downloadError: Problem | null;
  /**
   * The server has this phase's ZIP: this one, or one another device sent first (the
   * server keeps the first; it is the reference and nothing is left to send).
   */
  readonly uploaded: boolean;
  /** Why not yet (`offline`, `unauthenticated`, `forbidden`, …); null once uploaded. */
  readonly uploadError: Problem | null;
}

/** The ZIP before counting, from the snapshot stored on this device; works offline (the upload then waits). */
export const exportBefore = (
  inventoryId: number,
  user: ExportUser,
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<Result<SavedExport, string>> => exportPhase('before', inventoryId, user, onProgress, signal);

/**
 * Confirmer l'inventaire is asked: the apply and then exportAfter may come next. The worker
 * reads the snapshot meanwhile (at 250,000 lines, 0.7-0.8 s of a desktop core, ~4 s of a
 * phone's, less to wait once applied); unused, it goes with the idle worker.
 */
export const prepareAfter = (inventoryId: number): void => prepareAfterExport(inventoryId);

/** The ZIP once applied; needs the network (the recap and the count events come from the server). */
export const exportAfter = (
  inventoryId: number,
  user: ExportUser,
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<Result<SavedExport, string>> => exportPhase('after', inventoryId, user, onProgress, signal);

async function exportPhase(
  phase: ExportPhase,
  inventoryId: number,
  user: ExportUser,
  onProgress: OnProgress | undefined,
  signal: AbortSignal | undefined,
): Promise<Result<SavedExport, string>> {
  const kept = (await getInventory(inventoryId))?.[phase] ?? null;
  let zip: BuiltZip;
  let record: StoredExport;
  let storeError: Problem | null = null;
  // The server keeps one ZIP per phase: a ZIP made again (another time stamp) would be
  // refused, so the one already made is used again.
  if (kept?.bytes) {
    zip = { fileName: kept.fileName, bytes: kept.bytes };
    record = kept;
  } else if (kept?.uploaded) {
    const got = await fromServer(inventoryId, phase, kept.fileName);
    if (!got.ok) return got;
    zip = got.value;
    record = kept;
  } else {
    const built = await buildExportZip(
      { kind: phase, inventoryId, generatedBy: user.username },
      { onProgress, signal, token: user.token },
    );
    if (!built.ok) return built;
    zip = built.value;
    const fresh: StoredExport = {
      fileName: zip.fileName,
      savedAt: new Date().toISOString(),
      bytes: zip.bytes,
      uploaded: false,
    };
    record = fresh;
    storeError = await attempt('store_failed', () => updateInventory(inventoryId, { [phase]: fresh }));
  }
  const downloaded = downloadZip(zip.fileName, zip.bytes);
  const uploadError = record.uploaded ? null : await upload(inventoryId, phase, record, signal);
  return ok({
    fileName: zip.fileName,
    size: zip.bytes.byteLength,
    storeError,
    downloadError: downloaded.ok ? null : downloaded.error,
    uploaded: uploadError === null,
    uploadError,
  });
}

/** The location's current stock, outside any inventory: built and downloaded, not kept nor sent. */
export async function exportStock(
  location: ExportLocation,
  user: ExportUser,
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<Result<{ readonly fileName: string; readonly size: number }, string>> {
  const built = await buildExportZip(
    { kind: 'stock', location, generatedBy: user.username },
    { onProgress, signal, token: user.token },
  );
  if (!built.ok) return built;
  const downloaded = downloadZip(built.value.fileName, built.value.bytes);
  if (!downloaded.ok) return downloaded;
  return ok({ fileName: built.value.fileName, size: built.value.bytes.byteLength });
}

/** Sends the ZIPs of this inventory still waiting for the server; for the sync loop. */
export async function uploadPendingExports(
  inventoryId: number,
): Promise<{ readonly phase: ExportPhase; readonly error: Problem | null }[]> {
  const inv = await getInventory(inventoryId);
  const results: { phase: ExportPhase; error: Problem | null }[] = [];
  for (const phase of ['before', 'after'] as const) {
    const kept = inv?.[phase];
    if (kept?.bytes && !kept.uploaded) results.push({ phase, error: await upload(inventoryId, phase, kept) });
  }
  return results;
}

/** The ZIP of a phase again: from this device when it has it (offline), else from the server. */
export async function downloadExportAgain(
  inventoryId: number,
  phase: ExportPhase,
): Promise<Result<{ readonly fileName: string; readonly size: number }, string>> {
  const kept = (await getInventory(inventoryId))?.[phase] ?? null;
  let zip: BuiltZip;
  if (kept?.bytes) zip = { fileName: kept.fileName, bytes: kept.bytes };
  else {
    const got = await fromServer(inventoryId, phase, kept?.fileName ?? null);
    if (!got.ok) return got;
    zip = got.value;
  }
  const downloaded = downloadZip(zip.fileName, zip.bytes);
  return downloaded.ok ? ok({ fileName: zip.fileName, size: zip.bytes.byteLength }) : downloaded;
}

async function fromServer(
  inventoryId: number,
  phase: ExportPhase,
  fileName: string | null,
): Promise<Result<BuiltZip, string>> {
  let name = fileName;
  if (name === null) {
    const detail = await call('getInventory', { params: { id: inventoryId } });
    if (!detail.ok) return detail;
    name = detail.value.exports[phase]?.fileName ?? null;
    if (name === null) return fail('not_found', `The server has no ${phase} export of inventory #${inventoryId}.`);
  }
  const got = await callBytes('downloadExport', { params: { id: inventoryId, phase } });
  return got.ok ? ok({ fileName: name, bytes: got.value }) : got;
}

/** null once the server has the phase's ZIP (marked so on the device), else why not. */
async function upload(
  inventoryId: number,
  phase: ExportPhase,
  kept: StoredExport,
  signal?: AbortSignal,
): Promise<Problem | null> {
  if (!kept.bytes) return { code: 'not_stored', message: `The ${phase} ZIP is no longer on this device.` };
  const sent = await call('uploadExport', {
    params: { id: inventoryId, phase },
    bytes: kept.bytes,
    timeoutMs: 300_000,
    signal,
  });
  // An after ZIP made while a late count was arriving differs from the server's data by
  // that count: forgotten here, so the next export builds it again from the server.
  if (!sent.ok && sent.error.code === 'export_mismatch' && phase === 'after') {
    await attempt('store_failed', () => updateInventory(inventoryId, { after: null }));
    return sent.error;
  }
  if (!sent.ok && sent.error.code !== 'export_exists') return sent.error;
  // Once the server has it, the copy on the device goes (schema.ts): every read of the
  // inventory record would otherwise carry megabytes; downloading again then asks the server.
  return attempt('store_failed', () =>
    updateInventory(inventoryId, { [phase]: { ...kept, bytes: null, uploaded: true } }),
  );
}

/** Saves the ZIP as a file: a Blob and a click on `<a download>`. */
export function downloadZip(fileName: string, bytes: Uint8Array): Result<true, 'download_failed'> {
  try {
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
    // The download reads the Blob after the click returns: revoke well after.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return ok(true);
  } catch (e) {
    return fail('download_failed', `The browser did not save ${fileName} (${reason(e)}).`);
  }
}

async function attempt(code: string, action: () => Promise<unknown>): Promise<Problem | null> {
  try {
    await action();
    return null;
  } catch (e) {
    return { code, message: reason(e) };
  }
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));
