/**
 * The phone's camera: the rear one by default (or the one the counter chose), its torch
 * where the track has one, tap-to-focus where the browser exposes focus controls (the
 * frames go to the decoder through scanLoop.ts). Plain MediaDevices calls: the decoder's
 * libraries live in its worker, none of them in the page's camera chunk.
 * Errors are values: the screen says in words why there is no camera.
 */
import { fail, ok, type Result } from '../../core/errors';

export type CameraErrorCode = 'camera_denied' | 'camera_absent' | 'camera_busy' | 'camera_unavailable';

export interface CameraSession {
  readonly track: MediaStreamTrack;
  readonly canTorch: boolean;
  readonly setTorch: (on: boolean) => Promise<void>;
  /** Focuses on a point of the image (0..1 each way), where the camera allows it. */
  readonly focusAt: (x: number, y: number) => Promise<void>;
  /** Stops every track: the camera light goes off. Idempotent. */
  readonly stop: () => void;
}

/** Torch and focus controls Chromium exposes on Android (not yet in TypeScript's DOM types). */
interface TorchConstraints extends MediaTrackConstraintSet {
  torch?: boolean;
}
interface CameraCapabilities {
  readonly torch?: boolean;
  readonly focusMode?: readonly string[];
  readonly pointsOfInterest?: unknown;
}
interface FocusConstraints extends MediaTrackConstraintSet {
  focusMode?: string;
  pointsOfInterest?: readonly { x: number; y: number }[];
}

const REMEMBERED = 'decompte.camera';

export function rememberedCamera(): string | null {
  try {
    return localStorage.getItem(REMEMBERED);
  } catch {
    return null;
  }
}

export async function startCamera(
  video: HTMLVideoElement,
  deviceId: string | null,
): Promise<Result<CameraSession, CameraErrorCode>> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return fail('camera_unavailable', 'navigator.mediaDevices is missing (not a secure context?)');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
        width: { ideal: 1280 },
        height: { ideal: 720 },
      },
    });
  } catch (e) {
    return cameraError(e);
  }
  const track = stream.getVideoTracks()[0];
  if (!track) {
    stream.getTracks().forEach((t) => t.stop());
    return fail('camera_absent', 'the stream has no video track');
  }
  if (deviceId) {
    try {
      localStorage.setItem(REMEMBERED, deviceId);
    } catch {
      // Private mode: the choice lasts for this screen only.
    }
  }
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stream.getTracks().forEach((t) => t.stop());
    video.srcObject = null;
  };
  try {
    await video.play();
  } catch (e) {
    // A play() interrupted by a stop (the screen left at once) is no error worth showing.
    if (!stopped) {
      stop();
      return cameraError(e);
    }
  }
  const caps = (track.getCapabilities?.() ?? {}) as MediaTrackCapabilities & CameraCapabilities;
  return ok({
    track,
    canTorch: caps.torch === true,
    setTorch: (on) => track.applyConstraints({ advanced: [{ torch: on } as TorchConstraints] }),
    focusAt: async (x, y) => {
      const modes = caps.focusMode ?? [];
      if (!modes.includes('single-shot') && caps.pointsOfInterest === undefined) return;
      const wanted: FocusConstraints = {
        ...(caps.pointsOfInterest !== undefined ? { pointsOfInterest: [{ x, y }] } : {}),
        ...(modes.includes('single-shot') ? { focusMode: 'single-shot' } : {}),
      };
      // Best effort: a camera that refuses keeps its own focus.
      await track.applyConstraints({ advanced: [wanted] }).catch(() => undefined);
    },
    stop,
  });
}

function cameraError(e: unknown): Result<never, CameraErrorCode> {
  const name = e instanceof Error ? e.name : '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'NotAllowedError' || name === 'SecurityError') return fail('camera_denied', message);
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return fail('camera_absent', message);
  return fail('camera_busy', message);
}

/** The cameras of the device (names only once the camera was allowed). */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  } catch {
    return [];
  }
}
