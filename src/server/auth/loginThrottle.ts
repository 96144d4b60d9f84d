/**
 * Slows password guessing: after `maxFailures` wrong passwords for one username (or from
 * one address) within `windowMs`, further attempts are refused until the window passes.
 * A successful login clears the username's failures. Kept in memory: a restart forgets,
 * which is acceptable for a throttle (it never grants anything).
 */
export interface ThrottleOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: ThrottleOptions = { maxFailures: 5, windowMs: 15 * 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before another attempt, or 0 when allowed. */
  retryAfterMs(keys: readonly string[]): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key);
      // A warehouse shares one address: the per-address limit only stops a guessing
      // machine, not colleagues who mistype.
      const limit = key.startsWith('ip:') ? this.options.maxFailures * 20 : this.options.maxFailures;
      if (recent.length >= limit) {
        wait = Math.max(wait, (recent[recent.length - limit] ?? 0) + this.options.windowMs - this.now());
      }
    }
    return Math.max(0, wait);
  }

  fail(keys: readonly string[]): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key), this.now()]);
    if (this.failures.size > 10_000) this.prune();
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
