/**
 * Exact decimal text from the server ("12.500", "-3.1400") shown in the user's language.
 * Display only: nothing here is ever summed.
 */
import { lang } from './i18n';
import { dateFormat } from './i18n/intl';
import { showDecimal } from './i18n/numbers';

/** "12.500" → "12,5" (fr) / "12.5" (en); trailing zeros dropped, up to 3 decimals. */
export const showQty = (text: string): string => showDecimal(text, lang.value, { min: 0, max: 3, sign: 'auto' });

/** "1234.5600" → "1 234,56"; a difference keeps its sign. */
export const showMoney = (text: string, signed = false): string =>
  showDecimal(text, lang.value, { min: 2, max: 2, sign: signed ? 'exceptZero' : 'auto' });

export const showSignedQty = (text: string): string =>
  showDecimal(text, lang.value, { min: 0, max: 3, sign: 'exceptZero' });

export const showDate = (iso: string): string =>
  dateFormat(lang.value, 'short', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

/**
 * "09:07:03", local time: what Intl prints for both fr-FR and en-GB (24-hour clock), built
 * by hand because the status bar shows it on every screen and building the first
 * Intl.DateTimeFormat costs ~35 ms on this machine (a unit test holds the two equal).
 */
export const showTime = (at: string | number | Date): string => {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};
