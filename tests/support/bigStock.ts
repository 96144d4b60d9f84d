/**
 * A big stock file, generated and seeded (the same file every run): N stock lines over
 * N / 3 items in 240 bins, with designations needing quotes and accents, suppliers,
 * barcodes (valid EAN-13), decimal units, some lot- and serial-tracked items. For the
 * import benchmark and the tests that stream large files.
 */
import type { CellValue } from './stockFiles';

export const BIG_HEADERS = [
  'reference',
  'designation',
  'type',
  'fournisseur',
  'emplacement',
  'lot',
  'serie',
  'unite',
  'quantite',
  'cout_unitaire',
  'code-barres',
];

function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return body12 + ((10 - (sum % 10)) % 10);
}

/** Row by row, so a 250,000-line file is written without holding the rows. */
export function* bigStockRows(lines: number, seed = 2026): Generator<CellValue[]> {
  let s = seed >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const suppliers = ['Würth', 'Legrand', 'Schneider', 'Facom', 'Makita', null];
  const units = ['pcs', 'pcs', 'pcs', 'kg', 'm', 'l'];
  let written = 0;
  for (let n = 1; written < lines; n++) {
    const ref = `REF-${String(n).padStart(7, '0')}`;
    const unit = units[n % units.length] as string;
    const tracking = unit === 'pcs' ? (n % 23 === 0 ? 'serial' : n % 11 === 0 ? 'lot' : 'none') : 'none';
    const designation = `Article ${n}${n % 5 === 0 ? ' "spécial"; long' : ' éco'}`;
    const supplier = suppliers[n % suppliers.length] ?? null;
    const cost = Math.round(random() * 100_000) / 100;
    const barcode = ean13(`379${String(n).padStart(9, '0')}`);
    const kind = n % 3 === 0 ? 'pieces' : 'articles';
    for (let k = 0; k < 3 && written < lines; k++) {
      const bin = `${String.fromCharCode(65 + ((n + k) % 12))}-${String(((n * 7 + k) % 20) + 1).padStart(2, '0')}`;
      const lot = tracking === 'lot' ? `L${2026}${k}` : null;
      const serial = tracking === 'serial' ? `SN${n}-${k}` : null;
      const qty =
        tracking === 'serial' ? 1 : unit === 'pcs' ? Math.floor(random() * 200) : Math.round(random() * 100_000) / 1000;
      written++;
      yield [ref, designation, kind, supplier, bin, lot, serial, unit, qty, cost, barcode];
    }
  }
}
