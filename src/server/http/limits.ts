/**
 * How big a request body may be, per route, from measured sizes rather than guesses
 * (demo-style data, 250,000 stock lines, one count per line):
 * - a count push of 5,000 events (the most a push may hold) is ~0.8 MB; at the schema's
 *   longest line keys and counter names it stays under 8 MB;
 * - a before ZIP is ~2.8 MB and an after ZIP ~17.7 MB (counts.csv grows with every
 *   recount and device): 64 MB leaves room for several events per line;
 * - every other body is a small form: 64 KB is far above any of them.
 * A larger body is refused with 413 `too_large` before it is read in full.
 */
export const BODY_LIMIT = {
  default: 64 * 1024,
  login: 4 * 1024,
  countPush: 8 * 1024 * 1024,
  binChecks: 4 * 1024 * 1024,
  export: 64 * 1024 * 1024,
  /** A stock file to import: 250,000 lines with every column are ~35 MB as CSV, ~9 MB as XLSX. */
  importFile: 100 * 1024 * 1024,
} as const;
