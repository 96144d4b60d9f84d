/**
 * The app calls routes by name: the method and the path come from core's route table,
 * the path's values are filled in and encoded, the query leaves out what is undefined.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, callBytes } from '../../src/app/api/client';

const sent: { url: string; method: string; body: unknown }[] = [];

function stubFetch(): void {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, method: String(init.method), body: init.body });
    return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  sent.length = 0;
});

describe('call', () => {
  it('builds each call from the table', async () => {
    stubFetch();
    await call('listInventories');
    await call('pullCounts', { params: { id: 7 }, query: { after: 0, limit: 5, deviceId: 'tab-1' } });
    await call('getImport', { params: { id: 3 }, query: { location: undefined } });
    await call('updateUser', { params: { username: 'marie.d' }, body: { active: false } });
    await call('applyInventory', { params: { id: 9 } });
    await callBytes('downloadExport', { params: { id: 9, phase: 'after' } });
    await call('logout');
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/inventories',
      'GET /api/inventories/7/counts?after=0&limit=5&deviceId=tab-1',
      'GET /api/imports/3',
      'PATCH /api/users/marie.d',
      'POST /api/inventories/9/apply',
      'GET /api/inventories/9/exports/after',
      'DELETE /api/session',
    ]);
    expect(sent[3]?.body).toBe('{"active":false}');
    expect(sent[4]?.body).toBeUndefined();
  });

  it('encodes a path value', async () => {
    stubFetch();
    await call('resetPassword', { params: { username: 'a/b' }, body: { password: 'x' } });
    expect(sent[0]?.url).toBe('/api/users/a%2Fb/password');
  });
});
