/**
 * Which column is which: headers in French and English, the presets of our own stock.csv
 * and of Odoo, Dolibarr and ERPNext exports, a mapping remembered for a location, and the
 * checks before any row is read.
 */
import { describe, expect, it } from 'vitest';
import { fieldOfHeader, foldHeader } from '../../src/core/import/headers';
import { checkMapping, rememberMapping, suggestMapping } from '../../src/core/import/mapping';
import { STOCK_COLUMNS } from '../../src/core/export/stock';

const fields = (headers: string[]) => suggestMapping(headers).mapping.map((m) => m.field);

describe('headers', () => {
  it('folds case, accents, punctuation and a "(…)" suffix', () => {
    expect(foldHeader('Réf. Produit (Items)')).toBe('ref produit');
    expect(foldHeader('N° de série')).toBe('numero de serie');
    expect(foldHeader('cout_unitaire')).toBe('cout unitaire');
  });

  it.each([
    ['Référence', 'itemRef'],
    ['Code article', 'itemRef'],
    ['SKU', 'itemRef'],
    ['Libellé', 'designation'],
    ['Qté', 'qty'],
    ['Stock réel', 'qty'],
    ['Quantity on hand', 'qty'],
    ['PMP', 'unitCost'],
    ['Prix de revient', 'unitCost'],
    ['Valuation Rate', 'unitCost'],
    ['Code-barres', 'barcode'],
    ['EAN13', 'barcode'],
    ['Emplacement', 'bin'],
    ['Entrepôt', 'location'],
    ['N° de lot', 'lot'],
    ['Lot/Serial Number', 'lot'],
    ['Numéro de série', 'serial'],
    ['Unité de mesure', 'unit'],
    ['Product/Internal Reference', 'itemRef'],
    ['Couleur', null],
  ])('%s → %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });
});

describe('presets', () => {
  it('our own stock.csv, whatever the order of its columns', () => {
    const headers = STOCK_COLUMNS.map((c) => c.id);
    const s = suggestMapping(headers);
    expect(s.preset).toBe('decompte');
    expect(s.mapping.map((m) => m.field)).toEqual([
      'itemRef',
      'designation',
      'kind',
      'supplier',
      'bin',
      'lot',
      'serial',
      'unit',
      'qty',
      'unitCost',
      'value',
    ]);
    expect(suggestMapping([...headers].reverse()).mapping.map((m) => m.field)).toEqual(
      [
        'itemRef',
        'designation',
        'kind',
        'supplier',
        'bin',
        'lot',
        'serial',
        'unit',
        'qty',
        'unitCost',
        'value',
      ].reverse(),
    );
  });

  it('an Odoo stock.quant export: its Location is a bin here, its counted quantity is not the stock', () => {
    const s = suggestMapping([
      'Product',
      'Location',
      'Lot/Serial Number',
      'On Hand Quantity',
      'Counted Quantity',
      'UoM',
      'Value',
    ]);
    expect(s.preset).toBe('odoo');
    expect(s.mapping.map((m) => m.field)).toEqual(['itemRef', 'bin', 'lot', 'qty', null, 'unit', 'value']);
  });

  it('Odoo in French', () => {
    expect(fields(['Article', 'Emplacement', 'Numéro de lot/série', 'Quantité en stock', 'Quantité comptée'])).toEqual([
      'itemRef',
      'bin',
      'lot',
      'qty',
      null,
    ]);
  });

  it('a Dolibarr "warehouses and products" export: its Type is product/service, not our kind', () => {
    const s = suggestMapping([
      'Nom court de l’emplacement',
      'Réf.',
      'Type',
      'Libellé',
      'Prix moyen pondéré (PMP)',
      'Stock',
    ]);
    expect(s.preset).toBe('dolibarr');
    expect(s.mapping.map((m) => m.field)).toEqual(['location', 'itemRef', null, 'designation', 'unitCost', 'qty']);
  });

  it('an ERPNext Stock Reconciliation template: the current quantity is the book one', () => {
    const s = suggestMapping([
      'Item Code',
      'Item Name',
      'Warehouse',
      'Quantity',
      'Valuation Rate',
      'Batch No',
      'Serial No',
      'Current Qty',
    ]);
    expect(s.preset).toBe('erpnext');
    expect(s.mapping.map((m) => m.field)).toEqual([
      'itemRef',
      'designation',
      'location',
      'qty',
      'unitCost',
      'lot',
      'serial',
      null,
    ]);
  });

  it('two columns for one field: the first keeps it; two barcode columns both feed barcodes', () => {
    expect(fields(['Réf', 'Quantité', 'Stock', 'EAN', 'UPC'])).toEqual(['itemRef', 'qty', null, 'barcode', 'barcode']);
  });
});

describe('remembered mapping', () => {
  it('is offered again for the same headers in another order, not for other headers', () => {
    const headers = ['Code', 'Nom', 'Qté magasin'];
    const edited = [
      { column: 0, header: 'Code', field: 'itemRef' as const },
      { column: 1, header: 'Nom', field: 'designation' as const },
      { column: 2, header: 'Qté magasin', field: 'qty' as const },
    ];
    const remembered = rememberMapping(edited);
    const again = suggestMapping(['Qté magasin', 'Code', 'Nom'], { remembered });
    expect(again.source).toBe('remembered');
    expect(again.mapping.map((m) => m.field)).toEqual(['qty', 'itemRef', 'designation']);
    expect(suggestMapping([...headers, 'Autre'], { remembered }).source).toBe('headers');
  });
});

describe('checkMapping', () => {
  const headers = ['ref', 'qte', 'lieu'];
  const mapping = suggestMapping(headers).mapping;

  it('accepts a mapping of these columns', () => {
    expect(checkMapping(mapping, headers, 'replace', null).ok).toBe(true);
  });

  it('refuses a field fed twice, a missing reference or quantity, a mapping of other columns', () => {
    const twice = mapping.map((m, i) => (i === 2 ? { ...m, field: 'qty' as const } : m));
    const code = (r: ReturnType<typeof checkMapping>) => (r.ok ? null : r.error.code);
    expect(code(checkMapping(twice, headers, 'replace', 'X'))).toBe('field_twice');
    expect(
      code(
        checkMapping(
          mapping.map((m) => ({ ...m, field: m.field === 'itemRef' ? null : m.field })),
          headers,
          'items',
          null,
        ),
      ),
    ).toBe('missing_column');
    expect(
      code(
        checkMapping(
          mapping.map((m) => ({ ...m, field: m.field === 'qty' ? null : m.field })),
          headers,
          'replace',
          null,
        ),
      ),
    ).toBe('missing_column');
    expect(code(checkMapping(mapping.slice(1), headers, 'replace', null))).toBe('missing_column');
  });

  it('needs a location to replace stock: a column or the import’s own', () => {
    const h = ['ref', 'qte'];
    const m = suggestMapping(h).mapping;
    expect(checkMapping(m, h, 'replace', null).ok).toBe(false);
    expect(checkMapping(m, h, 'replace', 'DEP-01').ok).toBe(true);
    expect(checkMapping(m, h, 'items', null).ok).toBe(true);
  });
});
