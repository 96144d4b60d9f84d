/**
 * A full device for e2e tests and the chaos run: Chromium's storage quota for the app's
 * origin overridden through the DevTools protocol (`Storage.overrideQuotaForOrigin`:
 * with `quotaSize` the origin's quota becomes that many bytes, without it the default
 * comes back), then lifted.
 *
 * The Cache Storage obeys the override at once; IndexedDB does not. Each origin's
 * IndexedDB keeps the space the quota manager last granted it and spends it without
 * asking again for up to 30 s (Chromium's `BucketContext::kBucketSpaceCacheTimeLimit`;
 * checked here with Chromium 156: writes still go through 6 s after the override,
 * they fail with QuotaExceededError 35 s after). `enforced()` waits that long, for a
 * test that must know the next write is refused; a phone that keeps counting across
 * the override sees its first counts saved, then refused — both are real.
 */
import type { CDPSession, Page } from 'playwright-core';

/** Chromium's IndexedDB space cache (30 s), and a margin. */
export const QUOTA_CACHE_MS = 31_000;

export interface QuotaControl {
  readonly origin: string;
  /** Makes the origin's quota `bytes` (default 1: below what it holds, so every write is refused). */
  fill(bytes?: number): Promise<void>;
  /** Back to the default quota. Refused writes made IndexedDB ask again: the next one goes through. */
  lift(): Promise<void>;
  /** Resolves once IndexedDB no longer spends the space it was granted before `fill` (see above). */
  enforced(): Promise<void>;
  /** What Chromium counts for the origin, and whether the override is on. */
  usage(): Promise<{ usage: number; quota: number; overridden: boolean }>;
  close(): Promise<void>;
}

interface UsageAndQuota {
  readonly usage: number;
  readonly quota: number;
  readonly overrideActive: boolean;
}

/** Quota control for `page`'s origin (or `origin`), through a DevTools session on that page. */
export async function quotaControl(page: Page, origin = new URL(page.url()).origin): Promise<QuotaControl> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let filledAt = 0;
  return {
    origin,
    async fill(bytes = 1) {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: bytes });
      filledAt = Date.now();
    },
    async lift() {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      filledAt = 0;
    },
    async enforced() {
      const wait = filledAt + QUOTA_CACHE_MS - Date.now();
      if (filledAt > 0 && wait > 0) await new Promise((r) => setTimeout(r, wait));
    },
    async usage() {
      const r = (await cdp.send('Storage.getUsageAndQuota', { origin })) as UsageAndQuota;
      return { usage: r.usage, quota: r.quota, overridden: r.overrideActive };
    },
    close: () => cdp.detach().catch(() => undefined),
  };
}
