/**
 * GTIN check digits (EAN-13, EAN-8, UPC-A, GTIN-14), checked by the pipeline itself before
 * a read is accepted: an engine that returns a retail code with a wrong check digit has
 * misread a bar, and a wrong article counted is worse than a second scan. (UPC-E is checked
 * through its UPC-A: core/gs1.ts expandUpcE.)
 */

/** True when `digits` (EAN-8, UPC-A, EAN-13, GTIN-14) ends with its mod-10 check digit. */
export function gtinCheckDigitOk(digits: string): boolean {
  if (!/^\d{8,14}$/.test(digits)) return false;
  let sum = 0;
  // Weights 3,1,3,1… from the digit just left of the check digit, whatever the length.
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}
