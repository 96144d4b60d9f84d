/**
 * The REAL server for end-to-end tests: `src/server/cli/start.ts` as a child process, on a
 * fresh temporary data directory, serving the app built once per run by
 * tests/setup/appBuild.ts.
 *
 * With the default 600 demo lines, the data directory is first filled from the migrated,
 * seeded template database of tests/setup/template.ts (the same migrations and the same
 * seeded demo data): the server then starts in ~5 s instead of ~18 s of initdb. Any other
 * `demoLines` lets the server create and seed its database itself, as `npm start` does.
 *
 * With `demo: false` it starts as `npm start -- --no-demo` does, on an empty database;
 * `prepare` then runs on the empty data directory before the first start (e.g. the
 * operator's `npm run user:add` making the first admin).
 *
 * Tests take it down to work offline (`stop()`: SIGTERM, waits for the exit) and bring it
 * back on the same data and the same port (`start()`), so the app's origin — and with it
 * its service worker and IndexedDB — stays the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openPglite } from '../../../src/server/db/pglite';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../src/server/demo/seed';
import { callJson, freePort, startServerProcess, type ServerProcess } from '../../server/serverProcess';
import { TEMPLATE_LINES } from '../../setup/template';

export type DemoUsername = (typeof DEMO_USERS)[number]['username'];

/** The demo logins (password `demo` for all). */
export const DEMO = {
  supervisor: 'superviseur',
  counter: 'compteur',
  accountant: 'comptable',
  admin: 'admin',
  password: DEMO_PASSWORD,
} as const satisfies Record<string, DemoUsername | typeof DEMO_PASSWORD>;

export interface E2eServer {
  /** `http://127.0.0.1:PORT` (no trailing slash); the same across stop() and start(). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly running: boolean;
  /** SIGTERM (a clean shutdown), then waits for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash), then waits for the process to exit. */
  kill(): Promise<void>;
  /** Starts again on the same data directory and port; resolves once it listens. */
  start(): Promise<void>;
  /** Stops it if running and deletes its data directory. */
  dispose(): Promise<void>;
  /** A JSON call to the API, from the test (not the browser), e.g. to set up an inventory. */
  api<T = unknown>(method: string, urlPath: string, options?: { token?: string; body?: unknown }): Promise<ApiReply<T>>;
  /** Logs a demo user in through the API and returns the bearer token. */
  login(username: DemoUsername): Promise<string>;
}

export interface ApiReply<T> {
  readonly status: number;
  readonly body: T;
}

export async function startE2eServer(
  options: {
    /** Stock lines of the demo location DEP-01: 600 by default (from the template, fast). */
    demoLines?: number;
    /** The built app; by default the one tests/setup/appBuild.ts built for this run. */
    appDir?: string;
    /** false: no demo data and no demo users (`--no-demo`): the database starts empty. */
    demo?: boolean;
    /** Runs on the data directory before the server first starts (only without demo data). */
    prepare?: (dataDir: string) => Promise<void>;
    /** A PostgreSQL database (DATABASE_URL; the server migrates and seeds it) instead of the embedded one. */
    databaseUrl?: string;
  } = {},
): Promise<E2eServer> {
  const appDir = options.appDir ?? inject('appBuildDir');
  if (!appDir || !fs.existsSync(path.join(appDir, 'index.html'))) {
    throw new Error(
      `No built app to serve (appBuildDir="${appDir}"): run the e2e tests through vitest with ` +
        'tests/setup/appBuild.ts in globalSetup, selecting a file under tests/e2e.',
    );
  }
  const demoLines = options.demoLines ?? TEMPLATE_LINES;
  const demo = options.demo ?? true;
  if (options.prepare && demo) throw new Error('prepare runs on an empty database: give demo: false too');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let proc: ServerProcess | undefined;

  const running = (): boolean => proc !== undefined && proc.child.exitCode === null && proc.child.signalCode === null;
  const start = async (): Promise<void> => {
    if (running()) throw new Error('The e2e server is already running.');
    proc = await startServerProcess({
      dataDir,
      port,
      demoLines,
      staticDir: appDir,
      demo,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    });
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const p = proc;
    proc = undefined;
    await p?.kill(signal);
  };
  const api = async <T>(
    method: string,
    urlPath: string,
    { token, body }: { token?: string; body?: unknown } = {},
  ): Promise<ApiReply<T>> => callJson<T>(url, method, urlPath, { token, body });

  try {
    if (!demo) await options.prepare?.(dataDir);
    else if (demoLines === TEMPLATE_LINES && !options.databaseUrl) {
      const db = await openPglite({ dataDir, loadDataDir: new Blob([fs.readFileSync(inject('templateDump'))]) });
      await db.close();
    }
    await start();
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    port,
    dataDir,
    get running() {
      return running();
    },
    start,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    dispose: async () => {
      await halt('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    api,
    login: async (username) => {
      const reply = await api<{ token?: string }>('POST', '/api/session', {
        body: { username, password: DEMO_PASSWORD },
      });
      if (reply.status !== 201 || !reply.body.token) throw new Error(`login ${username}: HTTP ${reply.status}`);
      return reply.body.token;
    },
  };
}
