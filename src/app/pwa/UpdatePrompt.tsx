// Tells the user a new version is ready and lets them choose when to take it: reloading in
// the middle of a count would throw them out of what they were doing, so we only ask.
import { useState } from 'preact/hooks';
import { t } from './messages';
import { applyUpdate, updateReady } from './register';

const bannerStyle = {
  position: 'fixed',
  insetInline: '0.5rem',
  bottom: '0.5rem',
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: '0.5rem',
  padding: '0.75rem 1rem',
  borderRadius: '0.5rem',
  background: '#1f4e79',
  color: '#fff',
  zIndex: 1000,
} as const;

export function UpdatePrompt() {
  const [later, setLater] = useState(false);
  const shown = updateReady.value && !later;
  // The live region stays in the page so screen readers announce the text when it appears.
  return (
    <div role="status" aria-live="polite" style={shown ? bannerStyle : undefined}>
      {shown && (
        <>
          <span style={{ flex: '1 1 16rem' }}>{t('update.ready')}</span>
          <button type="button" onClick={applyUpdate}>
            {t('update.reload')}
          </button>
          <button type="button" onClick={() => setLater(true)}>
            {t('update.later')}
          </button>
        </>
      )}
    </div>
  );
}
