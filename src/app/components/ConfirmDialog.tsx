/** A yes/no question that must be answered before anything irreversible (close, apply). */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../screens/messages';

export function ConfirmDialog(props: {
  title: string;
  text?: string;
  onYes: () => void;
  onNo: () => void;
  busy?: boolean;
  /** Words that say what the answer does ("Clôturer quand même"), instead of Oui / Non. */
  yesLabel?: string;
  noLabel?: string;
  /** What the answer will do, shown between the title and `text` (the figures of an apply). */
  children?: ComponentChildren;
}) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div class="backdrop">
      {/* A long body (an apply's figures) scrolls inside the dialog, buttons included, on a small phone. */}
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        class="dialog card"
        style={{ maxHeight: 'calc(100dvh - 2rem)', overflowY: 'auto' }}
      >
        <h2 id="confirm-title">{props.title}</h2>
        {props.children}
        {props.text && <p>{props.text}</p>}
        <div class="actions">
          <button ref={yes} type="button" class="primary" disabled={props.busy} onClick={props.onYes}>
            {props.yesLabel ?? t('yes')}
          </button>
          <button type="button" disabled={props.busy} onClick={props.onNo}>
            {props.noLabel ?? t('no')}
          </button>
        </div>
      </div>
    </div>
  );
}
