/** The snapshot's SQL line keys must equal core's makeLineKey, or counts would miss their lines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLineKey } from '../../src/core/lineKey';
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const AWKWARD = ['ART-1', 'A 01/02', 'é|%', "x'y(z)*!~", '漢字', '😀', 'tab\there', 'a+b=c', '50%', 'L.2026_01', ''];

describe('decompte_line_key (SQL) and makeLineKey (core)', () => {
  it('agree on plain and awkward codes', async () => {
    for (const item of AWKWARD.filter(Boolean)) {
      for (const bin of ['A-01-1', 'Quai n°2', '|']) {
        for (const lot of AWKWARD) {
          const serial = Array.from(lot).reverse().join('');
          const [row] = await server.db.query<{ k: string }>('SELECT decompte_line_key($1, $2, $3, $4) AS k', [
            item,
            bin,
            lot,
            serial,
          ]);
          expect(row?.k).toBe(makeLineKey({ itemRef: item, bin, lot: lot || null, serial: serial || null }));
        }
      }
    }
  });
});
