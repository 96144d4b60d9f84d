/**
 * The built app's code as files: the files that loading one of its chunks fetches (the
 * chunk and every chunk it imports statically, to the end; never the chunks it imports
 * lazily). For a test that takes the network away once a screen's code has fully come.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

/** `import{a as b}from"./x.js"`, `import"./x.js"`, `export{…}from"./x.js"`; not `import("./x.js")`. */
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]*from\s*)?["']\.\/([^"']+\.js)["']/g;

/** The paths (`/assets/…`) of the chunk whose file name matches `pattern` and of all it imports. */
export function chunkFiles(pattern: RegExp, buildDir: string = inject('appBuildDir')): string[] {
  const assets = path.join(buildDir, 'assets');
  const first = fs.readdirSync(assets).find((f) => pattern.test(f));
  if (!first) throw new Error(`no chunk matches ${String(pattern)} in ${assets}`);
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of fs.readFileSync(path.join(assets, file), 'utf8').matchAll(STATIC_IMPORT)) visit(m[1]!);
  };
  visit(first);
  return [...seen].map((f) => `/assets/${f}`);
}
