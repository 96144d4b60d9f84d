/**
 * At most `running` heavy jobs at once in this process (an export's rebuild and check
 * hold the inventory's recap and files in memory), and at most `waiting` queued behind
 * them: past that the caller is told to come back (503 `busy` with Retry-After), so a
 * burst of uploads neither grows memory without bound nor piles up requests.
 */
import { HttpError } from './errors';

export class Gate {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly waiting: number,
    private readonly retryAfterSeconds = 10,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.queue.length >= this.waiting) {
        throw new HttpError(503, 'busy', 'The server is checking other uploads; send this one again in a moment.', {
          retryAfterSeconds: this.retryAfterSeconds,
        });
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.active++;
    try {
      return await job();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
