/**
 * From the live video to the codes to count: each new video frame (never the same one
 * twice, so two reads that agree come from two frames) is grabbed as a VideoFrame and
 * handed to the decoder, one at a time (never a queue: a slow phone reads fewer frames,
 * it does not fall behind or grow its memory). Each read
 * goes through Presence, which says when a code is to be counted.
 */
import type { Decoded, Decoder, Frame } from './decode/types';
import { Presence } from './presence';

/** Without requestVideoFrameCallback (older Safari), the pause between two grabs. */
const FRAME_GAP_MS = 40;

export interface ScanLoopOptions {
  /** How many successive frames must read the same code before it counts (default 2; 1 was the old way). */
  readonly agreeing?: number;
  /** Every decoded frame, with or without a code (the benchmark's clock). */
  readonly onFrame?: (decoded: Decoded | null) => void;
}

/**
 * The video's current frame for the decoder. A VideoFrame (WebCodecs) is a reference to
 * the camera's buffer: no copy and no colour conversion on the page's thread, the worker
 * does both. Without WebCodecs, an ImageBitmap (older Safari).
 */
async function grab(video: HTMLVideoElement): Promise<Frame> {
  if (typeof VideoFrame === 'function') return new VideoFrame(video);
  return createImageBitmap(video);
}

/** Runs until the returned function is called; `onCode` gets each code to count, once per appearance. */
export function scanLoop(
  video: HTMLVideoElement,
  decoder: Decoder,
  onCode: (decoded: Decoded) => void,
  options: ScanLoopOptions = {},
): () => void {
  const presence = new Presence(options.agreeing ?? 2);
  let stopped = false;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const nextFrame = (): Promise<void> =>
    'requestVideoFrameCallback' in video
      ? new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()))
      : sleep(FRAME_GAP_MS);

  const run = async (): Promise<void> => {
    while (!stopped) {
      await nextFrame();
      if (stopped) return;
      if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
        await sleep(FRAME_GAP_MS);
        continue;
      }
      const decoded = await grab(video)
        .then((frame) => decoder.decode(frame))
        .catch(() => null);
      if (stopped) return;
      options.onFrame?.(decoded);
      // Only a code in the aiming area counts: a neighbour at the edge of the view never does.
      const aimed = decoded?.aimed ? decoded : null;
      if (presence.frame(aimed?.text ?? null, performance.now()) && aimed) onCode(aimed);
    }
  };
  void run();
  return () => {
    stopped = true;
  };
}
