/**
 * "1 count", "3 counts": English plurals for the texts the server and the command line
 * write (API error messages, terminal output). The app's screens have their own, in French
 * and English (app/i18n/plural.ts); these are for the logs and the API's readers.
 */
export const countOf = (n: number, one: string, other = `${one}s`): string => `${n} ${n === 1 ? one : other}`;
