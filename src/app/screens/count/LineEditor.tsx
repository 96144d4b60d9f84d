/**
 * Typing a counted quantity for one line: the phone's numeric keypad (decimal where the
 * unit allows), a clear refusal of negative or non-numeric input, and "saved" only once
 * IndexedDB committed.
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

  return (
    <section class="editor card" aria-label={t('quantityFor', { ref: line.itemRef })}>
      <div class="editor-head">
        <div>
          <strong>{line.itemRef}</strong> {line.designation}
          <div class="muted">
            {t('bin')} {line.bin}
            {line.lot && ` · ${t('lot')} ${line.lot}`}
            {line.serial && ` · ${t('serial')} ${line.serial}`}
            {line.expectedQty !== null && ` · ${t('expected')} ${showQty(line.expectedQty)} ${line.unit}`}
          </div>
          <div>
            {t('countedQty')} : {current === null ? t('notCountedYet') : `${showQty(current)} ${line.unit}`}
          </div>
          <TeamParts
            inventoryId={open.inv.id}
            lineKey={line.key}
            unit={line.unit}
            mine={open.registers.get(line.key)}
          />
        </div>
        <button type="button" class="link" onClick={props.onClose} aria-label={t('cancel')}>
          ✕
        </button>
      </div>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save(() => countLine(open, line, text));
        }}
      >
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
        <button type="submit" class="primary" disabled={busy}>
          {t('save')}
        </button>
        <button type="button" disabled={busy} onClick={plusOne} aria-label={`+1 ${line.itemRef}`}>
          +1
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
