/**
 * "The same code held in front of the camera counts once until it leaves the frame." A
 * code is in view from the frame it is first read until it has been missing for both
 * GONE_FRAMES decoded frames and GONE_MS: a blurred frame or two (a shaking hand) does not
 * make it leave, and a slow phone (few frames a second) still needs the time to pass.
 * Several codes may be in view at once (a shelf of labels): each is tracked on its own.
 */
const GONE_MS = 800;
const GONE_FRAMES = 3;

export class Presence {
  private readonly inView = new Map<string, { lastSeen: number; misses: number }>();

  /** One decoded frame (`code` null: nothing read); true when `code` just came into view. */
  frame(code: string | null, now: number): boolean {
    const fresh = code !== null && !this.inView.has(code);
    for (const [c, s] of this.inView) {
      if (c === code) continue;
      s.misses++;
      if (s.misses >= GONE_FRAMES && now - s.lastSeen >= GONE_MS) this.inView.delete(c);
    }
    if (code !== null) this.inView.set(code, { lastSeen: now, misses: 0 });
    return fresh;
  }

  /** The camera stopped: whatever is shown when it starts again is a new appearance. */
  clear(): void {
    this.inView.clear();
  }
}
