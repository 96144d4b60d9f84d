/**
 * One row of the count list. Drawn again only when what it shows changed: the list
 * renders again on every change of the open count (a count, the team's pull, the scanner's
 * code arriving, the list measured), and redrawing every visible row each time made those
 * renders the longest tasks of the count screen's opening (Lighthouse, at the calibrated
 * CPU slowdown). The team's total on the row follows the other devices' counts by itself.
 */
import { Component } from 'preact';
import type { LineDto } from '../../../core/api/dto';
import type { StoredRegister } from '../../db/schema';
import { showQty } from '../../format';
import { t } from '../messages';
import { TeamTotal } from '../team/TeamCount';

export interface LineRowProps {
  readonly inventoryId: number;
  readonly line: LineDto;
  /** Offset of the row's top in the list, px. */
  readonly top: number;
  readonly height: number;
  /** This device's quantity in the line's current round (null: none). */
  readonly mine: string | null;
  /** This device's register of the line, for the team's total. */
  readonly register: StoredRegister | undefined;
  /** Counted by the team (any device). */
  readonly counted: boolean;
  readonly recount: boolean;
  readonly selected: boolean;
  readonly counting: boolean;
  /** Stable across renders (a state setter): a new function would redraw every row. */
  readonly onSelect: (key: string) => void;
  /** The language the row's words are in (a change of language redraws it). */
  readonly lang: string;
}

export class LineRow extends Component<LineRowProps> {
  override shouldComponentUpdate(next: LineRowProps): boolean {
    const now = this.props;
    for (const k of Object.keys(next) as (keyof LineRowProps)[]) if (now[k] !== next[k]) return true;
    return false;
  }

  override render() {
    const { line: l, top, height, mine, counted, recount, selected, counting } = this.props;
    return (
      <div role="listitem" class="line-row" style={{ height: `${height}px`, transform: `translateY(${top}px)` }}>
        <button
          type="button"
          class={`line ${counted ? 'done' : ''} ${selected ? 'selected' : ''}`}
          disabled={!counting}
          onClick={() => this.props.onSelect(l.key)}
        >
          <span class="line-main">
            <strong>{l.itemRef}</strong> {l.designation}
            {l.added && <span class="tag">{t('addedBadge')}</span>}
            {recount && <span class="tag recount">{t('toRecount')}</span>}
          </span>
          <span class="line-sub">
            {l.bin}
            {l.lot && ` · ${t('lot')} ${l.lot}`}
            {l.serial && ` · ${t('serial')} ${l.serial}`}
            {l.expectedQty !== null && ` · ${t('expected')} ${showQty(l.expectedQty)}`}
          </span>
          <span class="line-qty">
            {mine !== null ? `${showQty(mine)} ${l.unit}` : counted ? '' : t('notCountedYet')}
            <TeamTotal inventoryId={this.props.inventoryId} lineKey={l.key} unit={l.unit} mine={this.props.register} />
          </span>
        </button>
      </div>
    );
  }
}
