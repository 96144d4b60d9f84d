/**
 * Vitest global setup: builds the app ONCE per test run (`vite build` with the repo's
 * vite.config.ts) into a temporary directory, and provides its path as `appBuildDir` for
 * the end-to-end tests, which serve it with the real server. It builds into a temporary
 * directory, not dist/, so a test run never empties the dist/ that `npm start` serves.
 *
 * The build is skipped when the run selects no file under tests/e2e or tests/chaos (`vitest run
 * tests/unit`); `appBuildDir` is then '' and the e2e support refuses to start. In watch
 * mode it always builds, since later reruns may select e2e files.
 *
 * `vite build` runs in a child process with NODE_ENV=production, exactly as `npm run
 * build`, rather than in Vitest's own process (where NODE_ENV is "test").
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built app (index.html and assets), or '' when no e2e test was selected. */
    appBuildDir: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
// The chaos run (tests/chaos, `npm run chaos`) and the audit (tests/audit, `npm run audit`) drive the built app too.
const BROWSER_DIRS = ['e2e', 'chaos', 'audit'].map((d) => path.join(ROOT, 'tests', d) + path.sep);

export default async function setup(project: TestProject): Promise<() => void> {
  if (!wantsBuild(project)) {
    project.provide('appBuildDir', '');
    return () => {};
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-app-'));
  await viteBuild(dir);
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`vite build wrote no index.html in ${dir}`);
  project.provide('appBuildDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The test files of this run are known before global setups run (Vitest records them in
 * its state first). If that (experimental) list is unavailable or empty, build anyway.
 */
function wantsBuild(project: TestProject): boolean {
  if (project.vitest.config.watch) return true;
  let paths: string[];
  try {
    paths = project.vitest.state.getPaths();
  } catch {
    return true;
  }
  return paths.length === 0 || paths.some((p) => BROWSER_DIRS.some((d) => path.resolve(p).startsWith(d)));
}

/** `vite build` of the app into `outDir` (also used by `npm run bench`). */
export function viteBuild(outDir: string): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', path.join(ROOT, 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, '--logLevel', 'warn'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit ${code}`}):\n${output}`)),
    );
  });
}
