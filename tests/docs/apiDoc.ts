/**
 * docs/api.md from core's route table: the doc's own prose up to its table is kept, the
 * table is written from the routes (call, who, what, answers), then the shapes the
 * answers name (from the response schemas) and each route's own refusal codes, all
 * formatted as prettier would, so `npm run check` and the doc test agree on the bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import type { AnySchema, ResponseBody } from '../../src/core/api/jsonSchema';
import { apiError } from '../../src/core/api/responseSchemas';
import { COMMON_ERRORS, ROUTES, ROUTE_NAMES } from '../../src/core/api/routes';
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

/** A schema as TypeScript-like text; a named schema inside another is shown by its name. */
function typeText(schema: AnySchema, shapes: Map<string, AnySchema>, top = false): string {
  const title = schema.title;
  if (typeof title === 'string' && !top) {
    shapes.set(title, schema);
    return title;
  }
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as AnySchema[]).map((s) => typeText(s, shapes)).join(' | ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  return types
    .map((type) => {
      if (type === 'array') {
        const item = typeText(schema.items as AnySchema, shapes);
        return /[ |]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
      }
      if (type === 'object') {
        if (!schema.properties)
          return `{ [key: string]: ${typeText(schema.additionalProperties as AnySchema, shapes)} }`;
        const required = new Set(schema.required as string[]);
        const fields = Object.entries(schema.properties as Record<string, AnySchema>).map(
          ([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${typeText(v, shapes)}`,
        );
        // A shape's own fields one a line; nested objects inline.
        return top ? `{\n${fields.map((f) => `  ${f}`).join('\n')}\n}` : `{ ${fields.join(', ')} }`;
      }
      return type === undefined ? 'any JSON' : type === 'integer' ? 'integer' : JSON.stringify(type);
    })
    .join(' | ');
}

/** `200 Recap`, `200 ZIP`, `204 no body`: what a route answers, per status. */
function answers(responses: Readonly<Partial<Record<number, ResponseBody>>>, shapes: Map<string, AnySchema>): string {
  return Object.entries(responses)
    .map(([status, body]) => {
      if (!body) return status;
      if ('empty' in body) return `${status} no body`;
      if ('binary' in body) return `${status} \`${String(body.binary)}\``;
      return `${status} ${typeText(body, shapes)
        .replace(/\b([A-Z]\w*)\b/g, (name) => `[${name}](#${name.toLowerCase()})`)
        .replace(/^/, '')}`;
    })
    .join(', ');
}

export function apiTable(): string {
  const shapes = new Map<string, AnySchema>();
  const rows = ROUTE_NAMES.map((name) => {
    const r = ROUTES[name];
    return `| \`${r.method} /api${r.path}\` | ${WHO[r.permission ?? 'anyone']} | ${cell(r.summary)} | ${cell(answers(r.responses, shapes))} |`;
  });
  const table = ['| call | who | what | answers |', '| --- | --- | --- | --- |', ...rows].join('\n');
  return [table, shapesSection(shapes), refusalsSection()].join('\n\n');
}

/** Each shape an answer names, once, in the order first met; those it names in turn after it. */
function shapesSection(shapes: Map<string, AnySchema>): string {
  const out: string[] = [
    '## Shapes',
    'What the answers hold, from the response schemas in `src/core/api/responseSchemas.ts`; a field marked `?` may be absent. The server writes exactly these fields.',
  ];
  const done = new Set<string>();
  for (let more = true; more;) {
    more = false;
    // A Map's iteration also visits the shapes added while it runs (those this one names).
    for (const [name, schema] of shapes) {
      if (done.has(name)) continue;
      done.add(name);
      more = true;
      out.push(`### ${name}`, '```\n' + typeText(schema, shapes, true) + '\n```');
    }
  }
  return out.join('\n\n');
}

/** Each route's own refusal codes; every route may also answer the common ones. */
function refusalsSection(): string {
  const { title: _title, ...untitled } = apiError;
  const rows = ROUTE_NAMES.filter((name) => ROUTES[name].errors.length > 0).map(
    (name) =>
      `| \`${ROUTES[name].method} /api${ROUTES[name].path}\` | ${ROUTES[name].errors.map((c) => `\`${c}\``).join(', ')} |`,
  );
  return [
    '## Refusals',
    `Every refusal is \`${typeText(untitled, new Map())}\`. Any route may answer ${COMMON_ERRORS.map((c) => `\`${c}\``).join(', ')}; besides those, each route answers only its own codes:`,
    ['| call | codes |', '| --- | --- |', ...rows].join('\n'),
  ].join('\n\n');
}

/** The doc as it should be: its prose before the table, then the table from the routes. */
export async function renderApiDoc(current: string): Promise<string> {
  const start = current.search(/^\| call /m);
  const prose = start < 0 ? current.trimEnd() + '\n\n' : current.slice(0, start);
  const options = (await prettier.resolveConfig(API_DOC)) ?? {};
  return prettier.format(`${prose}${apiTable()}\n`, { ...options, filepath: API_DOC });
}

export const readApiDoc = (): string => fs.readFileSync(API_DOC, 'utf8');
