/**
 * The live-camera part of the decode bench: the app's own scan loop (src/app/scan/scanLoop.ts)
 * watches a video fed by a canvas (captureStream, a frame pushed every 33 ms as a camera
 * would), the bench shows each code in turn until it is counted (as a counter waits for
 * the beep), and notes when the loop decides to count it and how long the page's thread
 * was ever busy meanwhile. Run once with the previous
 * pipeline (decoding on the page's thread, counting the first read) and once with the new
 * one (decoding in the worker, counting when two reads agree).
 */
import { createDecoder } from '../../../src/app/scan/decode';
import { scanLoop } from '../../../src/app/scan/scanLoop';
import type { CameraRunResult, CameraRunSpec } from './protocol';

const FRAME_MS = 33;
const HEARTBEAT_MS = 5;

const frames: { image: ImageData; expected: string }[] = [];

function addCameraFrame(grayBase64: string, width: number, height: number, expected: string): void {
  const gray = Uint8Array.from(atob(grayBase64), (c) => c.charCodeAt(0));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < gray.length; i++, j += 4) {
    rgba[j] = rgba[j + 1] = rgba[j + 2] = gray[i] ?? 0;
    rgba[j + 3] = 255;
  }
  frames.push({ image: new ImageData(rgba, width, height), expected });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function cameraRun(spec: CameraRunSpec): Promise<CameraRunResult> {
  const first = frames[0];
  if (!first) throw new Error('no camera frames');
  const canvas = document.createElement('canvas');
  Object.assign(canvas, { width: first.image.width, height: first.image.height });
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  const blank = (): void => {
    ctx.fillStyle = '#aaa';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  blank();
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  // A camera's frames always differ a little (sensor noise); a canvas's do not, and the
  // video presents (requestVideoFrameCallback) only a changed one: one corner pixel flickers.
  let tick = 0;
  const pump = setInterval(() => {
    ctx.fillStyle = tick++ % 2 ? '#ababab' : '#aaaaaa';
    ctx.fillRect(0, 0, 1, 1);
    track.requestFrame();
  }, FRAME_MS);
  const video = document.createElement('video');
  Object.assign(video, { muted: true, playsInline: true, srcObject: stream });
  document.body.append(video);
  await video.play();

  const pageThread = spec.mode === 'page, first read';
  const decoder = await createDecoder(pageThread ? { thread: 'page' } : {});
  let current = -1;
  let shownAt = 0;
  let decodedFrames = 0;
  const shown = frames.map((f) => ({ expected: f.expected, counted: [] as { text: string; ms: number }[] }));
  const stop = scanLoop(
    video,
    decoder,
    (d) => shown[current]?.counted.push({ text: d.text, ms: performance.now() - shownAt }),
    { agreeing: pageThread ? 1 : 2, onFrame: () => decodedFrames++ },
  );

  // The page's thread: the long tasks (over 50 ms) the browser reports, and the longest gap
  // between two ticks of a 5 ms timer (a task, or the thread waiting for a busy machine's CPU).
  let longest = 0;
  let longTasks = 0;
  let gap = 0;
  let last = performance.now();
  let beating = true;
  const beat = (): void => {
    const now = performance.now();
    gap = Math.max(gap, now - last - HEARTBEAT_MS);
    last = now;
    if (beating) setTimeout(beat, HEARTBEAT_MS);
  };
  setTimeout(beat, HEARTBEAT_MS);
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      longTasks++;
      longest = Math.max(longest, e.duration);
    }
  });
  observer.observe({ type: 'longtask' });

  await sleep(1000); // the decoder's first frames (the wasm compiled, the worker warm)
  longest = 0;
  longTasks = 0;
  gap = 0;
  for (let i = 0; i < frames.length; i++) {
    ctx.putImageData(frames[i]!.image, 0, 0);
    current = i;
    shownAt = performance.now();
    // Held in view until it is counted (a counter waits for the beep), at most maxHoldMs.
    while (shown[i]!.counted.length === 0 && performance.now() - shownAt < spec.maxHoldMs) await sleep(20);
    await sleep(spec.afterCountMs);
    blank();
    await sleep(spec.gapMs);
  }
  beating = false;
  observer.disconnect();
  stop();
  clearInterval(pump);
  decoder.dispose();
  track.stop();
  video.remove();
  return { shown, longestTaskMs: longest, longTasks, longestGapMs: gap, frames: decodedFrames };
}

export const cameraBench = { addCameraFrame, cameraRun };
