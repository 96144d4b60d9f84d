/** docs/api.md's table is core's route table: a route added, changed or removed without `npm run docs:api` fails here. */
import { describe, expect, it } from 'vitest';
import { ROUTE_NAMES, ROUTES } from '../../src/core/api/routes';
import { readApiDoc, renderApiDoc } from '../docs/apiDoc';

describe('docs/api.md', () => {
  it('is up to date with the route table (run `npm run docs:api`)', async () => {
    const doc = readApiDoc();
    expect(doc).toBe(await renderApiDoc(doc));
  });

  it('names every route', () => {
    const doc = readApiDoc();
    for (const name of ROUTE_NAMES) expect(doc).toContain(`\`${ROUTES[name].method} /api${ROUTES[name].path}\``);
  });
});
