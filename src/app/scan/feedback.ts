/**
 * What a counter notices without looking at the screen: a beep (WebAudio, no sound file
 * to cache), a vibration where the device has one, and a screen flash (the caller shows
 * it). A count is one short high beep; a code to deal with (unknown, choose a line) two
 * low ones. Every part is optional: a browser without one simply skips it.
 */
export type Signal = 'counted' | 'attention';

let audio: AudioContext | null = null;

function beep(frequency: number, start: number, ms: number): void {
  if (!audio) return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.frequency.value = frequency;
  gain.gain.value = 0.2;
  osc.connect(gain).connect(audio.destination);
  const at = audio.currentTime + start;
  osc.start(at);
  osc.stop(at + ms / 1000);
}

/**
 * In a task of its own, after the screen shows what the scan did: the first calls make and
 * start the AudioContext (318 then 89 ms of main thread in a profile at a phone's 4× slower
 * CPU, ~1 ms a scan after), which the first scans' "counted" waited behind (issue 23). The
 * count is already stored by then.
 */
export function signal(kind: Signal): void {
  setTimeout(() => play(kind), 0);
}

function play(kind: Signal): void {
  try {
    // Made on first use, which follows a user gesture (a tap on the camera button, a key).
    audio ??= typeof AudioContext === 'function' ? new AudioContext() : null;
    if (audio?.state === 'suspended') void audio.resume();
    if (kind === 'counted') beep(1760, 0, 90);
    else {
      beep(440, 0, 120);
      beep(440, 0.18, 120);
    }
  } catch {
    // No sound (autoplay policy, no audio device): the flash and the vibration remain.
  }
  navigator.vibrate?.(kind === 'counted' ? 60 : [120, 60, 120]);
}
