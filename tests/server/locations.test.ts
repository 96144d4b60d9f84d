/**
 * Locations made and renamed by an admin: a new location is listed, counted and
 * exported like any other; its code is unique and never changes; bad input is a 400
 * (a duplicate a 409) that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LocationDto } from '../../src/core/api/dto';
import { startTestServer, type TestServer } from './harness';
import { dbSnapshot, expectError } from './support';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.token('admin');
});
afterAll(() => server.close());

const createLocation = (body: unknown) => server.call('POST', '/api/locations', { token: admin, body });
const rename = (id: number | string, body: unknown) =>
  server.call('PATCH', `/api/locations/${id}`, { token: admin, body });

async function locations(): Promise<LocationDto[]> {
  const res = await server.call('GET', '/api/locations', { token: await server.token('compteur') });
  expect(res.status).toBe(200);
  return res.json<LocationDto[]>();
}

describe('creating a location', () => {
  it('creates it (code and name trimmed) and every role sees it in the list', async () => {
    const res = await createLocation({ code: ' RES-03 ', name: '  Réserve nord ' });
    expect(res.status, res.body).toBe(201);
    const made = res.json<LocationDto>();
    expect(made).toEqual({ id: made.id, code: 'RES-03', name: 'Réserve nord', frozenBy: null });
    expect(await locations()).toContainEqual(made);
  });

  it('a new location can be counted: an inventory starts there and freezes it', async () => {
    const made = (await createLocation({ code: 'Quai B / zone 2', name: 'Quai de chargement' })).json<LocationDto>();
    const res = await server.call('POST', '/api/inventories', {
      token: await server.token('superviseur'),
      body: { name: 'Premier comptage', locationId: made.id, kind: 'articles' },
    });
    expect(res.status, res.body).toBe(201);
    const inv = res.json<InventoryDto>();
    expect((await locations()).find((l) => l.id === made.id)?.frozenBy).toBe(inv.id);
  });

  it('refuses a code that exists: 409 location_exists, nothing changed', async () => {
    const before = await dbSnapshot(server);
    const error = expectError(await createLocation({ code: 'DEP-01', name: 'Doublon' }), 409, 'location_exists');
    expect(error.details).toEqual({ code: 'DEP-01' });
    expectError(await createLocation({ code: '  DEP-01', name: 'Doublon' }), 409, 'location_exists');
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it.each([
    { why: 'a blank code', body: { code: '   ', name: 'X' }, code: 'invalid_request' },
    { why: 'an empty code', body: { code: '', name: 'X' }, code: 'invalid_request' },
    { why: 'a 33-character code', body: { code: 'C'.repeat(33), name: 'X' }, code: 'invalid_request' },
    { why: 'a tab in the code', body: { code: 'A\tB', name: 'X' }, code: 'invalid_request' },
    {
      why: 'a right-to-left override in the code',
      body: { code: '\u202E10-PED', name: 'X' },
      // Every text of the API refuses them, before the location's own rule is asked.
      code: 'invalid_request',
    },
    { why: 'a zero-width space in the code', body: { code: 'DEP\u200B-01', name: 'X' }, code: 'invalid_request' },
    {
      why: 'a non-breaking space in the code',
      body: { code: 'DEP\u00A001', name: 'X' },
      code: 'invalid_location_code',
    },
    { why: 'a blank name', body: { code: 'NEUF', name: ' ' }, code: 'invalid_request' },
    { why: 'a 121-character name', body: { code: 'NEUF', name: 'n'.repeat(121) }, code: 'invalid_request' },
    { why: 'no name', body: { code: 'NEUF' }, code: 'invalid_request' },
    { why: 'a code as a number', body: { code: 3, name: 'X' }, code: 'invalid_request' },
    { why: 'an unknown field', body: { code: 'NEUF', name: 'X', frozenBy: null }, code: 'invalid_request' },
  ])('refuses $why: 400 $code, nothing changed', async ({ body, code }) => {
    const before = await dbSnapshot(server);
    expectError(await createLocation(body), 400, code);
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

describe('renaming a location', () => {
  it('changes the name only; the code stays, and a location being counted can be renamed too', async () => {
    const frozen = (await locations()).find((l) => l.frozenBy !== null);
    expect(frozen).toBeDefined();
    const res = await rename(frozen!.id, { name: ' Quai B (nouveau nom) ' });
    expect(res.status, res.body).toBe(200);
    expect(res.json<LocationDto>()).toEqual({ ...frozen, name: 'Quai B (nouveau nom)' });
    expect(await locations()).toContainEqual(res.json<LocationDto>());
  });

  it.each([
    { why: 'a code change', id: '1', body: { code: 'AUTRE', name: 'Dépôt' }, status: 400, code: 'invalid_request' },
    { why: 'a code alone', id: '1', body: { code: 'AUTRE' }, status: 400, code: 'invalid_request' },
    { why: 'a blank name', id: '1', body: { name: '  ' }, status: 400, code: 'invalid_request' },
    { why: 'a control character', id: '1', body: { name: 'a\u0007b' }, status: 400, code: 'invalid_request' },
    { why: 'no body', id: '1', body: undefined, status: 400, code: 'invalid_request' },
    { why: 'a bad id', id: 'DEP-01', body: { name: 'X' }, status: 400, code: 'invalid_request' },
    { why: 'an unknown location', id: '999999', body: { name: 'X' }, status: 404, code: 'not_found' },
  ])('refuses $why: $status $code, nothing changed', async ({ id, body, status, code }) => {
    const before = await dbSnapshot(server);
    expectError(await rename(id, body), status, code);
    expect(await dbSnapshot(server)).toEqual(before);
  });
});
