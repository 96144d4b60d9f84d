/**
 * The text of each page of a PDF that Chromium printed (`page.pdf()`), to check a printed
 * sheet as a reader holds it: how many pages, and what each says. Just enough PDF for
 * Skia's output (no object streams; Flate-compressed content; Type0 fonts whose glyph codes
 * map to text through their ToUnicode CMap): every `Tj` / `TJ` string of a page, decoded
 * with the font its `Tf` selected; the strings of one text block (BT … ET) joined, blocks
 * one per line.
 */
import zlib from 'node:zlib';

interface PdfObject {
  readonly dict: string;
  readonly stream: string | null;
}

function objects(pdf: Uint8Array): Map<number, PdfObject> {
  const text = Buffer.from(pdf).toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const at = body.indexOf('stream');
    if (at < 0) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const raw = body.slice(at + 'stream'.length).replace(/^\r?\n/, '');
    const data = Buffer.from(raw.slice(0, raw.lastIndexOf('endstream')), 'latin1');
    let stream: string;
    try {
      stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(data).toString('latin1') : data.toString('latin1');
    } catch {
      stream = '';
    }
    out.set(Number(m[1]), { dict, stream });
  }
  return out;
}

const ref = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** A ToUnicode CMap: glyph code (hex) → text. */
function cmap(stream: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string): string => {
    const units: number[] = [];
    for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of stream.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(m[1]!.toUpperCase(), utf16(m[2]!));
  for (const block of stream.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const width = m[1]!.length;
      const from = parseInt(m[1]!, 16);
      const to = parseInt(m[2]!, 16);
      const start = parseInt(m[3]!, 16);
      for (let c = from; c <= to; c++)
        map.set(c.toString(16).toUpperCase().padStart(width, '0'), String.fromCharCode(start + c - from));
    }
  return map;
}

/** Each page's text, in page order. */
export function pdfPages(pdf: Uint8Array): string[] {
  const objs = objects(pdf);
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  const root = catalog ? ref(catalog.dict, 'Pages') : null;
  const pageIds: number[] = [];
  const walk = (id: number): void => {
    const o = objs.get(id);
    if (!o) return;
    if (/\/Type\s*\/Pages\b/.test(o.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    } else pageIds.push(id);
  };
  if (root !== null) walk(root);
  const cmaps = new Map<number, Map<string, string>>();
  const fontMap = (fontId: number): Map<string, string> => {
    const known = cmaps.get(fontId);
    if (known) return known;
    const font = objs.get(fontId);
    const toUnicode = font ? ref(font.dict, 'ToUnicode') : null;
    const map = toUnicode === null ? new Map<string, string>() : cmap(objs.get(toUnicode)?.stream ?? '');
    cmaps.set(fontId, map);
    return map;
  };
  return pageIds.map((id) => {
    const page = objs.get(id)!;
    const fonts = new Map<string, number>();
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(page.dict)?.[1] ?? '';
    for (const f of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fonts.set(f[1]!, Number(f[2]));
    const contents = ref(page.dict, 'Contents');
    const stream = contents === null ? '' : (objs.get(contents)?.stream ?? '');
    let map = new Map<string, string>();
    let width = 4;
    const blocks: string[] = [];
    for (const bt of stream.matchAll(/BT([\s\S]*?)ET/g)) {
      let text = '';
      for (const op of bt[1]!.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g)) {
        if (op[1] !== undefined) {
          const fontId = fonts.get(op[1]);
          map = fontId === undefined ? new Map() : fontMap(fontId);
          width = [...map.keys()][0]?.length ?? 4;
          continue;
        }
        const hexes = op[2] !== undefined ? [op[2]] : [...op[3]!.matchAll(/<([0-9A-Fa-f]*)>/g)].map((h) => h[1]!);
        for (const hex of hexes)
          for (let i = 0; i < hex.length; i += width) text += map.get(hex.slice(i, i + width).toUpperCase()) ?? '';
      }
      blocks.push(text);
    }
    return blocks.join('\n');
  });
}
