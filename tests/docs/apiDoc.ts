/**
 * docs/api.md from core's route table: the doc's own prose up to its table is kept, the
 * table is written from the routes (call, who, what), then formatted as prettier would,
 * so `npm run check` and the doc test agree on the bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { ROUTES, ROUTE_NAMES } from '../../src/core/api/routes';
import type { Action } from '../../src/core/roles';

export const API_DOC = path.resolve(import.meta.dirname, '../../docs/api.md');

const WHO: Readonly<Record<Action | 'anyone', string>> = {
  anyone: 'anyone',
  read: 'all roles',
  count: 'counter, supervisor',
  readStock: 'supervisor, accountant',
  supervise: 'supervisor',
  administer: 'admin',
};

/** A table cell: a `|` would end it. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function apiTable(): string {
  const rows = ROUTE_NAMES.map((name) => {
    const r = ROUTES[name];
    return `| \`${r.method} /api${r.path}\` | ${WHO[r.permission ?? 'anyone']} | ${cell(r.summary)} |`;
  });
  return ['| call | who | what |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The doc as it should be: its prose before the table, then the table from the routes. */
export async function renderApiDoc(current: string): Promise<string> {
  const start = current.search(/^\| call /m);
  const prose = start < 0 ? current.trimEnd() + '\n\n' : current.slice(0, start);
  const options = (await prettier.resolveConfig(API_DOC)) ?? {};
  return prettier.format(`${prose}${apiTable()}\n`, { ...options, filepath: API_DOC });
}

export const readApiDoc = (): string => fs.readFileSync(API_DOC, 'utf8');
