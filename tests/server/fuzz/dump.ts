/**
 * A full dump of the database: every row of every table, in a stable order, as text. Two
 * dumps are equal exactly when no stored data changed (unlike the counts and sums of
 * support.ts's dbSnapshot, this also sees a changed text or a changed timestamp).
 */
import type { Queryable } from '../../../src/server/db/database';

export async function dumpTables(db: Queryable): Promise<Map<string, string>> {
  // login_failures is the login throttle's own bookkeeping: a wrong password is recorded
  // there by design (that is how guessing is slowed), it is no stored data of the shop.
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'login_failures'
     ORDER BY table_name`,
  );
  const dump = new Map<string, string>();
  for (const { name } of tables) {
    // Every column, as JSON text, sorted as text: no table needs a key for a stable order.
    const rows = await db.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM "${name}" t ORDER BY 1`);
    dump.set(name, rows.map((x) => x.r).join('\n'));
  }
  return dump;
}

/** The tables whose content differs between two dumps. */
export const changedTables = (a: Map<string, string>, b: Map<string, string>): string[] =>
  [...new Set([...a.keys(), ...b.keys()])].filter((t) => a.get(t) !== b.get(t));
