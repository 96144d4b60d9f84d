/**
 * Step 3: what importing the file will do, before anything changes — the locations,
 * items and stock lines new / changed / unchanged / missing, the movements, the stock's
 * value before and after, and every problem with its row and column (the first 100, the
 * rest counted). Importer asks once more, with the figures, then imports.
 */
import { useState } from 'preact/hooks';
import type { ImportCounts, ImportPreviewDto, ImportResult } from '../../../core/import/preview';
import { importApi } from '../../api/imports';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { showMoney } from '../../format';
import { errorText } from '../../i18n/errors';
import { issueText, whereText } from './issueText';
import { t } from './messages';
import { ScrollTable } from '../../components/ScrollTable';

const euros = (text: string): string => `${showMoney(text)} €`;

function Counts(props: { label: string; counts: ImportCounts; missing: string }) {
  const c = props.counts;
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{c.new}</td>
      <td>{c.changed}</td>
      <td>{c.unchanged}</td>
      <td>
        {c.missing} <span class="muted">{props.missing}</span>
      </td>
    </tr>
  );
}

export function PreviewView(props: { id: number; preview: ImportPreviewDto; onDone: (r: ImportResult) => void }) {
  const p = props.preview;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const replace = p.settings.mode === 'replace';

  const commit = async () => {
    setBusy(true);
    setError(null);
    const res = await importApi.commit(props.id, p.token);
    setBusy(false);
    setAsking(false);
    if (!res.ok) return setError(errorText(res.error));
    props.onDone(res.value);
  };

  return (
    <section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('previewTitle')}</h2>
      <p>{t('rows', { n: p.rows })}</p>
      {p.locations.length > 0 && (
        <p>
          {t('locations')} :{' '}
          {p.locations
            .map(
              (l) =>
                `${l.code}${l.isNew ? ` (${t('isNew')})` : ''}${l.frozenBy ? ` — ${t('frozen', { name: l.frozenBy.name })}` : ''}`,
            )
            .join(', ')}
        </p>
      )}
      <ScrollTable label={t('what')}>
        <thead>
          <tr>
            <th scope="col">{t('what')}</th>
            <th scope="col">{t('new')}</th>
            <th scope="col">{t('changed')}</th>
            <th scope="col">{t('unchanged')}</th>
            <th scope="col">{replace ? t('missingLines') : t('missingItems')}</th>
          </tr>
        </thead>
        <tbody>
          <Counts label={t('items')} counts={p.items} missing="" />
          {replace && <Counts label={t('lines')} counts={p.lines} missing="" />}
        </tbody>
      </ScrollTable>
      {replace && <p>{t('movements', { n: p.movements })}</p>}
      <p>{t('value', { before: euros(p.valueBefore), after: euros(p.valueAfter) })}</p>
      {p.errorCount > 0 ? (
        <div role="alert">
          <h3>{t('errors', { n: p.errorCount })}</h3>
          <ul class="issues">
            {p.errors.map((e, i) => (
              <li key={i}>
                <strong>{whereText(e)}</strong> {issueText(e)}
              </li>
            ))}
          </ul>
          {p.errorCount > p.errors.length && <p>{t('errorsMore', { n: p.errorCount - p.errors.length })}</p>}
          <p>{t('fixFile')}</p>
        </div>
      ) : (
        <p class="notice" role="status">
          {t('noError')}
        </p>
      )}
      {p.warningCount > 0 && (
        <details>
          <summary>{t('warnings', { n: p.warningCount })}</summary>
          <ul class="issues">
            {p.warnings.map((w, i) => (
              <li key={i}>
                <strong>{whereText(w)}</strong> {issueText(w)}
              </li>
            ))}
          </ul>
          {p.warningCount > p.warnings.length && <p>{t('warningsMore', { n: p.warningCount - p.warnings.length })}</p>}
        </details>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {p.errorCount === 0 && (
        <button type="button" class="primary" onClick={() => setAsking(true)} disabled={busy}>
          {t('importAction')}
        </button>
      )}
      {asking && (
        <ConfirmDialog
          title={t('confirmTitle')}
          text={`${replace ? t('confirmText', { movements: p.movements, before: euros(p.valueBefore), after: euros(p.valueAfter) }) : ''} ${t('confirmItems', { n: p.items.new + p.items.changed })}`.trim()}
          busy={busy}
          yesLabel={busy ? t('importing') : t('yes')}
          noLabel={t('no')}
          onYes={() => void commit()}
          onNo={() => setAsking(false)}
        />
      )}
    </section>
  );
}
