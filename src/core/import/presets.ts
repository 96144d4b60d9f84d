/**
 * Column presets for the files shops actually have: our own stock.csv (so an export
 * imports back unchanged) and the stock exports of Odoo, Dolibarr and ERPNext, with the
 * column names those ERPs write (their own export labels and import templates, in English
 * and French). A preset only settles what generic header matching would get wrong: Odoo's
 * "Location" is a place inside the warehouse (a bin here), Dolibarr's "Type" is product vs
 * service (not articles vs pièces), ERPNext's "Current Qty" is the book quantity.
 */
import type { ImportField } from './fields';
import { foldHeader } from './headers';

export type PresetId = 'decompte' | 'odoo' | 'dolibarr' | 'erpnext';
export const PRESET_IDS: readonly PresetId[] = ['decompte', 'odoo', 'dolibarr', 'erpnext'];

export interface Preset {
  readonly id: PresetId;
  readonly name: string;
  /** Header → field (null: ignore that column), in order of preference for one field. */
  readonly columns: readonly (readonly [string, ImportField | null])[];
  /** Headers that tell this ERP's file apart from any other. */
  readonly signature: readonly string[];
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'decompte',
    name: 'Décompte (stock.csv)',
    columns: [
      ['reference', 'itemRef'],
      ['designation', 'designation'],
      ['type', 'kind'],
      ['fournisseur', 'supplier'],
      ['emplacement', 'bin'],
      ['lot', 'lot'],
      ['serie', 'serial'],
      ['unite', 'unit'],
      ['quantite', 'qty'],
      ['cout_unitaire', 'unitCost'],
      ['valeur', 'value'],
    ],
    signature: ['reference', 'emplacement', 'serie', 'quantite', 'cout_unitaire'],
  },
  {
    id: 'odoo',
    name: 'Odoo (stock.quant)',
    columns: [
      ['Product', 'itemRef'],
      ['Article', 'itemRef'],
      ['Produit', 'itemRef'],
      ['Product/Internal Reference', 'itemRef'],
      ['Location', 'bin'],
      ['Emplacement', 'bin'],
      ['Warehouse', 'location'],
      ['Entrepôt', 'location'],
      ['Lot/Serial Number', 'lot'],
      ['Numéro de lot/série', 'lot'],
      ['On Hand Quantity', 'qty'],
      ['Quantity', 'qty'],
      ['Quantité en stock', 'qty'],
      ['Quantité', 'qty'],
      ['Counted Quantity', null],
      ['Quantité comptée', null],
      ['Available Quantity', null],
      ['Quantité disponible', null],
      ['Reserved Quantity', null],
      ['Unit of Measure', 'unit'],
      ['UoM', 'unit'],
      ['Unité de mesure', 'unit'],
      ['Value', 'value'],
      ['Valeur', 'value'],
      ['Product Category', null],
      ['Catégorie d’article', null],
      ['Package', null],
      ['Colis', null],
      ['Owner', null],
      ['Propriétaire', null],
      ['Company', null],
      ['Société', null],
    ],
    signature: ['lot serial number', 'numero de lot serie', 'on hand quantity', 'counted quantity', 'quantite comptee'],
  },
  {
    id: 'dolibarr',
    name: 'Dolibarr (entrepôts et produits)',
    columns: [
      ['Nom court de l’emplacement', 'location'],
      ['Short name of location', 'location'],
      ['Réf. entrepôt', 'location'],
      ['Ref.', 'itemRef'],
      ['Réf.', 'itemRef'],
      ['Réf. produit', 'itemRef'],
      ['Libellé', 'designation'],
      ['Label', 'designation'],
      ['Description', null],
      ['Type', null],
      ['Stock', 'qty'],
      ['Stock réel', 'qty'],
      ['Qté', 'qty'],
      ['Qty', 'qty'],
      ['Prix moyen pondéré (PMP)', 'unitCost'],
      ['PMP', 'unitCost'],
      ['Weighted average price', 'unitCost'],
      ['Prix de revient', 'unitCost'],
      ['Cost price', 'unitCost'],
      ['Prix', null],
      ['Price', null],
      ['Lot/Série', 'lot'],
      ['Batch/Serial', 'lot'],
      ['Code-barre', 'barcode'],
      ['Barcode', 'barcode'],
      ['Description entrepôt', 'locationName'],
      ['Lieu entrepôt', null],
      ['Identifiant entrepôt', null],
      ['Id produit', null],
    ],
    signature: [
      'nom court de l emplacement',
      'short name of location',
      'prix moyen pondere',
      'pmp',
      'weighted average price',
      'lieu entrepot',
      'description entrepot',
    ],
  },
  {
    id: 'erpnext',
    name: 'ERPNext (Stock Reconciliation)',
    columns: [
      ['Item Code', 'itemRef'],
      ['Item Name', 'designation'],
      ['Warehouse', 'location'],
      ['Quantity', 'qty'],
      ['Qty', 'qty'],
      ['Valuation Rate', 'unitCost'],
      ['Batch No', 'lot'],
      ['Serial No', 'serial'],
      ['Stock UOM', 'unit'],
      ['Barcode', 'barcode'],
      ['Amount', 'value'],
      ['Current Qty', null],
      ['Current Valuation Rate', null],
      ['Current Amount', null],
      ['Current Serial No', null],
      ['Item Group', null],
      ['Description', null],
      ['Allow Zero Valuation Rate', null],
    ],
    signature: ['item code', 'valuation rate', 'current qty', 'batch no', 'serial no'],
  },
];

export const presetById = (id: PresetId): Preset => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

/**
 * The preset whose signature the headers match best (at least two of its headers), or
 * null: then headers are matched one by one.
 */
export function detectPreset(headers: readonly string[]): Preset | null {
  const folded = new Set(headers.map(foldHeader));
  let best: Preset | null = null;
  let bestScore = 1;
  for (const p of PRESETS) {
    const score = p.signature.filter((s) => folded.has(foldHeader(s))).length;
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}
