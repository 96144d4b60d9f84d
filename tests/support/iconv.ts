/**
 * Windows-1252 encoding for the tests' "French Excel" CSV files (Node's TextEncoder only
 * writes UTF-8). The 0x80-0x9F range is Windows-1252's own (€, œ, …); the rest is Latin-1.
 */
const HIGH: Readonly<Record<string, number>> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

function encodeWindows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const c = ch.charCodeAt(0);
    const b = HIGH[ch] ?? (c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : undefined);
    if (b === undefined) throw new Error(`"${ch}" has no Windows-1252 byte`);
    out[i] = b;
  }
  return out;
}

export default { encodeWindows1252 };
