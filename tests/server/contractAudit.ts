/**
 * Checks every answer a test server gives against core's route table, for the whole
 * server suite (harness.ts installs it on each test server and fails the test file when
 * it closes with findings):
 * - a success answers a status the route lists, with the body that status declares: JSON
 *   valid against its response schema (closed objects: no field the schema does not
 *   name, no wrong type), raw bytes of its content type, or nothing;
 * - what Fastify's serializer wrote equals what the handler gave (JSON.stringify of it):
 *   nothing dropped, nothing coerced;
 * - a refusal is `{ error: { code, message } }` with a code the route lists (its own
 *   `errors` or COMMON_ERRORS).
 */
import AjvCompiler from '@fastify/ajv-compiler';
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { AnySchema } from '../../src/core/api/jsonSchema';
import { apiError } from '../../src/core/api/responseSchemas';
import { COMMON_ERRORS, ROUTES, type RouteName, type SuccessStatus } from '../../src/core/api/routes';
import { AJV_OPTIONS } from '../../src/server/app';
import type { Answer, AnswerWatcher } from '../../src/server/http/answerWatch';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

const build = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS } });
const validators = new Map<AnySchema, Validate>();
function validate(schema: AnySchema, data: unknown): string | null {
  let v = validators.get(schema);
  if (!v) {
    v = build({ schema, method: 'GET', url: '/', httpPart: 'body' }) as Validate;
    validators.set(schema, v);
  }
  return v(data) ? null : JSON.stringify(v.errors).slice(0, 400);
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return Symbol('not JSON');
  }
};

/** The codes a route may answer. */
export const allowedCodes = (route: RouteName): ReadonlySet<string> =>
  new Set<string>([...COMMON_ERRORS, ...ROUTES[route].errors]);

export class ContractAudit implements AnswerWatcher {
  readonly findings: string[] = [];
  /** route → status → how many answers, for tests that check what was seen. */
  readonly seen = new Map<RouteName, Map<number, number>>();
  /** route → codes answered. */
  readonly codes = new Map<RouteName, Set<string>>();

  answered(a: Answer): void {
    const byStatus = this.seen.get(a.route) ?? new Map<number, number>();
    byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    this.seen.set(a.route, byStatus);
    const where = `${a.route} (${a.method} ${a.url.slice(0, 120)}) ${a.status}`;
    const problem = a.status >= 400 ? this.refusal(a) : this.success(a);
    if (problem) this.findings.push(`${where}: ${problem}`);
    if (a.value !== undefined && a.body !== null && !isDeepStrictEqual(parse(a.body), parse(a.value))) {
      this.findings.push(
        `${where}: the serializer changed the answer:\n  sent    ${a.body.slice(0, 600)}\n  handler ${a.value.slice(0, 600)}`,
      );
    }
  }

  private refusal(a: Answer): string | null {
    if (a.body === null) return 'a refusal that is not text';
    const body = parse(a.body);
    const invalid = validate(apiError, body);
    if (invalid) return `a refusal not in the API's shape: ${invalid}; ${a.body.slice(0, 200)}`;
    const code = (body as { error: { code: string } }).error.code;
    const codes = this.codes.get(a.route) ?? new Set<string>();
    codes.add(code);
    this.codes.set(a.route, codes);
    return allowedCodes(a.route).has(code) ? null : `code ${code} is not in the route's error list`;
  }

  private success(a: Answer): string | null {
    const declared = ROUTES[a.route].responses as Readonly<Partial<Record<number, AnySchema>>>;
    const body = declared[a.status as SuccessStatus];
    if (!body) return `status ${a.status} is not one the route table lists (${Object.keys(declared).join(', ')})`;
    if ('empty' in body) return a.body === '' ? null : `should have no body, sent ${String(a.body).slice(0, 100)}`;
    if ('binary' in body) {
      return a.contentType.startsWith(String(body.binary))
        ? null
        : `should be ${String(body.binary)}, is ${a.contentType}`;
    }
    if (a.body === null) return 'JSON declared, bytes sent';
    if (!a.contentType.startsWith('application/json')) return `JSON declared, sent as ${a.contentType}`;
    const invalid = validate(body, parse(a.body));
    return invalid ? `does not match its response schema: ${invalid}` : null;
  }

  /** Throws with every finding (the file's tests then fail at its afterAll). */
  assertClean(): void {
    if (this.findings.length === 0) return;
    // CONTRACT_AUDIT_LOG=file: every finding of the run in one file, to read them all at once.
    const log = process.env.CONTRACT_AUDIT_LOG;
    if (log) fs.appendFileSync(log, [...new Set(this.findings)].join('\n') + '\n');
    const shown = [...new Set(this.findings)].slice(0, 20);
    throw new Error(`The server's answers break core's route table (${this.findings.length}):\n${shown.join('\n')}`);
  }
}
