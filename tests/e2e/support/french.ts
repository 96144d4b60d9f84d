/** Figures as the French screens show them, read back as plain decimals for exact comparison. */

/** "+1 234,50 €" / "−12,00 €" → "1234.50" / "-12.00" (narrow and no-break spaces, the minus sign). */
export const fromFrench = (text: string): string =>
  text
    .replace(/[\s\u00a0\u202f€]/g, '')
    .replace('−', '-')
    .replace(',', '.')
    .replace(/^\+/, '');
