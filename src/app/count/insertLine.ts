/**
 * Putting a line the snapshot did not have into an open count's list and key index: one
 * added here with "Ajouter réf.", or one another phone added, learnt from the server.
 */
import type { LineDto } from '../../core/api/dto';

/** What a line goes into: the open count's lines and its key index (see open.ts). */
export interface LineList {
  readonly lines: LineDto[];
  readonly index: Map<string, number>;
}

export function insertLine(open: LineList, line: LineDto): void {
  const i = open.index.get(line.key);
  if (i !== undefined) {
    open.lines[i] = line;
    return;
  }
  open.index.set(line.key, open.lines.length);
  // The indexes take it in with the next slice, or when a scan or search asks for them.
  open.lines.push(line);
}
