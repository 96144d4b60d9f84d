/**
 * When a read from the camera becomes a count. Two rules:
 *
 * - Agreement: a code counts only once `agreeing` successive reads (frames where a code
 *   was read; blank frames between them do not break the run) say the same code, within
 *   AGREE_MS. A misread, even one that passes the check digit, is one frame's accident:
 *   the frame after reads the right code, and the misread never gathers a second vote.
 * - Presence: "the same code held in front of the camera counts once until it leaves the
 *   frame". A counted code is in view until it has been missing for both GONE_FRAMES
 *   decoded frames and GONE_MS: a blurred frame (a shaking hand) does not make it leave,
 *   and a fast phone (many frames a second) still needs the time to pass. Several
 *   codes may be in view at once (a shelf of labels): each is tracked on its own.
 */
const GONE_MS = 800;
const GONE_FRAMES = 2;
const AGREE_MS = 2000;

export class Presence {
  private readonly inView = new Map<string, { lastSeen: number; misses: number }>();
  private run: { code: string; reads: number; at: number } | null = null;

  constructor(private readonly agreeing = 2) {}

  /** One decoded frame (`code` null: nothing read); true when `code` is to be counted now. */
  frame(code: string | null, now: number): boolean {
    for (const [c, s] of this.inView) {
      if (c === code) continue;
      s.misses++;
      if (s.misses >= GONE_FRAMES && now - s.lastSeen >= GONE_MS) this.inView.delete(c);
    }
    if (code === null) return false;
    if (this.inView.has(code)) {
      this.inView.set(code, { lastSeen: now, misses: 0 });
      this.run = null;
      return false;
    }
    const run = this.run;
    const reads = run && run.code === code && now - run.at <= AGREE_MS ? run.reads + 1 : 1;
    this.run = { code, reads, at: now };
    if (reads < this.agreeing) return false;
    this.run = null;
    this.inView.set(code, { lastSeen: now, misses: 0 });
    return true;
  }

  /** The camera stopped: whatever is shown when it starts again is a new appearance. */
  clear(): void {
    this.inView.clear();
    this.run = null;
  }
}
