/**
 * Deflating on a second core, while the files are written: the export worker hands each
 * big file to a helper worker (deflater.worker.ts) a few megabytes at a time, as its rows are
 * encoded, and the helper deflates them into that file's stream. The helper starts on
 * stock.csv's first rows, not once the file is written: at 250,000 lines that was 0.3 s
 * of the after ZIP with the second core idle. Where the helper cannot start or fails (a
 * browser without workers inside workers), the export worker deflates the whole file
 * itself: the bytes inflate to the same text either way.
 */
import { deflateRaw } from '../../core/export/deflate';
import type { DeflateAhead, DeflateStream } from '../../core/export/build';

/** A piece of stream `id`, in order; `final` ends the stream, and the helper answers with it. */
export interface DeflateCall {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly final: boolean;
}
export type DeflateAnswer =
  { readonly id: number; readonly deflated: Uint8Array } | { readonly id: number; readonly error: string };

export interface Deflater {
  readonly stream: DeflateAhead;
  /** Ends the helper; once the export is over (a stream still waiting would never answer). */
  stop(): void;
}

/** Pieces are sent this size: a handful of messages per file, each a short copy. */
const PIECE_BYTES = 2 << 20;

const deflateHere = (whole: Uint8Array): Promise<Uint8Array> => Promise.resolve(deflateRaw(whole, { final: true }));

const alone: Deflater = {
  stream: () => ({ push: () => undefined, end: deflateHere }),
  stop: () => undefined,
};

export function startDeflater(): Deflater {
  let helper: Worker | null = null;
  try {
    helper = new Worker(new URL('./deflater.worker.ts', import.meta.url), { type: 'module', name: 'export-deflate' });
  } catch {
    return alone;
  }
  // Streams ended and not answered yet: null when the helper could not deflate them.
  const waiting = new Map<number, (deflated: Uint8Array | null) => void>();
  let next = 0;
  // A helper that fails to load or crashes: every stream it held is deflated here instead.
  const fallBack = (): void => {
    helper?.terminate();
    helper = null;
    for (const answer of waiting.values()) answer(null);
    waiting.clear();
  };
  helper.onerror = (e) => {
    e.preventDefault();
    fallBack();
  };
  helper.onmessage = (e: MessageEvent<DeflateAnswer>) => {
    const answer = waiting.get(e.data.id);
    if (!answer) return;
    waiting.delete(e.data.id);
    if ('deflated' in e.data) return answer(e.data.deflated);
    // A bug in the helper: the file is deflated here, but the console (and the tests) say so.
    console.error(`deflate helper: ${e.data.error}`);
    answer(null);
  };
  const stream = (): DeflateStream => {
    const id = next++;
    let pieces: Uint8Array[] = [];
    let size = 0;
    // A copy: the writer keeps its bytes, and the copy is moved to the helper, not copied again.
    const send = (final: boolean): void => {
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const p of pieces) {
        bytes.set(p, at);
        at += p.byteLength;
      }
      pieces = [];
      size = 0;
      helper?.postMessage({ id, bytes, final } satisfies DeflateCall, [bytes.buffer]);
    };
    return {
      push(bytes) {
        if (!helper) return;
        pieces.push(bytes);
        size += bytes.byteLength;
        if (size >= PIECE_BYTES) send(false);
      },
      end(whole) {
        if (!helper) return deflateHere(whole);
        return new Promise((resolve) => {
          waiting.set(id, (deflated) => (deflated ? resolve(deflated) : resolve(deflateHere(whole))));
          send(true);
        });
      },
    };
  };
  return {
    stream,
    stop() {
      helper?.terminate();
      helper = null;
    },
  };
}
