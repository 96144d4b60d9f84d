/**
 * The scanner's decode pipeline in a real browser (Debian's Chromium), through the app's
 * real decode module built by Vite (decoding in its worker), on the 180 fixture photos of
 * ../shared/fixtures/barcodes: it must read at least 168 of them and misread none (a wrong
 * article counted is worse than a second scan); and on generated frames of what the
 * previous pipeline never read (tests/bench/scanSynthetic.ts, seeded). No timing
 * assertion here: `npm run bench:scan` prints the times, on a machine whose load the test
 * cannot control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barcodeFixturesDir, listFixtures, openDecodePage, verdict, type DecodePage } from '../bench/decodeHarness';
import { syntheticVerdict } from '../bench/scanGenerated';
import { oneSample, type Damage, type Format } from '../bench/scanSynthetic';

/** Symbology identifiers of GS1 symbols (GS1-128, GS1 DataMatrix, GS1 QR Code). */
const GS1_IDS = [']C1', ']d2', ']Q3'];

let page: DecodePage;

beforeAll(async () => {
  page = await openDecodePage([{ name: 'pipeline', options: {} }]);
});

afterAll(async () => {
  await page?.close();
});

describe('decode pipeline on the fixture photos', () => {
  it('reads at least 168 of the 180 photos and misreads none', { timeout: 240_000 }, async () => {
    const fixtures = listFixtures(barcodeFixturesDir());
    expect(fixtures).toHaveLength(180);
    const verdicts = { read: 0, misread: 0, none: 0 };
    const misreads: string[] = [];
    // The GS1 flag, where the fixture's metadata gives the symbology identifier.
    const gs1: { file: string; expected: boolean; got: boolean }[] = [];
    for (const fixture of fixtures) {
      const { attempts } = await page.decode(fixture);
      const attempt = attempts[0];
      if (!attempt) throw new Error(`no attempt for ${fixture.file}`);
      const v = verdict(fixture, attempt);
      verdicts[v]++;
      if (v === 'misread') misreads.push(`${fixture.file}: ${JSON.stringify(attempt.decoded?.text)}`);
      if (v === 'read' && attempt.decoded && fixture.symbologyId) {
        const expected = GS1_IDS.includes(fixture.symbologyId);
        gs1.push({ file: fixture.file, expected, got: attempt.decoded.gs1 });
      }
    }
    expect(misreads).toEqual([]);
    expect(verdicts.read).toBeGreaterThanOrEqual(168);
    expect(gs1.filter((g) => g.expected)).not.toHaveLength(0); // code128-1/1.png is GS1-128
    expect(gs1.filter((g) => g.got !== g.expected)).toEqual([]);
  });

  it('reads what the previous pipeline never did: UPC-E, light-on-dark 1D, the aimed one of two codes', async () => {
    const cases: [Format, Damage][] = [
      ['UPC-E', 'clean'],
      ['UPC-E', 'small'],
      ['EAN-13', 'inverted'],
      ['Code128', 'inverted'],
      ['GS1-128', 'inverted'],
      ['EAN-13', 'two codes'],
      ['Code128', 'two codes'],
      ['DataMatrix', 'two codes'],
      ['GS1-128', 'rotated'],
      ['GS1 DataMatrix', 'perspective'],
    ];
    const wrong: string[] = [];
    for (const [i, [format, damage]] of cases.entries()) {
      const sample = await oneSample(format, damage, 1000 + i);
      const [attempt] = await page.decodeGray(sample.image, 'pipeline');
      const v = syntheticVerdict(sample, attempt);
      if (v !== 'read') wrong.push(`${format} ${damage}: ${v} ${JSON.stringify(attempt?.decoded?.text ?? null)}`);
    }
    expect(wrong).toEqual([]);
  });
});
