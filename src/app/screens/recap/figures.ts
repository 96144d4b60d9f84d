/**
 * How the recap writes its figures: a quantity with its unit ("12,5 m", "40 pcs") and an
 * amount in euros ("1 234,56 €", "−12,00 €"). Display only: the text comes exact from the
 * server and nothing here is summed.
 */
import { showMoney, showQty, showSignedQty } from '../../format';

/** A no-break space: "12,5 m" and "40 €" never break across two lines. */
const NBSP = '\u00a0';

export const qtyIn = (text: string, unit: string): string => `${showQty(text)}${NBSP}${unit}`;

export const signedQtyIn = (text: string, unit: string): string => `${showSignedQty(text)}${NBSP}${unit}`;

export const euros = (text: string, signed = false): string => `${showMoney(text, signed)}${NBSP}€`;
