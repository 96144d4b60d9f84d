/**
 * Stock files as people send them, built for the tests: CSV in the dialects spreadsheets
 * save (French Excel: `;`, decimal comma, Windows-1252 or UTF-8 with a BOM; English: `,`
 * and a decimal point; tab-separated "Unicode text" in UTF-16) and XLSX workbooks (shared
 * strings, number cells, inline strings), from a header and rows of cells. A number cell
 * of an XLSX is given as a JS number; everything else is text.
 */
import iconv from './iconv';
import JSZip from 'jszip';

export type CellValue = string | number | null;

export interface CsvDialect {
  readonly separator: ';' | ',' | '\t';
  readonly decimal: ',' | '.';
  readonly encoding: 'windows-1252' | 'utf-8' | 'utf-8-bom' | 'utf-16le';
  readonly newline?: '\r\n' | '\n';
}

export const FRENCH_EXCEL: CsvDialect = { separator: ';', decimal: ',', encoding: 'windows-1252' };
export const FRENCH_EXCEL_UTF8: CsvDialect = { separator: ';', decimal: ',', encoding: 'utf-8-bom' };
export const ENGLISH: CsvDialect = { separator: ',', decimal: '.', encoding: 'utf-8', newline: '\n' };
export const UNICODE_TEXT: CsvDialect = { separator: '\t', decimal: ',', encoding: 'utf-16le' };

export function csvText(headers: readonly string[], rows: readonly (readonly CellValue[])[], d: CsvDialect): string {
  const cell = (v: CellValue): string => {
    if (v === null) return '';
    const text = typeof v === 'number' ? String(v).replace('.', d.decimal) : v;
    return /[";\r\n\t,]/.test(text) && (text.includes(d.separator) || /["\r\n]/.test(text))
      ? `"${text.replaceAll('"', '""')}"`
      : text;
  };
  const nl = d.newline ?? '\r\n';
  return [headers, ...rows].map((r) => r.map(cell).join(d.separator)).join(nl) + nl;
}

export function csvBytes(
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  d: CsvDialect,
): Uint8Array {
  const text = csvText(headers, rows, d);
  switch (d.encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'windows-1252':
      return iconv.encodeWindows1252(text);
    case 'utf-16le': {
      const out = new Uint8Array(2 + text.length * 2);
      out[0] = 0xff;
      out[1] = 0xfe;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 + i * 2] = c & 0xff;
        out[3 + i * 2] = c >> 8;
      }
      return out;
    }
  }
}

const esc = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const colName = (i: number): string => {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

/** A one-sheet XLSX; texts go to the shared strings table, numbers are number cells. */
export async function xlsxBytes(
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  options: { sheetName?: string; inlineStrings?: boolean } = {},
): Promise<Uint8Array> {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sharedIndex = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const parts: string[] = [];
  [headers, ...rows].forEach((r, ri) => {
    let xml = `<row r="${ri + 1}">`;
    r.forEach((v, ci) => {
      if (v === null || v === '') return;
      const ref = `${colName(ci)}${ri + 1}`;
      if (typeof v === 'number') xml += `<c r="${ref}"><v>${v}</v></c>`;
      else if (options.inlineStrings)
        xml += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
      else xml += `<c r="${ref}" t="s"><v>${sharedIndex(v)}</v></c>`;
    });
    parts.push(`${xml}</row>`);
  });
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(options.sheetName ?? 'Stock')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${parts.join('')}</sheetData></worksheet>`,
  );
  zip.file(
    'xl/sharedStrings.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
