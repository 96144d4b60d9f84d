/**
 * Reads the lines route's JSON array as it arrives, a piece of text at a time, without
 * ever parsing the whole answer in one go (250,000 lines are some 87 MB of JSON).
 *
 * How it finds where an element ends without scanning every character: each element is a
 * LineDto object whose first field is `key` (the server builds it so, `lineFields` in
 * src/server/repos/lines.ts: `{"key" : …`), and the text `{"` cannot occur inside a JSON
 * string (a quote there is always escaped, `\"`). So the last `{"key"` of the text read
 * so far starts the last element, perhaps incomplete; everything before it is whole
 * elements and their separators, parsed at once by JSON.parse at native speed. A nested
 * object (a pack, `{"code" : …}`) never starts with `key`.
 */
import type { LineDto } from '../../core/api/dto';

const ELEMENT_START = '{"key"';

export class LineArrayReader {
  /** The text after the last element handed out (the array's `[` dropped once seen). */
  private rest = '';
  private opened = false;

  /** Takes the next piece of the answer; returns the lines it completed (often a few hundred, maybe none). */
  push(piece: string): LineDto[] {
    this.rest += piece;
    if (!this.opened) {
      const start = this.rest.trimStart();
      if (start === '') return [];
      if (!start.startsWith('[')) throw new SyntaxError('The lines answer is not a JSON array.');
      this.rest = start.slice(1);
      this.opened = true;
    }
    const last = this.rest.lastIndexOf(ELEMENT_START);
    if (last <= 0) return [];
    const whole = this.rest.slice(0, last).trimEnd();
    this.rest = this.rest.slice(last);
    // The separator before the last element stays behind; a whitespace-only head is no line.
    const elements = whole.endsWith(',') ? whole.slice(0, -1) : whole;
    return elements.trim() === '' ? [] : (JSON.parse(`[${elements}]`) as LineDto[]);
  }

  /** The answer ended: its last lines. Throws when it was cut short (no closing `]`). */
  end(): LineDto[] {
    const rest = this.rest.trimEnd();
    if (!this.opened || !rest.endsWith(']')) throw new SyntaxError('The lines answer was cut short.');
    return JSON.parse(`[${rest}`) as LineDto[];
  }
}
