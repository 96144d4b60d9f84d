/**
 * Vitest global setup: builds ONE migrated database with the demo dataset (600 lines in
 * DEP-01) and dumps it, so each server test starts a real PGlite from that copy in about
 * a second instead of running initdb, migrations and the seed again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { seedDemo } from '../../src/server/demo/seed';

export const TEMPLATE_LINES = 600;

declare module 'vitest' {
  export interface ProvidedContext {
    templateDump: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-template-'));
  const db = await openPglite({});
  await migrate(db);
  await seedDemo(db, { lines: TEMPLATE_LINES });
  const dump = await db.dump();
  await db.close();
  const file = path.join(dir, 'template.tar');
  fs.writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
  project.provide('templateDump', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
