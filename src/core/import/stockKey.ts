/**
 * One stock line as a string key (location, reference, bin, lot, serial, NUL apart: no
 * code may hold a NUL): how the file's lines, the database's and the plan meet. Not
 * core/lineKey.ts's makeLineKey: that key names a line inside one inventory (no location)
 * and URI-encodes each part to travel between devices; this one never leaves the
 * server's memory and is made twice per line of a 250,000-line import.
 */
export const stockKey = (location: string, itemRef: string, bin: string, lot: string, serial: string): string =>
  // join makes one flat string; a template literal makes a tree of 9 pieces (~290 bytes a
  // key more: 70 MB for a 250,000-line file, as the keys are kept).
  [location, itemRef, bin, lot, serial].join('\u0000');

/** A key back to its parts. */
export function stockKeyParts(key: string): {
  location: string;
  itemRef: string;
  bin: string;
  lot: string;
  serial: string;
} {
  const [location = '', itemRef = '', bin = '', lot = '', serial = ''] = key.split('\u0000');
  return { location, itemRef, bin, lot, serial };
}
