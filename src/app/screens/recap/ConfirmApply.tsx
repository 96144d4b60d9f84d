/**
 * "Confirmer l'inventaire": before the stock is updated, what the apply will do, from the
 * recap on screen (no new server call) — lines changed, value gained and lost, what
 * becomes of the uncounted lines, then what deserves a look first: recounts suggested and
 * not done, possible double counts, lines still to be valued. Lines to be valued make it a
 * choice: value them first, or confirm them at 0 €. Then the manual's words and Oui / Non.
 */
import { Fragment } from 'preact';
import type { RecapDto, RecapLineDto } from '../../../core/api/dto';
import { applyPreview } from '../../../core/applyPreview';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { showMoney } from '../../format';
import { t } from './confirmMessages';

/** The references of a few lines, to say which ones without a list longer than the phone. */
const SHOWN_REFS = 3;
const refs = (lines: readonly RecapLineDto[]): string =>
  lines
    .slice(0, SHOWN_REFS)
    .map((l) => l.itemRef)
    .join(', ') + (lines.length > SHOWN_REFS ? ` … (+${lines.length - SHOWN_REFS})` : '');

export function ConfirmApply({
  recap,
  busy,
  onYes,
  onNo,
  onValueFirst,
}: {
  recap: RecapDto;
  busy: boolean;
  /** `confirmZeroCost`: the lines still to be valued go at 0 € (the supervisor said so). */
  onYes: (confirmZeroCost: boolean) => void;
  onNo: () => void;
  /** "Valoriser d'abord": back to the recap's À valoriser section. */
  onValueFirst: () => void;
}) {
  const p = applyPreview(recap);
  const unvalued = p.unvalued.length;
  const count = (lines: readonly RecapLineDto[], none: string) =>
    lines.length === 0 ? none : `${lines.length} (${refs(lines)})`;
  // [words, test id, figure, deserves a look first]
  const rows: readonly (readonly [string, string, string, boolean])[] = [
    [t('changedLines'), 'apply-changed', String(p.changedLines), false],
    [t('gain'), 'apply-gain', `${showMoney(p.gainValue, true)} €`, false],
    [t('loss'), 'apply-loss', `${showMoney(p.lossValue, true)} €`, false],
    [t('uncounted'), 'apply-uncounted', t(`policy_${p.uncountedPolicy}`, { n: p.uncountedLines }), false],
    [t('recountsNotDone'), 'apply-recounts', count(p.recountsNotDone, t('none')), p.recountsNotDone.length > 0],
    [t('doubleCounts'), 'apply-doubles', count(p.doubleCounts, t('none')), p.doubleCounts.length > 0],
    [
      t('unvalued'),
      'apply-unvalued',
      unvalued === 0 ? t('noneFem') : `${t('unvaluedAtZero', { n: unvalued })} (${refs(p.unvalued)})`,
      unvalued > 0,
    ],
  ];
  return (
    <ConfirmDialog
      title={t('confirmTitle')}
      text={t('stockNextStep')}
      busy={busy}
      onYes={() => onYes(unvalued > 0)}
      onNo={unvalued > 0 ? onValueFirst : onNo}
      yesLabel={unvalued > 0 ? t('confirmAtZero') : t('yes')}
      noLabel={unvalued > 0 ? t('valueFirst') : t('no')}
    >
      {/* Two columns: each figure beside its words, read as pairs by a screen reader. */}
      <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: '0.3rem 0.75rem' }}>
        {rows.map(([words, id, figure, look]) => (
          <Fragment key={id}>
            <dt>{words}</dt>
            <dd data-testid={id} class={look ? 'alert' : undefined} style={{ margin: 0 }}>
              {figure}
            </dd>
          </Fragment>
        ))}
      </dl>
    </ConfirmDialog>
  );
}
