/**
 * A deterministic demo catalogue: suppliers, articles and pièces (some lot- or
 * serial-tracked, some sold by weight or length), EAN-13 and Code-128 barcodes, bins,
 * and stock lines. The same `lines` always gives the same data, so benchmarks compare
 * like with like.
 */
import type { InventoryKind } from '../../core/inventory';
import type { Tracking } from '../../core/line';

export interface DemoItem {
  readonly ref: string;
  readonly designation: string;
  readonly kind: InventoryKind;
  readonly supplier: string;
  readonly unit: string;
  readonly tracking: Tracking;
  readonly unitCost: string;
  readonly barcodes: readonly { readonly code: string; readonly packQty: number }[];
}

export interface DemoStockLine {
  readonly itemRef: string;
  readonly bin: string;
  readonly lot: string;
  readonly serial: string;
  readonly qty: string;
}

export const SUPPLIERS = [
  'Würth France',
  'Legrand',
  'Schneider Electric',
  'SKF',
  'Bosch Rexroth',
  'Facom',
  'Michelin',
  'Hutchinson',
  'Saint-Gobain',
  'Manitou Pièces',
  'Somfy',
  'Tereva',
  'Rexel',
  'Prolians',
] as const;

const ARTICLES = [
  ['Vis tête hexagonale', ['M6x20', 'M8x40', 'M10x50', 'M12x60']],
  ['Écrou frein', ['M6', 'M8', 'M10', 'M12']],
  ['Rondelle plate', ['6 mm', '8 mm', '10 mm']],
  ['Gants de manutention', ['taille 8', 'taille 9', 'taille 10']],
  ['Ruban adhésif', ['50 mm', '75 mm']],
  ['Câble électrique', ['1,5 mm²', '2,5 mm²', '6 mm²']],
  ['Peinture époxy', ['gris', 'blanc', 'rouge']],
  ['Huile hydraulique', ['HV 46', 'HV 68']],
  ['Graisse lithium', ['EP2', 'EP3']],
  ['Collier de serrage', ['4,8x200', '7,6x300']],
  ['Chaîne galvanisée', ['6 mm', '8 mm']],
  ['Disque à tronçonner', ['125 mm', '230 mm']],
] as const;

const PIECES = [
  ['Roulement à billes', ['6204-2RS', '6205-ZZ', '6306-2RS']],
  ['Filtre à huile', ['W 712/75', 'HU 718/5x']],
  ['Courroie crantée', ['HTD 8M-1200', 'HTD 5M-800']],
  ['Joint torique', ['20x2', '35x3', '50x4']],
  ['Pompe hydraulique', ['PGP 511', 'PGP 517']],
  ['Moteur électrique', ['0,75 kW', '1,5 kW', '3 kW']],
  ['Variateur de fréquence', ['ATV320 1,5 kW', 'ATV320 4 kW']],
  ['Capteur inductif', ['M12 PNP', 'M18 NPN']],
  ['Vérin pneumatique', ['Ø32 course 100', 'Ø50 course 200']],
  ['Carte électronique', ['rév. B', 'rév. C']],
] as const;

const WEIGHT_OR_LENGTH: Readonly<Record<string, string>> = {
  'Câble électrique': 'm',
  'Chaîne galvanisée': 'm',
  'Huile hydraulique': 'l',
  'Graisse lithium': 'kg',
};

const SERIAL_TRACKED = new Set([
  'Pompe hydraulique',
  'Moteur électrique',
  'Variateur de fréquence',
  'Carte électronique',
]);
const LOT_TRACKED = new Set([
  'Peinture époxy',
  'Huile hydraulique',
  'Graisse lithium',
  'Joint torique',
  'Filtre à huile',
]);

/** mulberry32: tiny, fast, good enough for demo data, and seedable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** EAN-13 with its check digit, from a 12-digit body. */
export function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return body12 + String((10 - (sum % 10)) % 10);
}

export function bins(aisles: number, racks: number, levels: number): string[] {
  const out: string[] = [];
  for (let a = 0; a < aisles; a++) {
    for (let r = 1; r <= racks; r++) {
      for (let l = 1; l <= levels; l++)
        out.push(`${String.fromCharCode(65 + (a % 26))}${a >= 26 ? Math.floor(a / 26) : ''}-${pad(r, 2)}-${l}`);
    }
  }
  return out;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function makeItem(n: number, random: () => number): DemoItem {
  const isPiece = n % 5 >= 3; // 40 % pièces
  const families = isPiece ? PIECES : ARTICLES;
  const [family, variants] = families[Math.floor(random() * families.length)] as (typeof families)[number];
  const variant = variants[Math.floor(random() * variants.length)] as string;
  const unit = WEIGHT_OR_LENGTH[family] ?? 'pcs';
  const tracking: Tracking = SERIAL_TRACKED.has(family) ? 'serial' : LOT_TRACKED.has(family) ? 'lot' : 'none';
  const ref = `${isPiece ? 'PCE' : 'ART'}-${pad(n, 6)}`;
  const cost = isPiece ? 5 + random() * 800 : 0.02 + random() * 40;
  const barcodes = isPiece
    ? [{ code: ref, packQty: 1 }] // Code 128 carries the reference itself
    : [
        { code: ean13(`376${pad(n, 9)}`), packQty: 1 },
        ...(unit === 'pcs' && n % 7 === 0 ? [{ code: ean13(`377${pad(n, 9)}`), packQty: 12 }] : []),
      ];
  return {
    ref,
    designation: `${family} ${variant}`,
    kind: isPiece ? 'pieces' : 'articles',
    supplier: SUPPLIERS[Math.floor(random() * SUPPLIERS.length)] as string,
    unit,
    tracking,
    unitCost: cost.toFixed(n % 3 === 0 ? 4 : 2),
    barcodes,
  };
}

/** Stock lines for a location: items spread over bins, lots and serial numbers as tracked. */
export function makeStock(
  items: readonly DemoItem[],
  binCodes: readonly string[],
  lines: number,
  random: () => number,
): DemoStockLine[] {
  const out: DemoStockLine[] = [];
  const used = new Set<string>();
  let i = 0;
  while (out.length < lines) {
    const item = items[i % items.length] as DemoItem;
    const bin = binCodes[Math.floor(random() * binCodes.length)] as string;
    const lot = item.tracking === 'lot' ? `L${pad(2600 + Math.floor(random() * 40), 4)}` : '';
    const serial = item.tracking === 'serial' ? `SN${item.ref.slice(4)}-${pad(i, 7)}` : '';
    i++;
    const key = `${item.ref}|${bin}|${lot}|${serial}`;
    if (used.has(key)) continue;
    used.add(key);
    const qty =
      item.tracking === 'serial'
        ? '1'
        : item.unit === 'pcs'
          ? String(1 + Math.floor(random() * 120))
          : (0.5 + random() * 80).toFixed(3);
    out.push({ itemRef: item.ref, bin, lot, serial, qty });
  }
  return out;
}
