/**
 * Step 1 of Importer le stock: the location the stock is for (an existing one, a new code,
 * or none when the file names its locations), what the import does, and the file, sent
 * with a progress bar. The file is checked as it arrives: one that is no spreadsheet is
 * refused at once, with the reason.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LocationDto } from '../../../core/api/dto';
import type { ImportMode } from '../../../core/import/fields';
import type { ImportFileInfo } from '../../../core/import/preview';
import { call } from '../../api/client';
import { uploadFile } from '../../api/imports';
import { ProgressBar } from '../../components/ProgressBar';
import { errorText } from '../../i18n/errors';
import { t } from './messages';

const OTHER = '__other__';
const NONE = '__none__';

export function ChooseFile(props: { onSent: (info: ImportFileInfo, mode: ImportMode) => void }) {
  const [locations, setLocations] = useState<LocationDto[] | null>(null);
  const [choice, setChoice] = useState('');
  const [code, setCode] = useState('');
  const [mode, setMode] = useState<ImportMode>('replace');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('listLocations').then((res) => {
      if (!res.ok) return setError(errorText(res.error));
      setLocations(res.value);
      // A new shop has no location yet: its first code is typed here.
      setChoice(res.value.find((l) => l.frozenBy === null)?.code ?? OTHER);
    });
  }, []);

  const location = choice === OTHER ? code.trim() || null : choice === NONE ? null : choice;

  const send = async (e: Event) => {
    e.preventDefault();
    if (!file) return setError(t('chooseFile'));
    setError(null);
    setProgress(0);
    const res = await uploadFile(file, location, setProgress);
    setProgress(null);
    if (!res.ok) return setError(errorText(res.error));
    props.onSent({ ...res.value, suggested: { ...res.value.suggested, location, mode } }, mode);
  };

  return (
    <form class="card" onSubmit={(e) => void send(e)}>
      <label>
        {t('location')}
        <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)} aria-describedby="location-hint">
          {(locations ?? []).map((l) => (
            <option key={l.id} value={l.code}>
              {l.code} — {l.name}
            </option>
          ))}
          <option value={OTHER}>{t('newLocationOption')}</option>
          <option value={NONE}>{t('noLocation')}</option>
        </select>
      </label>
      <p id="location-hint" class="muted">
        {t('locationHint')}
      </p>
      {choice === OTHER && (
        <label>
          {t('newLocation')}
          <input
            value={code}
            maxLength={32}
            required
            autoComplete="off"
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </label>
      )}
      <fieldset>
        <legend>{t('mode')}</legend>
        {(['replace', 'items'] as const).map((m) => (
          <label key={m} class="inline">
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
            {t(`mode_${m}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('file')}
        <input
          type="file"
          accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
      </label>
      {progress !== null && <ProgressBar label={t('sending')} value={progress} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={progress !== null || locations === null}>
        {t('send')}
      </button>
    </form>
  );
}
