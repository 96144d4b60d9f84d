/**
 * Which field a column holds, from its header as people write it, in French and English:
 * "Réf. produit", "Code article", "Item Code (Items)", "Qté", "Stock réel", "PMP"… Headers
 * are compared folded (no case, no accents, no punctuation, no "(…)" suffix such as
 * ERPNext's "(Items)"), and a header names a field only when it is one of the field's
 * names: a guess would put the wrong numbers in the stock.
 */
import type { ImportField } from './fields';

/** "Réf. Produit (Items)" → "ref produit". */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\([^)]*\)\s*$/, '')
    .replace(/n°|nº/g, 'numero ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const NAMES: Readonly<Record<ImportField, readonly string[]>> = {
  location: [
    'lieu',
    'code lieu',
    'depot',
    'code depot',
    'entrepot',
    'code entrepot',
    'ref entrepot',
    'magasin',
    'site',
    'warehouse',
    'warehouse code',
    'location code',
    'store',
    'nom court de l emplacement',
    'short name of location',
  ],
  locationName: ['nom du lieu', 'nom lieu', 'libelle lieu', 'nom entrepot', 'location name', 'warehouse name'],
  itemRef: [
    'reference',
    'ref',
    'ref produit',
    'ref article',
    'reference article',
    'reference produit',
    'reference interne',
    'code article',
    'code produit',
    'article',
    'sku',
    'item',
    'item code',
    'item ref',
    'item reference',
    'product code',
    'product ref',
    'product reference',
    'internal reference',
    'default code',
    'product internal reference',
    'produit',
    'product',
  ],
  designation: [
    'designation',
    'libelle',
    'libelle article',
    'libelle produit',
    'description',
    'nom',
    'nom article',
    'nom produit',
    'name',
    'item name',
    'product name',
    'label',
  ],
  kind: ['type', 'type article', 'kind', 'item kind', 'genre'],
  unit: [
    'unite',
    'unite de mesure',
    'udm',
    'unit',
    'units',
    'uom',
    'unit of measure',
    'stock uom',
    'unite de stock',
    'product unit of measure',
  ],
  decimals: ['decimales', 'decimal', 'decimals', 'quantite decimale', 'fractionnable', 'allows decimals'],
  unitCost: [
    'cout unitaire',
    'cout',
    'cout de revient',
    'prix de revient',
    'prix unitaire',
    'prix d achat',
    'prix achat',
    'pmp',
    'prix moyen pondere',
    'prix moyen pondere pmp',
    'valorisation unitaire',
    'unit cost',
    'cost',
    'cost price',
    'standard price',
    'valuation rate',
    'purchase price',
    'average cost',
    'weighted average price',
  ],
  supplier: ['fournisseur', 'fournisseur principal', 'supplier', 'vendor', 'default supplier', 'supplier name'],
  tracking: ['suivi', 'tracabilite', 'suivi par', 'tracking', 'traceability'],
  barcode: [
    'code barres',
    'code barre',
    'codebarre',
    'codes barres',
    'ean',
    'ean13',
    'gtin',
    'upc',
    'barcode',
    'barcodes',
  ],
  packBarcode: [
    'code barres colis',
    'code barre colis',
    'ean colis',
    'code barres carton',
    'dun14',
    'pack barcode',
    'case barcode',
    'carton barcode',
  ],
  packQty: [
    'quantite colis',
    'qte colis',
    'quantite par colis',
    'colisage',
    'pcb',
    'quantite carton',
    'pack qty',
    'pack quantity',
    'case qty',
    'units per pack',
    'units per case',
  ],
  bin: [
    'emplacement',
    'casier',
    'adresse',
    'adresse de stockage',
    'rayon',
    'etagere',
    'bin',
    'bin location',
    'storage bin',
    'shelf',
    'rack',
    'sub location',
  ],
  // Odoo and Dolibarr keep lots and serial numbers in one column: a lot unless told otherwise.
  lot: [
    'lot',
    'numero lot',
    'numero de lot',
    'lot number',
    'batch',
    'batch no',
    'batch number',
    'lot serie',
    'numero de lot serie',
    'lot serial',
    'lot serial number',
    'batch serial',
  ],
  serial: [
    'serie',
    'numero serie',
    'numero de serie',
    'serial',
    'serial no',
    'serial number',
    'serial nos',
    'sn',
    'imei',
  ],
  qty: [
    'quantite',
    'qte',
    'quantite en stock',
    'quantite stock',
    'stock',
    'stock reel',
    'stock physique',
    'quantite reelle',
    'qty',
    'quantity',
    'on hand',
    'on hand quantity',
    'quantity on hand',
    'qty on hand',
    'available quantity',
    'counted quantity',
    'quantite comptee',
    'quantite disponible',
  ],
  value: ['valeur', 'valeur stock', 'valeur totale', 'montant', 'value', 'stock value', 'total value', 'amount'],
};

const BY_NAME = new Map<string, ImportField>();
for (const [field, names] of Object.entries(NAMES) as [ImportField, readonly string[]][]) {
  for (const n of names) {
    const folded = foldHeader(n);
    if (BY_NAME.has(folded)) throw new Error(`header "${n}" names two fields`);
    BY_NAME.set(folded, field);
  }
}

/** The field a header names, or null when it names none we know. */
export function fieldOfHeader(header: string): ImportField | null {
  const folded = foldHeader(header);
  // Odoo exports a related field as "Product/Internal Reference": the part after the slash names it.
  return BY_NAME.get(folded) ?? BY_NAME.get(foldHeader(header.split('/').pop() ?? '')) ?? null;
}
