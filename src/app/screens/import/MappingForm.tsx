/**
 * Step 2: which column holds what. The server's suggestion (this location's last mapping,
 * an ERP preset, or the headers' names) is shown with the first values of each column,
 * and every choice can be changed; then the decimal mark and the defaults for what the
 * file leaves out. "Voir l'aperçu" reads and checks the whole file, with a count of the
 * rows read so far.
 */
import { useEffect, useState } from 'preact/hooks';
import { IMPORT_FIELDS, isImportField } from '../../../core/import/fields';
import type { Mapping } from '../../../core/import/mapping';
import type { ImportFileInfo, ImportPreviewDto, ImportSettings } from '../../../core/import/preview';
import { presetById } from '../../../core/import/presets';
import { importApi } from '../../api/imports';
import { errorText } from '../../i18n/errors';
import { t } from './messages';

export function MappingForm(props: { info: ImportFileInfo; onPreview: (p: ImportPreviewDto) => void }) {
  const { info } = props;
  const [settings, setSettings] = useState<ImportSettings>(info.suggested);
  const [rows, setRows] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = rows !== null;

  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      void importApi
        .progress(info.id)
        .then((res) => res.ok && setRows((r) => (r === null ? r : Math.max(r, res.value.rows))));
    }, 700);
    return () => clearInterval(timer);
  }, [busy]);

  const setField = (column: number, value: string) => {
    const mapping: Mapping = settings.mapping.map((m) =>
      m.column === column ? { ...m, field: isImportField(value) ? value : null } : m,
    );
    setSettings({ ...settings, mapping });
  };

  const preview = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setRows(0);
    const res = await importApi.preview(info.id, settings);
    setRows(null);
    if (!res.ok) return setError(errorText(res.error));
    props.onPreview(res.value);
  };

  const described = [
    t('fileRead', { file: info.fileName, format: info.format.toUpperCase() }),
    info.encoding ? t('encoding', { encoding: info.encoding }) : null,
    info.separator ? t('separator', { separator: info.separator === '\t' ? t('tab') : info.separator }) : null,
    info.sheetName ? t('sheet', { sheet: info.sheetName }) : null,
  ].filter(Boolean);

  return (
    <form class="card" onSubmit={(e) => void preview(e)}>
      <p>{described.join(', ')}</p>
      <p class="muted">
        {info.mappingSource === 'preset' && info.preset
          ? t('source_preset', { preset: presetById(info.preset).name })
          : t(`source_${info.mappingSource}`)}
      </p>
      <h2>{t('columns')}</h2>
      <ul class="list mapping" aria-label={t('columns')}>
        {settings.mapping.map((m) => {
          const id = `column-${m.column}`;
          const examples = info.sample
            .map((r) => r[m.column] ?? '')
            .filter((v) => v.trim() !== '')
            .slice(0, 3);
          return (
            <li key={m.column} class="card">
              <label for={id}>
                <strong>{m.header || `${t('column')} ${m.column + 1}`}</strong>
              </label>
              {examples.length > 0 && (
                <p class="muted">
                  {t('examples')} : {examples.join(' · ')}
                </p>
              )}
              <select id={id} value={m.field ?? ''} onChange={(e) => setField(m.column, e.currentTarget.value)}>
                <option value="">{t('ignore')}</option>
                {IMPORT_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {t(`field_${f}`)}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
      <label>
        {t('decimal')}
        <select
          value={settings.decimal}
          onChange={(e) => setSettings({ ...settings, decimal: e.currentTarget.value === '.' ? '.' : ',' })}
        >
          <option value=",">{t('decimalComma')}</option>
          <option value=".">{t('decimalPoint')}</option>
        </select>
      </label>
      <label>
        {t('defaultBin')}
        <input
          value={settings.defaultBin}
          maxLength={64}
          required
          onInput={(e) => setSettings({ ...settings, defaultBin: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('defaultKind')}
        <select
          value={settings.defaultKind}
          onChange={(e) =>
            setSettings({ ...settings, defaultKind: e.currentTarget.value === 'pieces' ? 'pieces' : 'articles' })
          }
        >
          <option value="articles">{t('kind_articles')}</option>
          <option value="pieces">{t('kind_pieces')}</option>
        </select>
      </label>
      {busy && (
        <p role="status">
          {t('previewing')} {rows ? t('rowsRead', { n: rows }) : ''}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('previewAction')}
      </button>
    </form>
  );
}
