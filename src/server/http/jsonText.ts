/**
 * A JSON body's text, or the reason it is refused before parsing: bytes that are not
 * UTF-8 (decoded leniently they would be stored as U+FFFD, not what the client sent), and
 * numbers written as a person would not write a quantity or an id — with an exponent
 * (`1e3`) or as a negative zero (`-0`). JSON has no `+1` and no spaces inside a number;
 * decimal strings are checked by the schemas.
 */
import { TextDecoder } from 'node:util';
import { HttpError } from './errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** A JSON string (skipped) or a number token. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const ODD_NUMBER = /[eE]|^-0+(?:\.0+)?$/;

export function jsonText(bytes: Uint8Array): string | HttpError {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return new HttpError(400, 'invalid_utf8', 'The body is not valid UTF-8: send the text encoded as UTF-8.');
  }
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    if (token.startsWith('"')) continue;
    if (ODD_NUMBER.test(token)) {
      return new HttpError(
        400,
        'invalid_number',
        `The number ${token.slice(0, 40)} is written with an exponent or as a negative zero: write it plainly (1000, 0).`,
      );
    }
  }
  return text;
}
