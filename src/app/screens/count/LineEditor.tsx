/**
 * Typing a counted quantity for one line: the phone's numeric keypad (decimal where the
 * unit allows), a clear refusal of negative or non-numeric input, and "saved" only once
 * IndexedDB committed. A bottom sheet on a phone (under the thumb, over the bar), the
 * panel beside the list on a tablet; it names the line's bin, lot, serial and unit, so
 * the counter knows what the number means before typing it.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LineDto } from '../../../core/api/dto';
import { lineAllowsDecimals } from '../../../core/line';
import type { Result } from '../../../core/errors';
import { qty } from '../../../core/quantity';
import { countLine } from '../../count/countLine';
import { countedQty } from '../../count/counted';
import type { OpenCount } from '../../count/open';
import { addToLine } from '../../count/scanQueue';
import { showQty } from '../../format';
import { storageError } from '../../db/errors';
import { errorText } from '../../i18n/errors';
import { t } from '../messages';
import { TeamParts } from '../team/TeamCount';
import { t as ct } from './messages';

export function LineEditor(props: {
  open: OpenCount;
  line: LineDto;
  onSaved: (text: string) => void;
  onClose: () => void;
}) {
  const { line, open } = props;
  const current = countedQty(open, line.key);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const decimals = lineAllowsDecimals(line);

  // Keyed by the line (CountList), so each line starts empty. Focus before the browser
  // handles any input: a reset after paint wiped what a wedge scanner or a quick thumb
  // typed the instant the editor opened, and Enregistrer then refused an empty count.
  useLayoutEffect(() => input.current?.focus(), []);

  const save = async (write: () => Promise<Result<string, string>>) => {
    setBusy(true);
    try {
      const res = await write();
      if (!res.ok) return setError(errorText(res.error));
      setError(null);
      setText('');
      props.onSaved(t('saved', { ref: line.itemRef, qty: `${showQty(res.value)} ${line.unit}` }));
    } catch (e) {
      setError(errorText(storageError(e)));
    } finally {
      setBusy(false);
    }
  };

  // Exact (thousandths), and queued behind any scan adding to the same line.
  const plusOne = () => void save(() => addToLine(open, line, qty(1000n)));

  const none = <span class="muted">—</span>;
  return (
    <section class="editor card" aria-label={t('quantityFor', { ref: line.itemRef })}>
      <div class="editor-head">
        <div class="editor-title">
          <strong>{line.itemRef}</strong> {line.designation}
        </div>
        <button type="button" class="close-sheet" onClick={props.onClose} aria-label={t('cancel')}>
          ✕
        </button>
      </div>
      <dl class="facts">
        <div>
          <dt>{t('bin')}</dt>
          <dd>{line.bin}</dd>
        </div>
        <div>
          <dt>{t('lot')}</dt>
          <dd>{line.lot ?? none}</dd>
        </div>
        <div>
          <dt>{t('serial')}</dt>
          <dd>{line.serial ?? none}</dd>
        </div>
        <div>
          <dt>{ct('unit')}</dt>
          <dd>{line.unit}</dd>
        </div>
        {line.expectedQty !== null && (
          <div>
            <dt>{t('expected')}</dt>
            <dd>
              {showQty(line.expectedQty)} {line.unit}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('countedQty')}</dt>
          <dd>{current === null ? t('notCountedYet') : `${showQty(current)} ${line.unit}`}</dd>
        </div>
      </dl>
      <TeamParts inventoryId={open.inv.id} lineKey={line.key} unit={line.unit} mine={open.registers.get(line.key)} />
      <form
        class="editor-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(() => countLine(open, line, text));
        }}
      >
        <span class="qty-field">
          <input
            ref={input}
            type="text"
            inputMode={decimals ? 'decimal' : 'numeric'}
            enterKeyHint="done"
            autoComplete="off"
            aria-label={t('quantityFor', { ref: line.itemRef })}
            aria-invalid={error !== null}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <span class="unit" aria-hidden="true">
            {line.unit}
          </span>
        </span>
        <button type="button" class="plus-one" disabled={busy} onClick={plusOne} aria-label={`+1 ${line.itemRef}`}>
          +1
        </button>
        <button type="submit" class="primary save" disabled={busy}>
          {t('save')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
