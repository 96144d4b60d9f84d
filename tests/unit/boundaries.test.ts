/**
 * The dependency rule of DESIGN.md, checked on the source text:
 * - src/core imports nothing of app or server, no browser-only or Node-only module, and
 *   touches no browser global (it runs in the page, a worker and Node);
 * - src/app never imports src/server, and src/server never imports src/app;
 * - only src/app/db/ touches Dexie (IndexedDB): no import of 'dexie', no `db.<table>.` elsewhere in src/app.
 * Rules are a table: add a row to forbid something new.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'src');

interface SourceFile {
  /** Path relative to the repository root, with "/" separators. */
  readonly file: string;
  readonly absolute: string;
  readonly text: string;
}

interface ImportRule {
  readonly name: string;
  /** Does this import specifier, found in `from`, break the rule? */
  readonly forbids: (specifier: string, from: SourceFile) => boolean;
}

interface UsageRule {
  readonly name: string;
  /** Matched against the code with comments and string contents blanked out. */
  readonly pattern: RegExp;
}

interface Boundary {
  readonly dir: string; // relative to src/
  /** A folder inside `dir` (relative to src/) the rules do not apply to. */
  readonly except?: string;
  readonly imports: readonly ImportRule[];
  readonly usages: readonly UsageRule[];
}

// ---------- the rules ----------

const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Where a relative specifier lands, relative to src/ ("server/db/x"), or null for a package. */
function target(specifier: string, from: SourceFile): string | null {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return null;
  const resolved = path.resolve(path.dirname(from.absolute), specifier);
  return path.relative(SRC, resolved).split(path.sep).join('/');
}

const isPackage = (specifier: string, name: string): boolean => specifier === name || specifier.startsWith(`${name}/`);

/** Into another part of src/ (by relative path or by a "src/…" path). */
const into = (part: string): ImportRule => ({
  name: `imports src/${part}`,
  forbids: (specifier, from) => {
    const t = target(specifier, from);
    if (t !== null) return t === part || t.startsWith(`${part}/`);
    return new RegExp(`(^|/)src/${part}(/|$)`).test(specifier);
  },
});

const pkg = (name: string): ImportRule => ({
  name: `imports ${name}`,
  forbids: (specifier) => isPackage(specifier, name),
});

const nodeBuiltin: ImportRule = {
  name: 'imports a Node builtin',
  forbids: (specifier) => specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0] ?? ''),
};

const usage = (name: string, pattern: RegExp): UsageRule => ({ name, pattern });

const BOUNDARIES: readonly Boundary[] = [
  {
    dir: 'core',
    imports: [
      into('app'),
      into('server'),
      pkg('dexie'),
      pkg('preact'),
      pkg('fastify'),
      pkg('@fastify'),
      pkg('@electric-sql/pglite'),
      nodeBuiltin,
    ],
    usages: [
      usage('uses window.', /(?<![\w$])window\s*\./),
      usage('uses document.', /(?<![\w$])document\s*\./),
      usage('uses indexedDB', /(?<![\w$])indexedDB\b/),
      usage('uses fetch(', /(?<![\w$])fetch\s*\(/),
      usage('uses localStorage', /(?<![\w$])(localStorage|sessionStorage)\b/),
      usage('uses process.', /(?<![\w$.])process\s*\./),
      usage('uses require(', /(?<![\w$.])require\s*\(/),
      // jszip's and papaparse's type files pull Node's types in, so the compiler would let this pass.
      usage('uses Buffer', /(?<![\w$.])Buffer\b/),
    ],
  },
  { dir: 'app', imports: [into('server')], usages: [] },
  // The database code in one place: a Dexie query elsewhere would bypass its transactions and indexes.
  {
    dir: 'app',
    except: 'app/db',
    imports: [pkg('dexie')],
    usages: [usage('uses the Dexie tables (db.<table>.)', /(?<![\w$.])db\s*\.\s*[A-Za-z_$][\w$]*\s*\./)],
  },
  { dir: 'server', imports: [into('app')], usages: [] },
];

// ---------- the scanner ----------

/**
 * Blanks out comments (always) and the inside of string literals (when `strings` is true),
 * keeping offsets, so that a comment saying "no window here" is not a use of `window`.
 */
function blank(code: string, strings: boolean): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const c = code[i] ?? '';
    const next = code[i + 1] ?? '';
    if (c === '/' && next === '/') {
      const end = code.indexOf('\n', i);
      const stop = end === -1 ? code.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end === -1 ? code.length : end + 2;
      out += code.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      const body = code.slice(i + 1, j);
      out += c + (strings ? body.replace(/[^\n]/g, ' ') : body) + (j < code.length ? c : '');
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every module specifier: static imports and re-exports, side-effect imports, import(), require(). */
function specifiers(code: string): string[] {
  const text = blank(code, false);
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
    /\bimport\s*(['"])([^'"]+)\1/g,
    /\b(?:import|require)\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) if (m[2]) found.push(m[2]);
  return found;
}

function sourceFiles(dir: string): SourceFile[] {
  const absoluteDir = path.join(SRC, dir);
  if (!fs.existsSync(absoluteDir)) return [];
  return fs
    .readdirSync(absoluteDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|mts|cts)$/.test(f))
    .map((f) => path.join(absoluteDir, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort()
    .map((absolute) => ({
      absolute,
      file: path.relative(ROOT, absolute).split(path.sep).join('/'),
      text: fs.readFileSync(absolute, 'utf8'),
    }));
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function violations(boundary: Boundary, files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (boundary.except && f.file.startsWith(`src/${boundary.except}/`)) continue;
    for (const s of specifiers(f.text)) {
      for (const rule of boundary.imports) {
        if (rule.forbids(s, f)) out.push(`${f.file}: ${rule.name} — import '${s}'`);
      }
    }
    if (boundary.usages.length === 0) continue;
    const code = blank(f.text, true);
    for (const rule of boundary.usages) {
      for (const m of code.matchAll(new RegExp(rule.pattern.source, 'g'))) {
        const at = m.index ?? 0;
        const lineText = f.text.split('\n')[lineOf(f.text, at) - 1]?.trim() ?? '';
        out.push(`${f.file}:${lineOf(f.text, at)}: ${rule.name} — ${lineText}`);
      }
    }
  }
  return out;
}

const boundary = (dir: string, except?: string): Boundary => {
  const b = BOUNDARIES.find((x) => x.dir === dir && x.except === except);
  if (!b) throw new Error(`no boundary for ${dir}`);
  return b;
};

// ---------- the checks ----------

describe('dependency boundaries', () => {
  it('finds the core sources (the scan is not vacuous)', () => {
    const files = sourceFiles('core').map((f) => f.file);
    expect(files).toContain('src/core/quantity.ts');
    expect(files).toContain('src/core/recap.ts');
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const b of BOUNDARIES) {
    it(`src/${b.dir}${b.except ? ` (outside src/${b.except})` : ''} respects its rules`, () => {
      const files = sourceFiles(b.dir);
      const found = violations(b, files);
      expect(found, `src/${b.dir} breaks the dependency rule:\n${found.join('\n')}`).toEqual([]);
    });
  }
});

describe('the boundary scanner itself', () => {
  const fake = (file: string, text: string): SourceFile => ({ file, absolute: path.join(ROOT, file), text });

  it('catches every forbidden import form in core', () => {
    const text = [
      "import { db } from '../../app/db/schema';",
      "import type { Pool } from '../../server/db/pool';",
      "export { x } from 'src/server/x';",
      "import Dexie from 'dexie';",
      "import { h } from 'preact/hooks';",
      "import Fastify from 'fastify';",
      "import fastifyStatic from '@fastify/static';",
      "import { PGlite } from '@electric-sql/pglite';",
      "import fs from 'node:fs';",
      "import path from 'path';",
      "import { createHash } from 'crypto';",
      "import { readFile } from 'fs/promises';",
      "import 'buffer';",
      'const m = await import("node:os");',
      "const z = require('zlib');",
      'import {\n  a,\n  b,\n} from "../../server/multi";',
    ].join('\n');
    const found = violations(boundary('core'), [fake('src/core/sub/bad.ts', text)]);
    for (const s of [
      '../../app/db/schema',
      '../../server/db/pool',
      'src/server/x',
      'dexie',
      'preact/hooks',
      'fastify',
      '@fastify/static',
      '@electric-sql/pglite',
      'node:fs',
      "'path'",
      'crypto',
      'fs/promises',
      'buffer',
      'node:os',
      'zlib',
      '../../server/multi',
    ]) {
      expect(
        found.some((v) => v.includes(s)),
        `${s} not caught in:\n${found.join('\n')}`,
      ).toBe(true);
    }
    expect(found.every((v) => v.startsWith('src/core/sub/bad.ts'))).toBe(true);
  });

  it('resolves relative imports: "../app" from the top of core is src/app, from a subfolder it is not', () => {
    const top = fake('src/core/top.ts', "import { db } from '../app/db';\nimport { s } from '../server/x';");
    expect(violations(boundary('core'), [top])).toEqual([
      "src/core/top.ts: imports src/app — import '../app/db'",
      "src/core/top.ts: imports src/server — import '../server/x'",
    ]);
    const nested = fake('src/core/export/csv.ts', "import { ok } from '../errors';\nimport { x } from './app/x';");
    expect(violations(boundary('core'), [nested])).toEqual([]);
  });

  it('catches browser globals in core code, not in comments or strings', () => {
    const bad = fake(
      'src/core/bad.ts',
      [
        'const w = window.innerWidth;',
        'document.title = "x";',
        'const db = indexedDB.open("x");',
        'await fetch("/api");',
        'await globalThis.fetch("/api");',
      ].join('\n'),
    );
    const found = violations(boundary('core'), [bad]);
    expect(found.map((v) => v.split(': ')[1]?.split(' — ')[0])).toEqual([
      'uses window.',
      'uses document.',
      'uses indexedDB',
      'uses fetch(',
      'uses fetch(',
    ]);
    expect(found[0]).toContain('src/core/bad.ts:1');

    const innocent = fake(
      'src/core/ok.ts',
      [
        '// no window. here, nor document.body, nor fetch(url)',
        '/* indexedDB is for src/app/db */',
        'const label = "see window.open and fetch(x)";',
        'const doc = { document: 1 }; const n = doc.document;',
        'const prefetch = (x: number) => x; prefetch(1);',
        "import { ok } from '../errors';",
        "import { x } from './fetch';",
      ].join('\n'),
    );
    expect(violations(boundary('core'), [innocent])).toEqual([]);
  });

  it('app may not import server, server may not import app, both may import core', () => {
    const app = fake(
      'src/app/sync/push.ts',
      "import { x } from '../../server/routes/counts';\nimport '../../core/api/dto';",
    );
    const server = fake(
      'src/server/routes/r.ts',
      "import { y } from '../../app/db/schema';\nimport '../../core/api/dto';",
    );
    expect(violations(boundary('app'), [app])).toEqual([
      "src/app/sync/push.ts: imports src/server — import '../../server/routes/counts'",
    ]);
    expect(violations(boundary('server'), [server])).toEqual([
      "src/server/routes/r.ts: imports src/app — import '../../app/db/schema'",
    ]);
    // A name that merely starts like another part is not that part.
    const near = fake('src/app/x.ts', "import '../serverless/thing';\nimport 'server-sent-events';");
    expect(violations(boundary('app'), [near])).toEqual([]);
  });

  it('dexie and the Dexie tables belong to src/app/db only', () => {
    const rule = boundary('app', 'app/db');
    const outside = fake(
      'src/app/sync/loop.ts',
      [
        "import Dexie from 'dexie';",
        "import { liveQuery } from 'dexie/dist/dexie';",
        'const n = await db.events.count();',
        'const ids = await db .inventories .toCollection().primaryKeys();',
      ].join('\n'),
    );
    expect(violations(rule, [outside])).toEqual([
      "src/app/sync/loop.ts: imports dexie — import 'dexie'",
      "src/app/sync/loop.ts: imports dexie — import 'dexie/dist/dexie'",
      'src/app/sync/loop.ts:3: uses the Dexie tables (db.<table>.) — const n = await db.events.count();',
      'src/app/sync/loop.ts:4: uses the Dexie tables (db.<table>.) — const ids = await db .inventories .toCollection().primaryKeys();',
    ]);
    const inside = fake('src/app/db/counts.ts', "import Dexie from 'dexie';\nconst n = await db.events.count();");
    expect(violations(rule, [inside])).toEqual([]);
    // Names that end in "db", comments and strings are not the database.
    const innocent = fake(
      'src/app/count/x.ts',
      "// db.events.count() is for src/app/db\nconst s = 'db.events.x';\nconst n = mydb.events.size; const o = x.db.events.y;",
    );
    expect(violations(rule, [innocent])).toEqual([]);
  });
});
