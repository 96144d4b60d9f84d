/**
 * The app's two language codes. Their own module so the number and collation formats
 * (numbers.ts, intl.ts) can name a language without importing the translations that use them.
 */
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
