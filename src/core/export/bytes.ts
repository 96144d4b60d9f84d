/**
 * Byte arrays joined end to end: parts of a file written apart, chunks of a ZIP entry
 * read from a stream, deflated parts. One part comes back as it is (no copy).
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
