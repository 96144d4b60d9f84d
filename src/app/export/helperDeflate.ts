/**
 * Deflating on a second core: a helper worker (deflater.ts) deflates each file handed to
 * it, in order, while the export worker writes the next one. Where the helper cannot
 * start or fails (a browser without workers inside workers), the export worker deflates
 * the file itself: the bytes are the same either way.
 */
import { deflateRaw } from '../../core/export/deflate';

export interface DeflateCall {
  readonly id: number;
  readonly bytes: Uint8Array;
}
export type DeflateAnswer =
  { readonly id: number; readonly deflated: Uint8Array } | { readonly id: number; readonly error: string };

export interface Deflater {
  /** `bytes` as raw DEFLATE (a whole file); the caller keeps its bytes (a copy is sent). */
  deflate(bytes: Uint8Array): Promise<Uint8Array>;
  /** Ends the helper; once the export is over (a call still waiting would never answer). */
  stop(): void;
}

const deflateHere = (bytes: Uint8Array): Uint8Array => deflateRaw(bytes, { final: true });
const here = (bytes: Uint8Array): Promise<Uint8Array> => Promise.resolve(deflateHere(bytes));

export function startDeflater(): Deflater {
  let helper: Worker | null = null;
  try {
    helper = new Worker(new URL('./deflater.ts', import.meta.url), { type: 'module', name: 'export-deflate' });
  } catch {
    return { deflate: here, stop: () => undefined };
  }
  const waiting = new Map<number, { bytes: Uint8Array; resolve: (deflated: Uint8Array) => void }>();
  let next = 0;
  // A helper that fails to load or crashes: every file it holds is deflated here instead.
  const fallBack = (): void => {
    helper?.terminate();
    helper = null;
    for (const w of waiting.values()) w.resolve(deflateHere(w.bytes));
    waiting.clear();
  };
  helper.onerror = (e) => {
    e.preventDefault();
    fallBack();
  };
  helper.onmessage = (e: MessageEvent<DeflateAnswer>) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if ('deflated' in e.data) return w.resolve(e.data.deflated);
    // A bug in the helper: the file is deflated here, but the console (and the tests) say so.
    console.error(`deflate helper: ${e.data.error}`);
    w.resolve(deflateHere(w.bytes));
  };
  return {
    deflate(bytes) {
      if (!helper) return here(bytes);
      const id = next++;
      const h = helper;
      return new Promise((resolve) => {
        waiting.set(id, { bytes, resolve });
        h.postMessage({ id, bytes } satisfies DeflateCall);
      });
    },
    stop() {
      helper?.terminate();
      helper = null;
    },
  };
}
