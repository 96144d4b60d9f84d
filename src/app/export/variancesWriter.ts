/**
 * The variances helper's entry (started by helperVariances.ts, in the export worker):
 * reads the snapshot on the first message, and on the second writes and deflates an
 * after export's variances.csv from the server's recap and that snapshot.
 *
 * Imports core, src/app/db and dto.ts only (its own tsconfig, beside worker.ts's, makes
 * a stray `window` a compile error).
 */
import { FRENCH_CSV } from '../../core/export/csv';
import { deflateRaw } from '../../core/export/deflate';
import { variancesCsv } from '../../core/export/variances';
import type { LineDto } from '../../core/api';
import { loadLines } from '../db/snapshot';
import { afterFromSnapshot, recapFromDto } from './dto';
import type { VariancesAnswer, VariancesCall } from './helperVariances';

declare const self: DedicatedWorkerGlobalScope;

let snapshot: Promise<LineDto[]> = Promise.resolve([]);

self.onmessage = (e: MessageEvent<VariancesCall>): void => {
  const call = e.data;
  if (call.type === 'read') {
    snapshot = loadLines(call.inventoryId);
    return;
  }
  void snapshot
    .then((lines): VariancesAnswer => {
      const after = afterFromSnapshot(recapFromDto(call.recap), lines, call.kind);
      if (!after) return { file: null };
      const file = variancesCsv(after.recap, FRENCH_CSV);
      return { file: { ...file, deflated: deflateRaw(file.bytes, { final: true }) } };
    })
    .catch((error: unknown): VariancesAnswer => ({
      file: null,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }))
    .then((answer) => {
      const f = answer.file;
      self.postMessage(answer, f ? ([f.bytes.buffer, f.deflated!.buffer] as ArrayBuffer[]) : []);
    });
};
