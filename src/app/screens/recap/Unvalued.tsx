/**
 * The recap's "À valoriser": new references a counter added without their unit cost,
 * valued 0 € until a supervisor gives it. Each line with its cost field (supervisor,
 * while counting or closed); saving asks the server (PUT /line-cost) and the recap is
 * loaded again with the new values. Only the lines the recap lists: the counted ones, and
 * the uncounted ones among the first the screen loads.
 */
import { useState } from 'preact/hooks';
import type { RecapDto, RecapLineDto } from '../../../core/api/dto';
import { parseMoney } from '../../../core/money';
import { showQty } from '../../format';
import { errorText } from '../../i18n/errors';
import { setLineCost } from '../../inventory/actions';
import { t } from './confirmMessages';

/** The section's id: "Valoriser d'abord" in the confirmation brings the supervisor here. */
export const UNVALUED_ID = 'unvalued';

/** "12,50 €" as typed on a French keypad → "12.50"; "" when nothing is typed. */
const costText = (typed: string): string => typed.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');

export function Unvalued({
  id,
  recap,
  editable,
  onSaved,
  onError,
}: {
  id: number;
  recap: RecapDto;
  /** A supervisor, while the inventory is counting or closed: the cost fields are there. */
  editable: boolean;
  onSaved: (message: string) => Promise<void>;
  /** null: clears the message shown. */
  onError: (message: string | null) => void;
}) {
  const lines = [...recap.lines, ...recap.uncounted].filter((l) => l.costMissing);
  if (lines.length === 0) return null;
  return (
    <section id={UNVALUED_ID} aria-labelledby="unvalued-title">
      <h2 id="unvalued-title">
        {t('unvaluedTitle')} ({lines.length})
      </h2>
      <p class="muted">{t('unvaluedHint')}</p>
      <ul class="card" style={{ listStyle: 'none', padding: '0.5rem 0.75rem' }}>
        {lines.map((l) => (
          <UnvaluedLine key={l.key} id={id} line={l} editable={editable} onSaved={onSaved} onError={onError} />
        ))}
      </ul>
    </section>
  );
}

function UnvaluedLine({
  id,
  line,
  editable,
  onSaved,
  onError,
}: {
  id: number;
  line: RecapLineDto;
  editable: boolean;
  onSaved: (message: string) => Promise<void>;
  onError: (message: string | null) => void;
}) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    onError(null);
    const text = costText(typed);
    if (text === '') return onError(t('costRequired'));
    // Checked here first, as the server will: a wrong writing says so without a round trip.
    const cost = parseMoney(text);
    if (!cost.ok) return onError(errorText(cost.error));
    setBusy(true);
    const res = await setLineCost(id, line.key, text);
    setBusy(false);
    if (!res.ok) return onError(errorText(res.error));
    await onSaved(t('costSaved', { ref: line.itemRef, cost: typed.trim() }));
  };
  return (
    <li data-key={line.key} style={{ padding: '0.4rem 0', borderBottom: '1px solid var(--line)' }}>
      <strong>{line.itemRef}</strong> {line.designation}
      <span class="muted">
        {' '}
        · {t('bin')} {line.bin}
        {line.lot && ` · ${line.lot}`}
        {line.serial && ` · ${line.serial}`} · {t('counted')} {showQty(line.counted)} {line.unit}
      </span>
      {editable && (
        <form class="actions" onSubmit={(e) => void save(e)}>
          <label>
            {t('unitCost')}
            <input
              name="unitCost"
              inputMode="decimal"
              autoComplete="off"
              required
              maxLength={40}
              aria-label={t('costFor', { ref: line.itemRef })}
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('saveCost')}
          </button>
        </form>
      )}
    </li>
  );
}
