/**
 * GTIN check digits (EAN-13, EAN-8, UPC-A, UPC-E), checked by the pipeline itself before a
 * read is accepted: an engine that returns a retail code with a wrong check digit has
 * misread a bar, and a wrong article counted is worse than a second scan.
 */

/** True when `digits` (EAN-8, UPC-A, EAN-13, GTIN-14) ends with its mod-10 check digit. */
export function gtinCheckDigitOk(digits: string): boolean {
  if (!/^\d{8,14}$/.test(digits)) return false;
  let sum = 0;
  // Weights 3,1,3,1… from the digit just left of the check digit, whatever the length.
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/**
 * The UPC-A a UPC-E stands for (UPC-E is a zero-suppressed UPC-A whose check digit is the
 * UPC-A's), or null when `upce` is not 8 digits of number system 0 or 1.
 */
export function upcEToUpcA(upce: string): string | null {
  if (!/^[01]\d{7}$/.test(upce)) return null;
  const d = (i: number): string => upce.charAt(i);
  const [ns, d6, check] = [d(0), d(6), d(7)];
  let middle: string;
  switch (d6) {
    case '0':
    case '1':
    case '2':
      middle = `${d(1)}${d(2)}${d6}0000${d(3)}${d(4)}${d(5)}`;
      break;
    case '3':
      middle = `${d(1)}${d(2)}${d(3)}00000${d(4)}${d(5)}`;
      break;
    case '4':
      middle = `${d(1)}${d(2)}${d(3)}${d(4)}00000${d(5)}`;
      break;
    default:
      middle = `${d(1)}${d(2)}${d(3)}${d(4)}${d(5)}0000${d6}`;
  }
  return `${ns}${middle}${check}`;
}
