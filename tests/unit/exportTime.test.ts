/**
 * An export's time carries the device's UTC offset, and everything named or dated from it
 * (the ZIP's file name, its entries' dates) reads the wall clock written in the text, so
 * a server in any zone derives the same name; the "…Z" times of older exports read as before.
 */
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { exportTimeAt, wallClockOf } from '../../src/core/export/exportTime';
import { exportFileName, exportTimestamp } from '../../src/core/export/fileName';
import { parseManifest } from '../../src/core/export/manifestCheck';
import type { ExportFile, ExportHeader } from '../../src/core/export/types';
import { zipExport } from '../../src/core/export/zip';

/** One instant, 2026-12-04 11:07:00 UTC, on the clocks of four shops. */
const INSTANT = Date.UTC(2026, 11, 4, 11, 7, 0);
const SHOPS = [
  { zone: 'Europe/Paris', offset: 60, text: '2026-12-04T12:07:00.000+01:00', stamp: '20261204-1207' },
  { zone: 'America/New_York', offset: -300, text: '2026-12-04T06:07:00.000-05:00', stamp: '20261204-0607' },
  { zone: 'Asia/Kathmandu', offset: 345, text: '2026-12-04T16:52:00.000+05:45', stamp: '20261204-1652' },
  { zone: 'UTC', offset: 0, text: '2026-12-04T11:07:00.000Z', stamp: '20261204-1107' },
] as const;

const header = (generatedAt: string): ExportHeader => ({
  phase: 'before',
  inventory: { id: 7, name: 'Fin d’année', kind: 'articles', status: 'counting' },
  location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
  generatedBy: 'superviseur',
  generatedAt,
});

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('exportTimeAt', () => {
  it.each(SHOPS)('writes the wall clock and the offset of $zone', ({ offset, text }) => {
    expect(exportTimeAt(INSTANT, offset)).toBe(text);
    // The same instant, whatever the offset: the text names one moment.
    expect(Date.parse(text)).toBe(INSTANT);
  });

  it('writes the machine’s own offset, as the export worker does (-getTimezoneOffset)', () => {
    for (const shop of SHOPS) {
      process.env.TZ = shop.zone; // Node takes a new TZ at once
      expect(exportTimeAt(INSTANT, -new Date(INSTANT).getTimezoneOffset())).toBe(shop.text);
    }
  });
});

describe('the ZIP’s name from generatedAt', () => {
  it.each(SHOPS)('is the wall clock of $zone, on a machine in any zone', ({ text, stamp }) => {
    for (const machine of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kathmandu']) {
      process.env.TZ = machine;
      expect(exportTimestamp(text)).toBe(stamp);
      expect(exportFileName(header(text))).toBe(`Fin-d’année_DEP-01_before_${stamp}.zip`);
    }
  });

  it('reads the UTC times of older exports as before, with or without milliseconds', () => {
    expect(exportTimestamp('2026-11-25T09:15:42.000Z')).toBe('20261125-0915');
    expect(exportTimestamp('2026-11-25T09:15Z')).toBe('20261125-0915');
    expect(exportTimestamp('2026-11-25T23:59:59.999999Z')).toBe('20261125-2359');
  });

  it('refuses what is not a real time with its offset', () => {
    for (const bad of [
      '2026-12-04T12:07:00', // no offset: a different instant on each machine
      '2026-12-04 12:07:00Z',
      'Fri, 04 Dec 2026 12:07:00 GMT',
      '2026-02-30T12:07:00Z', // no 30 February
      '2026-12-04T24:00:00Z',
      '2026-12-04T12:07:00+15:00',
      '2026-12-04T12:07:00+01:60',
      '2026-12-04T12:07:00+0100',
    ]) {
      expect(wallClockOf(bad), bad).toBeNull();
      expect(() => exportTimestamp(bad), bad).toThrow(/UTC offset/);
    }
  });
});

describe('the ZIP’s entries', () => {
  const files: ExportFile[] = [{ name: 'stock.csv', bytes: new TextEncoder().encode('a;b\r\n'), rows: 1 }];

  it.each(SHOPS)('are dated with the wall clock of $zone (a DOS date has no zone)', async ({ text }) => {
    const zip = await JSZip.loadAsync(await zipExport(files, text));
    // JSZip reads a DOS date into the UTC fields: what a file manager shows.
    const wall = wallClockOf(text)!;
    expect(zip.files['stock.csv']!.date.toISOString()).toBe(
      `2026-12-04T${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}:00.000Z`,
    );
  });
});

describe('manifest.json from an upload', () => {
  it('takes a generatedAt with an offset, and refuses one without', () => {
    const manifest = (generatedAt: string): string =>
      JSON.stringify({
        format: 'decompte-export/1',
        phase: 'before',
        inventory: { id: 7, name: 'X', kind: 'articles', status: 'counting' },
        location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
        generatedBy: 'superviseur',
        generatedAt,
      });
    const offset = parseManifest(manifest('2026-12-04T12:07:00.000+01:00'));
    const bare = parseManifest(manifest('2026-12-04T12:07:00'));
    expect(offset.ok ? '' : offset.error.message).not.toMatch(/generatedAt/);
    expect(bare.ok ? '' : bare.error.message).toMatch(/generatedAt is not a date with its UTC offset/);
  });
});
