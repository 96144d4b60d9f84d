/**
 * The one seam between the server and its SQL database. The embedded PGlite default and
 * (later) a PostgreSQL server behind DATABASE_URL implement the same contract, and all
 * SQL is plain PostgreSQL so it runs unchanged on both.
 */
export type SqlParam = string | number | boolean | null | Uint8Array | readonly (string | null)[];

export interface Queryable {
  query<T extends object>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
