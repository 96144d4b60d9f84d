/**
 * Sends the queued webhook deliveries (repos/webhooks.ts) to WEBHOOK_URL, in every server
 * process: each claims due deliveries with `FOR UPDATE SKIP LOCKED`, so one delivery goes
 * out from one process. A delivery is a POST of its stored JSON body with:
 *   X-Decompte-Event: inventory.applied
 *   X-Decompte-Delivery: <delivery id>        (the same on every retry: dedupe on it)
 *   X-Decompte-Timestamp: <unix seconds of this attempt>
 *   X-Decompte-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with WEBHOOK_SECRET>
 * A 2xx answer delivers it; anything else (another status, a redirect, no answer within
 * the timeout) is logged and retried with growing delays (10 s, 1 min, 5 min, 15 min, 30
 * min, 1 h, 2 h, 4 h, then every 6 h) until 10 attempts, when it is marked failed; the
 * supervisor can then send it again ("Renvoyer"). Delivery is at least once: a receiver
 * that answered 2xx after its own timeout may get the same delivery again.
 *
 * The loop polls every few seconds (other processes' deliveries, retries that fell due)
 * and is woken at once after an apply in this process. `stop()` ends it: an attempt in
 * flight is aborted and its delivery made due again, so closing the server never waits on
 * a slow receiver.
 */
import { createHmac } from 'node:crypto';
import type { WebhookConfig } from '../config';
import type { Database } from '../db/database';
import { claimDue, recordAttempt, releaseClaim, type AttemptOutcome, type ClaimedDelivery } from '../repos/webhooks';

export interface SenderOptions {
  /** How often due deliveries are looked for. */
  readonly pollMs?: number;
  /** How long the receiver has to answer. */
  readonly timeoutMs?: number;
  /** The delay after the 1st, 2nd… failed attempt of a round; the last one repeats. */
  readonly retryDelaysMs?: readonly number[];
  /** Attempts in a round before the delivery is marked failed. */
  readonly maxAttempts?: number;
  /** Where errors of the loop itself go (a lost database connection…). */
  readonly log?: (message: string) => void;
}

const MINUTE = 60_000;
export const RETRY_DELAYS_MS: readonly number[] = [
  10_000,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  60 * MINUTE,
  120 * MINUTE,
  240 * MINUTE,
  360 * MINUTE,
];
export const MAX_ATTEMPTS = 10;
const BATCH = 10;
/** Of the receiver's answer, what goes into the log (an error page can be megabytes). */
const SNIPPET_BYTES = 300;

export const signature = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

export class WebhookSender {
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly delays: readonly number[];
  private readonly maxAttempts: number;
  private readonly log: (message: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** The loop runs (start) until stop(); sendDue alone works in either state but 'stopped'. */
  private state: 'idle' | 'looping' | 'stopped' = 'idle';
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly db: Database,
    private readonly config: WebhookConfig,
    options: SenderOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
    this.log = options.log ?? ((m) => console.error(m));
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'looping';
    this.schedule(0);
  }

  private get stopped(): boolean {
    return this.state === 'stopped';
  }

  /** Something was queued: look now rather than at the next poll. */
  wake(): void {
    if (this.state !== 'looping') return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const c of this.inFlight) c.abort(new Error('the server is stopping'));
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runLoop().finally(() => {
        this.running = null;
        if (!this.stopped) this.schedule(this.again ? 0 : this.pollMs);
        this.again = false;
      });
    }, ms);
    // Never what keeps a process (or a test run) alive.
    this.timer.unref();
  }

  private async runLoop(): Promise<void> {
    try {
      // A full batch may mean more are due: take them before sleeping.
      while (!this.stopped && (await this.sendDue()) === BATCH);
    } catch (e) {
      if (!this.stopped) this.log(`webhook: cannot read the deliveries to send: ${reason(e)}`);
    }
  }

  /** Claims the due deliveries and sends them, one after the other; returns how many it claimed. */
  async sendDue(): Promise<number> {
    const claimed = await claimDue(this.db, BATCH, this.timeoutMs + MINUTE);
    for (const d of claimed) {
      if (this.stopped) {
        await releaseClaim(this.db, d);
        continue;
      }
      const outcome = await this.send(d);
      if (outcome === 'aborted') await releaseClaim(this.db, d);
      else await this.db.transaction((tx) => recordAttempt(tx, d, outcome));
    }
    return claimed.length;
  }

  private async send(d: ClaimedDelivery): Promise<AttemptOutcome | 'aborted'> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new TimeoutError(this.timeoutMs)), this.timeoutMs);
    this.inFlight.add(controller);
    const started = performance.now();
    const took = (): number => performance.now() - started;
    try {
      const res = await fetch(this.config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Decompte-Webhook/1',
          'x-decompte-event': d.event,
          'x-decompte-delivery': String(d.id),
          'x-decompte-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-decompte-signature': signature(this.config.secret, d.payload),
        },
        body: d.payload,
        // A redirect is not a delivery, and the body is never sent on to another address.
        redirect: 'manual',
        signal: controller.signal,
      });
      const snippet = await readSnippet(res, controller.signal);
      if (res.status >= 200 && res.status < 300) {
        return { httpStatus: res.status, error: null, durationMs: took(), next: 'delivered' };
      }
      return this.failed(d, res.status, `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, took());
    } catch (e) {
      if (this.stopped && !(controller.signal.reason instanceof TimeoutError)) return 'aborted';
      const why = controller.signal.reason instanceof TimeoutError ? controller.signal.reason.message : reason(e);
      return this.failed(d, null, why, took());
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }

  private failed(d: ClaimedDelivery, httpStatus: number | null, error: string, durationMs: number): AttemptOutcome {
    const last = this.delays[this.delays.length - 1] ?? MINUTE;
    const next = d.roundAttempt >= this.maxAttempts ? null : { retryInMs: this.delays[d.roundAttempt - 1] ?? last };
    return { httpStatus, error: error.slice(0, 500), durationMs, next };
  }
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms / 1000} s`);
  }
}

/** The first bytes of the answer, as one line of text; the rest is not read. */
async function readSnippet(res: Response, signal: AbortSignal): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES && !signal.aborted) {
      // Node's fetch types its body stream's chunks as any: check what arrived.
      const read = (await reader.read()) as { readonly done: boolean; readonly value?: unknown };
      if (read.done || !(read.value instanceof Uint8Array)) break;
      chunks.push(read.value);
      size += read.value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, SNIPPET_BYTES));
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** "connect ECONNREFUSED 127.0.0.1:9" rather than fetch's bare "fetch failed". */
function reason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : '';
  return cause ? `${e.message}: ${cause}` : e.message;
}
