/**
 * The decode worker: the engines and the pipeline, off the page's thread, so a frame that
 * costs 150 ms of retries never freezes the screen. It imports nothing of the app chunk
 * (only the decode modules and core/gs1), and answers each frame with its read or null.
 */
import { createEngines, framePixels } from './engines';
import { createPipeline } from './pipeline';
import type { Decoded } from './types';
import type { WorkerCall, WorkerReply } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let decode: ((frame: ImageData) => Promise<Decoded | null>) | null = null;
const pixels = framePixels();
const reply = (message: WorkerReply): void => self.postMessage(message);

self.onmessage = async (e: MessageEvent<WorkerCall>): Promise<void> => {
  const call = e.data;
  if (call.type === 'start') {
    try {
      const engines = await createEngines(call.engines);
      decode = createPipeline(engines, { retries: call.retries, budgetMs: call.budgetMs });
      reply({ type: 'started', engines: engines.map((en) => en.name) });
    } catch (error) {
      reply({ type: 'failed', id: null, message: String(error) });
    }
    return;
  }
  try {
    if (!decode) throw new Error('the decoder is not started');
    reply({ type: 'decoded', id: call.id, decoded: await decode(pixels(call.frame)) });
  } catch (error) {
    reply({ type: 'failed', id: call.id, message: String(error) });
  }
};
