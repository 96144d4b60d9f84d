/**
 * The snapshot's chunks of columns, gzipped, kept in this process once built: every phone
 * of a count downloads the same lines, and building them took the database 3.5-4 s at
 * 250,000 lines for each phone. A snapshot line never changes after the snapshot; only
 * the lines added during the count do (Ajouter réf., a new reference's cost). So an entry
 * is served while the added lines are still those it was built with — whichever process
 * added one, the next read sees it (`addedLinesVersion`) and builds again.
 *
 * A build is shared while it runs: a phone that asks meanwhile reads the pieces already
 * gzipped, then the others as they come. The inventory's creation starts the builds the
 * phones will ask for (`warm`), so the first counter finds them done. Entries are kept
 * newest first up to a budget of bytes; one larger than the budget is served, not kept.
 */
import { createGzip } from 'node:zlib';
import { pipeline, Readable } from 'node:stream';
import type { Role } from '../../core/api/dto';
import { can, countsBlind } from '../../core/roles';
import type { Queryable } from '../db/database';
import { lineChunksJson } from './lines';

/** Which lines' figures a phone may see: the columns route's two hidings. */
export interface ChunkVariant {
  readonly hideExpected: boolean;
  readonly hideCost: boolean;
  readonly chunkLines: number;
}

/** Lines per chunk when the phone names none: the app's CHUNK_LINES. */
export const DEFAULT_CHUNK_LINES = 2000;

/**
 * What a user of this role may see of the lines (the listLines route hides alike): a
 * counter counts blind unless the inventory shows what to expect, and never sees costs.
 */
export const chunkVariant = (role: Role, showExpected: boolean, chunkLines = DEFAULT_CHUNK_LINES): ChunkVariant => ({
  ...viewOf(role, showExpected),
  chunkLines,
});

/**
 * What of the lines a user of this role sees, in every lines answer. Blind count: a counter
 * who knows what to expect finds it, so only supervisors and accountants see expected
 * quantities, unless the inventory says otherwise. Unit costs are theirs too: a counter
 * counts, whatever the stock is worth.
 */
export const viewOf = (role: Role, showExpected: boolean): { hideExpected: boolean; hideCost: boolean } => ({
  hideExpected: countsBlind(role, showExpected),
  hideCost: !can(role, 'readStock'),
});

/** The variants a new count's phones ask for: the supervisor's (who creates it) first, then the counters'. */
export const phoneVariants = (showExpected: boolean): readonly ChunkVariant[] => [
  chunkVariant('supervisor', showExpected),
  chunkVariant('counter', showExpected),
];

/** 250,000 lines are ~7.6 MB gzipped: a few counts of that size, each as counters and as supervisors. */
const DEFAULT_BUDGET_BYTES = 128 * 1024 * 1024;

class Build {
  readonly pieces: Buffer[] = [];
  bytes = 0;
  done = false;
  failed: Error | undefined = undefined;
  /** Settles once the first page is read: its error is the asker's error answer. */
  started: Promise<void> = Promise.resolve();
  private wake: (() => void)[] = [];

  constructor(readonly version: string) {}

  push(piece: Buffer): void {
    this.pieces.push(piece);
    this.bytes += piece.byteLength;
    this.notify();
  }

  end(error?: unknown): void {
    this.done = true;
    this.failed =
      error === undefined || error instanceof Error ? error : new Error('the build failed', { cause: error });
    this.notify();
  }

  /** Every piece, those to come as they are gzipped; throws what failed the build. */
  async *read(): AsyncGenerator<Buffer> {
    for (let i = 0; ; i++) {
      while (i >= this.pieces.length && !this.done) await new Promise<void>((resolve) => this.wake.push(resolve));
      if (i < this.pieces.length) yield this.pieces[i]!;
      else if (this.failed !== undefined) throw this.failed;
      else return;
    }
  }

  /** Until the build ends, whether it failed or not. */
  async finished(): Promise<void> {
    while (!this.done) await new Promise<void>((resolve) => this.wake.push(resolve));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = [];
    for (const resolve of wake) resolve();
  }
}

export class SnapshotChunks {
  private readonly builds = new Map<string, Build>();
  /** Every build under way, kept or not (one a newer version replaced still reads the database). */
  private readonly running = new Set<Build>();
  private readonly warming = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly budgetBytes = DEFAULT_BUDGET_BYTES) {}

  /**
   * The gzipped JSON of the columns route for this variant: kept, being built, or built now.
   * The first page is read before this returns, so a database error is an error answer.
   */
  async gzipped(db: Queryable, inventoryId: number, variant: ChunkVariant): Promise<AsyncIterable<Buffer>> {
    const key = keyOf(inventoryId, variant);
    const version = await addedLinesVersion(db, inventoryId);
    let build = this.builds.get(key);
    if (build && build.version === version && build.failed === undefined) {
      // Newest last: the budget drops the oldest first.
      this.builds.delete(key);
      this.builds.set(key, build);
    } else {
      // Registered before anything is awaited: whoever asks next shares this build.
      build = this.build(db, inventoryId, variant, key, version);
    }
    await build.started;
    return build.read();
  }

  /**
   * Builds what the phones of a new count will ask for, one variant after the other, in the
   * background; errors are the next request's to meet (it builds again).
   */
  warm(db: Queryable, inventoryId: number, variants: readonly ChunkVariant[]): void {
    const warming = (async () => {
      for (const variant of variants) {
        if (this.closed) return;
        for await (const piece of await this.gzipped(db, inventoryId, variant)) void piece;
      }
    })()
      .catch(() => undefined)
      .finally(() => this.warming.delete(warming));
    this.warming.add(warming);
  }

  /** Until every warming and every build under way has ended. */
  async idle(): Promise<void> {
    await Promise.all(this.warming);
    await Promise.all([...this.running].map((b) => b.finished()));
  }

  /** No warming starts after this; the builds under way are awaited (the database is about to close). */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private build(db: Queryable, inventoryId: number, variant: ChunkVariant, key: string, version: string): Build {
    const build = new Build(version);
    this.builds.delete(key);
    this.builds.set(key, build);
    this.running.add(build);
    // Ends once: with the gzip's last byte read, or with the first error on the way.
    const settle = (error?: unknown): void => {
      if (build.done) return;
      this.running.delete(build);
      build.end(error);
      if (error === undefined) this.keepWithinBudget();
      else if (this.builds.get(key) === build) this.builds.delete(key);
    };
    build.started = (async () => {
      const { hideExpected, hideCost, chunkLines } = variant;
      const chunks = await lineChunksJson(db, inventoryId, hideExpected, hideCost, chunkLines);
      // Gzip at its fastest level: 46.5 MB → 7.6 MB at 250,000 lines (docs/benchmarks.md).
      const gzip = createGzip({ level: 1 });
      gzip.on('data', (piece: Buffer) => build.push(piece));
      gzip.on('end', () => settle());
      pipeline(Readable.from(chunks), gzip, (error) => error && settle(error));
    })();
    build.started.catch(settle);
    return build;
  }

  /** Drops the oldest finished entries until the kept bytes fit the budget. */
  private keepWithinBudget(): void {
    let total = 0;
    for (const b of this.builds.values()) total += b.bytes;
    for (const [key, b] of this.builds) {
      if (total <= this.budgetBytes) return;
      if (!b.done) continue;
      this.builds.delete(key);
      total -= b.bytes;
    }
  }
}

const keyOf = (inventoryId: number, v: ChunkVariant): string =>
  `${inventoryId}/${v.hideExpected ? 1 : 0}/${v.hideCost ? 1 : 0}/${v.chunkLines}`;

/**
 * What the added lines are now: their count and a digest of their keys and costs (a
 * snapshot line never changes). Read through the partial index on added lines.
 */
export async function addedLinesVersion(db: Queryable, inventoryId: number): Promise<string> {
  const [row] = await db.query<{ version: string }>(
    `SELECT count(*) || ':' || coalesce(md5(string_agg(line_key || ' ' || unit_cost::text || ' ' || cost_missing::text,
              ',' ORDER BY line_key)), '') AS version
     FROM inventory_lines WHERE inventory_id = $1 AND added`,
    [inventoryId],
  );
  return row?.version ?? '';
}
