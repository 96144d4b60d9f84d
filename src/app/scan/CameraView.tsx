/**
 * The camera part of the scanner, in its own chunk (the decoder's worker starts with it):
 * the live image with its aiming box, the camera choice, the torch, tap-to-focus. The
 * camera runs only while this is on screen AND the page is visible: hidden (phone locked,
 * app switched) or left, every track is stopped and the frame loop ends; back in view, it
 * starts again (a code then in view is a new appearance).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { createDecoder } from './decode';
import type { Decoder } from './decode/types';
import { listCameras, rememberedCamera, startCamera, type CameraErrorCode } from './camera';
import { AIM } from './decode/types';
import { t } from './messages';
import { scanLoop } from './scanLoop';

/** The aiming box over the image: the decoder's aiming area (styles set through the CSSOM, which the CSP allows). */
const AIM_BOX = {
  position: 'absolute',
  left: `${AIM.left * 100}%`,
  top: `${AIM.top * 100}%`,
  width: `${(AIM.right - AIM.left) * 100}%`,
  height: `${(AIM.bottom - AIM.top) * 100}%`,
  border: '2px solid rgb(255 255 255 / 85%)',
  boxShadow: '0 0 0 1px rgb(0 0 0 / 60%)',
  borderRadius: '4px',
  pointerEvents: 'none',
} as const;

export function CameraView({ onCode }: { onCode: (text: string, gs1: boolean) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [deviceId, setDeviceId] = useState<string | null>(rememberedCamera);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [error, setError] = useState<CameraErrorCode | null>(null);
  const [torch, setTorch] = useState<{ on: boolean; set: (on: boolean) => Promise<void> } | null>(null);
  const [focus, setFocus] = useState<((x: number, y: number) => Promise<void>) | null>(null);
  const report = useRef(onCode);
  report.current = onCode;

  useEffect(() => {
    let decoder: Decoder | null = null;
    let stopCamera: (() => void) | null = null;
    let stopFrames: (() => void) | null = null;
    let generation = 0;
    let unmounted = false;

    const stop = (): void => {
      generation++;
      stopFrames?.();
      stopCamera?.();
      stopFrames = stopCamera = null;
      setTorch(null);
      setFocus(null);
    };
    const start = async (): Promise<void> => {
      const mine = ++generation;
      const el = video.current;
      if (!el) return;
      const [session, dec] = await Promise.all([startCamera(el, deviceId), decoder ?? createDecoder()]);
      if (unmounted) {
        if (dec !== decoder) dec.dispose();
        if (session.ok) session.value.stop();
        return;
      }
      decoder = dec;
      if (!session.ok) {
        if (mine === generation) setError(session.error.code);
        return;
      }
      if (mine !== generation) return session.value.stop();
      setError(null);
      stopCamera = session.value.stop;
      stopFrames = scanLoop(el, dec, (d) => report.current(d.text, d.gs1));
      const s = session.value;
      setTorch(s.canTorch ? { on: false, set: s.setTorch } : null);
      setFocus(() => s.focusAt);
      setCameras(await listCameras());
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') stop();
      else if (!stopCamera) void start();
    };

    void start();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', stop);
    return () => {
      unmounted = true;
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', stop);
      stop();
      decoder?.dispose();
    };
  }, [deviceId]);

  const tapToFocus = (e: PointerEvent): void => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    void focus?.((e.clientX - box.left) / box.width, (e.clientY - box.top) / box.height);
  };

  return (
    <div class="camera">
      {error && (
        <p class="error" role="alert">
          {t(error)}
        </p>
      )}
      <div hidden={error !== null} style={{ position: 'relative' }}>
        <video
          ref={video}
          class="camera-view"
          aria-label={t('cameraView')}
          muted
          playsInline
          onPointerDown={tapToFocus}
        />
        <div style={AIM_BOX} aria-hidden="true" />
      </div>
      <div class="row">
        {cameras.length > 1 && (
          <label>
            {t('camera')}
            <select value={deviceId ?? ''} onChange={(e) => setDeviceId(e.currentTarget.value || null)}>
              {!deviceId && <option value="">—</option>}
              {cameras.map((c, i) => (
                <option key={c.deviceId} value={c.deviceId}>
                  {c.label || `${t('camera')} ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        )}
        {torch && (
          <button
            type="button"
            aria-pressed={torch.on}
            onClick={() => void torch.set(!torch.on).then(() => setTorch({ ...torch, on: !torch.on }))}
          >
            {torch.on ? t('torchOff') : t('torchOn')}
          </button>
        )}
      </div>
    </div>
  );
}
