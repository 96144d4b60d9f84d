/**
 * PostgreSQL drops a connection while a transaction holds it (a database restart, a
 * failover, a network cut): that transaction fails, the server process lives on, and the
 * next transaction runs on a fresh connection. The pool watches only its idle
 * connections; an error on one a transaction had checked out was an unhandled 'error'
 * event that killed the process (found by `npm run chaos`: the database stopped behind
 * the live server, which exited on "read ECONNRESET").
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { filePgDatabase } from '../server/testDatabase';

const { url: databaseUrl, db } = await filePgDatabase(2);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it('a connection killed between two statements of a transaction fails that transaction, not the process', async () => {
  let resume: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (resume = resolve));
  let pid = 0;
  const tx = db.transaction(async (t) => {
    const [row] = await t.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    pid = row!.pid;
    // The connection sits checked out, idle in the transaction, when the server drops it.
    await held;
    await t.query('SELECT 1');
  });
  const outcome = tx.then(
    () => 'committed',
    (e: unknown) => `failed: ${e instanceof Error ? e.message : String(e)}`,
  );
  for (let i = 0; pid === 0; i++) {
    if (i > 500) throw new Error('the transaction never started');
    await sleep(10);
  }
  const admin = new pg.Client(databaseUrl);
  await admin.connect();
  try {
    const [killed] = (await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid])).rows;
    expect(killed?.ok).toBe(true);
  } finally {
    await admin.end();
  }
  // Long enough for the socket's end to reach the client before the transaction goes on.
  await sleep(300);
  resume();
  expect(await outcome).toMatch(/^failed: /);

  // The pool hands out a live connection again.
  const rows = await db.transaction((t) => t.query<{ n: number }>('SELECT 41 + 1 AS n'));
  expect(rows[0]?.n).toBe(42);
  const direct = await db.query<{ n: number }>('SELECT 2 AS n');
  expect(direct[0]?.n).toBe(2);
});
