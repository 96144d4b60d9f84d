/**
 * Exact decimal text from the server ("12.500", "-3.1400") shown in the user's language.
 * Display only: nothing here is ever summed, so formatting through a Number is safe.
 */
import { lang } from './i18n';

const locale = (): string => (lang.value === 'en' ? 'en-GB' : 'fr-FR');

/** "12.500" → "12,5" (fr) / "12.5" (en); trailing zeros dropped, up to 3 decimals. */
export const showQty = (text: string): string =>
  Number(text).toLocaleString(locale(), { maximumFractionDigits: 3, useGrouping: true });

/** "1234.5600" → "1 234,56"; a difference keeps its sign. */
export const showMoney = (text: string, signed = false): string =>
  Number(text).toLocaleString(locale(), {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: signed ? 'exceptZero' : 'auto',
  });

export const showSignedQty = (text: string): string =>
  Number(text).toLocaleString(locale(), { maximumFractionDigits: 3, signDisplay: 'exceptZero' });

export const showDate = (iso: string): string =>
  new Date(iso).toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'short' });
