/**
 * The server benchmark's PostgreSQL path, small, so it stays alive: `npm run bench:server
 * -- --database postgres` at 10,000 stock lines with 3 real server processes on one
 * database. It asserts what the run did — every line served, every event pushed stored
 * once, the recap and the apply consistent with them, the stock holding the counts —
 * never how long it took.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { benchServerProcesses, type ServerBenchResult } from '../bench/serverProcesses';
import { newPgDatabase } from '../server/testDatabase';

let database: { url: string; drop(): Promise<void> };
let result: ServerBenchResult;

beforeAll(async () => {
  database = await newPgDatabase({ seeded: false });
  result = await benchServerProcesses({ databaseUrl: database.url, lines: 10_000, counted: 1, processes: 3 });
  console.log(
    `bench:server on PostgreSQL, 3 processes: ${result.snapshotLines} lines served, ` +
      `${result.eventsSent} events sent / ${result.accepted} accepted / ${result.eventsStored} stored, ` +
      `${result.movements} movements applied`,
  );
}, 300_000);

afterAll(async () => {
  await database?.drop();
});

it('serves every snapshot line, as one JSON array and as the chunks the phones download', () => {
  // The demo's articles are ~60 % of its stock lines.
  expect(result.snapshotLines).toBeGreaterThan(5_000);
  expect(result.linesServed).toBe(result.snapshotLines);
  expect(result.columnsLines).toBe(result.snapshotLines);
});

it('stores every event pushed over the 3 processes exactly once', () => {
  expect(result.eventsSent).toBe(result.snapshotLines);
  expect(result.devices).toBe(12);
  expect(result.accepted).toBe(result.eventsSent);
  expect(result.duplicates).toBe(0);
  expect(result.eventsStored).toBe(result.eventsSent);
  expect(result.registersStored).toBe(result.eventsSent);
});

it('closes with every line counted and applies each change once: the stock holds the counts', () => {
  expect(result.recapCountedLines).toBe(result.snapshotLines);
  // A quarter of the lines were counted one more than expected (serials stay at 1).
  expect(result.changedLines).toBeGreaterThan(result.snapshotLines / 5);
  expect(result.movements).toBe(result.changedLines);
  expect(result.movementsStored).toBe(result.changedLines);
  expect(result.stockMatchingCounts).toBe(result.eventsSent);
});
