/**
 * What "Confirmer l'inventaire" will do, read from the recap the supervisor is looking at:
 * how many lines change and the value gained and lost, what happens to the uncounted
 * lines, and what still deserves a look before the stock is updated — recounts suggested
 * and not done, possible double counts, new references whose cost is still to be given
 * (À valoriser). Generic over the recap's shape so the screen reads it from the API's
 * recap (decimal strings) as the tests do from core's (bigints): only flags and counts
 * are computed here, the amounts are the recap's own totals.
 */
import type { UncountedPolicy } from './inventory';

/** The part of a recap line the preview reads. */
export interface PreviewLine {
  readonly suggestRecount: boolean;
  /** The deciding round: 0 while no recount of the line has been counted. */
  readonly round: number;
  readonly possibleDoubleCount: boolean;
  readonly costMissing: boolean;
}

export interface PreviewRecap<L extends PreviewLine, M> {
  readonly uncountedPolicy: UncountedPolicy;
  readonly lines: readonly L[];
  readonly uncounted: readonly L[];
  readonly totals: {
    readonly changedLines: number;
    readonly uncountedLines: number;
    readonly gainValue: M;
    readonly lossValue: M;
  };
}

export interface ApplyPreview<L, M> {
  readonly changedLines: number;
  readonly gainValue: M;
  /** Negative or zero, as the recap's totals hold it. */
  readonly lossValue: M;
  readonly uncountedLines: number;
  /** keep: the uncounted lines keep their expected quantity; zero: they go to 0. */
  readonly uncountedPolicy: UncountedPolicy;
  /** Counted lines whose difference passes the threshold and that no recount round has counted yet. */
  readonly recountsNotDone: readonly L[];
  /** Counted lines that two devices or more counted in their deciding round. */
  readonly doubleCounts: readonly L[];
  /** Lines still to be valued (listed ones: counted, and the uncounted ones the recap lists). */
  readonly unvalued: readonly L[];
}

export function applyPreview<L extends PreviewLine, M>(recap: PreviewRecap<L, M>): ApplyPreview<L, M> {
  return {
    changedLines: recap.totals.changedLines,
    gainValue: recap.totals.gainValue,
    lossValue: recap.totals.lossValue,
    uncountedLines: recap.totals.uncountedLines,
    uncountedPolicy: recap.uncountedPolicy,
    // A recount counted makes the line's deciding round 1 or more: a suggestion that
    // remains after it is the recount's own figure, not a recount left to do.
    recountsNotDone: recap.lines.filter((l) => l.suggestRecount && l.round === 0),
    doubleCounts: recap.lines.filter((l) => l.possibleDoubleCount),
    unvalued: [...recap.lines, ...recap.uncounted].filter((l) => l.costMissing),
  };
}
