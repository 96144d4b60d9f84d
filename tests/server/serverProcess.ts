/**
 * Runs the real server as a child process (`src/server/cli/start.ts`) on its own data
 * directory (or PostgreSQL database) and port, so tests can kill it (SIGKILL) and start
 * it again on the same data, or start several on one PostgreSQL database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** What the process printed so far (stdout and stderr). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startServerProcess(options: {
  dataDir: string;
  port: number;
  demoLines?: number;
  /** The built app to serve at `/` (STATIC_DIR); without it the server has no app. */
  staticDir?: string;
  /** A PostgreSQL database (DATABASE_URL) instead of the embedded one in dataDir. */
  databaseUrl?: string;
  /** false: `--no-demo` (DEMO=0), an empty database. */
  demo?: boolean;
  /** Extra Node options for the server, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: readonly string[];
}): Promise<ServerProcess> {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/server/cli/start.ts', '--no-build'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: options.dataDir,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DEMO_LINES: String(options.demoLines ?? 600),
      STATIC_DIR: options.staticDir ?? path.join(options.dataDir, 'no-app'),
      DATABASE_URL: options.databaseUrl ?? '',
      DEMO: options.demo === false ? '0' : '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${output}`)), 120_000);
    const check = (): void => {
      if (output.includes('Décompte is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    child,
    output: () => output,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** One JSON call to a server process (fetch, as a device makes it). */
export async function callJson<T>(
  baseUrl: string,
  method: string,
  url: string,
  options: { token?: string | undefined; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const { token, body } = options;
  const res = await fetch(baseUrl + url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // An empty body (204, or a refusal from a proxy) is `undefined`, not a parse error.
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
