/**
 * The server's dependency bag: what every route registration receives (the database, the
 * settings it reads, the login throttle, the applied recaps, the snapshots' chunks, the
 * webhook sender). Its own
 * module so the routes depend on it, not on app.ts which registers them.
 */
import type { LoginThrottle } from './auth/loginThrottle';
import type { Config } from './config';
import type { Database } from './db/database';
import type { AppliedRecaps } from './repos/appliedRecaps';
import type { SnapshotChunks } from './repos/snapshotChunks';
import type { WebhookSender } from './webhook/sender';

export interface ServerContext {
  readonly db: Database;
  readonly config: Pick<Config, 'tokenTtlMs' | 'staticDir'> &
    Partial<Pick<Config, 'corsOrigins' | 'trustProxy' | 'webhook'>>;
  readonly throttle: LoginThrottle;
  readonly appliedRecaps: AppliedRecaps;
  /** The snapshots' chunks of columns, gzipped once for every phone. */
  readonly snapshotChunks: SnapshotChunks;
  /** Sends the webhook deliveries; null when no WEBHOOK_URL is configured. */
  readonly webhooks: WebhookSender | null;
}
