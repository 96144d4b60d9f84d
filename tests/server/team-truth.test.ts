/**
 * The team's truth on every phone (issue 21), what the server gives for it: each page of
 * the counts pull lists the bins the devices hold empty (a check appears, a taken-back one
 * goes, a blind counter gets them too: no quantity in them), and GET lines?added=true gives
 * the lines added during the count alone — what a phone fetches when counts arrive for a
 * line another phone added — with the same hiding of expected quantities and costs as the
 * whole list. A bad querystring is a 400 with the API's error shape.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  BinChecksPushDto,
  BinDto,
  CountsPageDto,
  EmptyBinDto,
  InventoryDto,
  LineDto,
} from '../../src/core/api/dto';
import { createInventory, event, expectError, getLines, push, type FullLineDto, fileServer } from './support';

const { server, sup, counter } = await fileServer();
let inv: InventoryDto;
let lines: FullLineDto[];
let alice: string;

beforeAll(async () => {
  alice = await server.userToken('alice');
  // Blind by default: counters see no expected quantity.
  inv = await createInventory(server, { name: 'Vérité équipe', locationId: 1, kind: 'articles' });
  lines = await getLines(server, inv.id);
});

type Check = BinChecksPushDto['checks'][number];
const check = (bin: string, empty: boolean, seq: number): Check => ({
  bin,
  empty,
  seq,
  counter: 'ce que dit le téléphone',
  at: new Date(Date.UTC(2026, 0, 5, 10, 0, seq)).toISOString(),
});

async function pushChecks(token: string, deviceId: string, checks: readonly Check[]): Promise<void> {
  const res = await server.call('POST', `/api/inventories/${inv.id}/bins`, { token, body: { deviceId, checks } });
  expect(res.status, res.body).toBe(200);
}

async function pull(token: string, query = 'after=0&limit=1000'): Promise<CountsPageDto> {
  const res = await server.call('GET', `/api/inventories/${inv.id}/counts?${query}`, { token });
  expect(res.status, res.body).toBe(200);
  return res.json<CountsPageDto>();
}

/** In one order whatever the database's collation. */
const sorted = (bins: readonly EmptyBinDto[]): EmptyBinDto[] =>
  [...bins].sort((a, b) => `${a.bin}\u0000${a.deviceId}`.localeCompare(`${b.bin}\u0000${b.deviceId}`, 'en'));

async function listLines(token: string, query: string): Promise<LineDto[]> {
  const res = await server.call('GET', `/api/inventories/${inv.id}/lines${query}`, { token });
  expect(res.status, res.body).toBe(200);
  return res.json<LineDto[]>();
}

describe('the pull’s emptyBins', () => {
  it('lists a device’s empty check, on every page, to every role; a check taken back goes', async () => {
    const bins = (await server.call('GET', `/api/inventories/${inv.id}/bins`, { token: sup })).json<BinDto[]>();
    const [b1, b2] = bins.filter((b) => b.lines === 0).map((b) => b.code);
    expect(b1 && b2, 'two bins without lines').toBeTruthy();
    expect((await pull(sup)).emptyBins).toEqual([]);

    // The counter's phone says b1 and b2 are empty; alice's phone says b1 is, then not.
    await pushChecks(counter, 'phone-c', [check(b1!, true, 1), check(b2!, true, 2)]);
    await pushChecks(alice, 'phone-a', [check(b1!, true, 1)]);
    // Two counts, so the pull runs over two pages.
    const plain = lines.filter((l) => l.unit === 'pcs' && l.serial === null);
    await push(server, alice, inv.id, 'phone-a', [event(plain[0]!.key, 4, 2), event(plain[1]!.key, 5, 3)]);
    // The counter is who pushed the check (the logged-in user), not what the phone wrote.
    const expected = sorted([
      { bin: b1!, deviceId: 'phone-a', counter: 'alice' },
      { bin: b1!, deviceId: 'phone-c', counter: 'compteur' },
      { bin: b2!, deviceId: 'phone-c', counter: 'compteur' },
    ]);
    const first = await pull(sup, 'after=0&limit=1');
    expect(first.more).toBe(true);
    expect(sorted(first.emptyBins)).toEqual(expected);
    const last = await pull(sup, `after=${first.cursor}&limit=1`);
    expect(last.more).toBe(false);
    expect(sorted(last.emptyBins)).toEqual(expected);
    // A counter on this blind inventory: the same bins (no quantity in them), no quantity anywhere.
    const blind = await pull(counter);
    expect(sorted(blind.emptyBins)).toEqual(expected);
    expect(blind.events.every((e) => e.qty === null && e.withheld === true)).toBe(true);

    // Alice takes her "empty" back: her entry goes, the counter's stays.
    await pushChecks(alice, 'phone-a', [check(b1!, false, 4)]);
    const withoutAlice = expected.filter((e) => e.deviceId !== 'phone-a');
    expect(sorted((await pull(counter)).emptyBins)).toEqual(withoutAlice);
    // An older check arriving late changes nothing.
    await pushChecks(alice, 'phone-a', [check(b1!, true, 3)]);
    expect(sorted((await pull(sup)).emptyBins)).toEqual(withoutAlice);
  });
});

describe('GET lines?added=true', () => {
  it('answers only the lines added during the count, as the whole list writes them, hidden alike', async () => {
    expect(await listLines(sup, '?added=true')).toEqual([]);
    const existing = lines.find((l) => l.lot === null && l.serial === null && l.unit === 'pcs')!;
    const added: LineDto[] = [];
    for (const body of [
      {
        itemRef: 'EQUIPE-NEUVE',
        designation: 'Trouvée sur le rayon',
        bin: lines[0]!.bin,
        unit: 'pcs',
        unitCost: '2.5',
      },
      // A catalogue item in a bin where the snapshot has no line of it.
      {
        itemRef: existing.itemRef,
        bin: lines.find((l) => !lines.some((m) => m.itemRef === existing.itemRef && m.bin === l.bin))!.bin,
      },
    ]) {
      const res = await server.call('POST', `/api/inventories/${inv.id}/lines`, { token: counter, body });
      expect(res.status, res.body).toBe(201);
      added.push(res.json<LineDto>());
    }

    // The supervisor: the two lines, exactly as in the whole list, in its order.
    const all = await listLines(sup, '');
    const onlyAdded = await listLines(sup, '?added=true');
    expect(onlyAdded).toHaveLength(2);
    expect(onlyAdded).toEqual(all.filter((l) => l.added));
    expect(onlyAdded.map((l) => l.key).sort()).toEqual(added.map((l) => l.key).sort());
    expect(onlyAdded.find((l) => l.itemRef === 'EQUIPE-NEUVE')).toMatchObject({
      expectedQty: '0.000',
      unitCost: '2.5000',
    });
    // `added=false` is the whole list.
    expect(await listLines(sup, '?added=false')).toEqual(all);

    // A counter on the blind inventory: the same lines, no expected quantity, no cost.
    const blind = await listLines(counter, '?added=true');
    expect(blind.map((l) => l.key)).toEqual(onlyAdded.map((l) => l.key));
    expect(blind.every((l) => l.expectedQty === null && l.unitCost === null && l.added)).toBe(true);
  });

  it('refuses a bad querystring with the API’s error shape', async () => {
    for (const query of ['?added=yes', '?added=1', '?added=', '?added=true&added=true', '?added=true&all=1']) {
      const res = await server.call('GET', `/api/inventories/${inv.id}/lines${query}`, { token: sup });
      expectError(res, 400, 'invalid_request');
    }
  });
});
