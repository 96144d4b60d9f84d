/**
 * The before ZIP gate: built on this device from the stored snapshot, downloaded and
 * uploaded; until it exists (here or on the server) counting does not start. Once it is
 * saved and downloaded, counting opens at once (no extra tap), with the ZIP's name as the
 * count screen's first notice; if the download failed, the screen stays, to download it
 * again, with Commencer le comptage.
 */
import { useEffect, useState } from 'preact/hooks';
import { isSupervisor } from '../../core/roles';
import { ProgressBar } from '../components/ProgressBar';
import type { StoredInventory } from '../db/schema';
import { getInventory } from '../db/snapshot';
import { downloadExportAgain, exportBefore } from '../export/save';
import { errorText } from '../i18n/errors';
import { hrefOf, navigate } from '../router';
import { handOverNotice } from '../state/handedNotice';
import { session } from '../state/session';
import { t } from './messages';

export function BeforeZip({ inventoryId, onReady }: { inventoryId: number; onReady?: () => void }) {
  const [inv, setInv] = useState<StoredInventory | null>(null);
  const [progress, setProgress] = useState<{ label: string; value: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const supervisor = session.value !== null && isSupervisor(session.value.role);

  const reload = async () => setInv((await getInventory(inventoryId)) ?? null);

  const build = async () => {
    setError(null);
    setProgress({ label: t('phase_reading'), value: 0 });
    const res = await exportBefore(inventoryId, session.value!, (p) =>
      setProgress({ label: t(`phase_${p.phase}`), value: p.fraction }),
    );
    setProgress(null);
    await reload();
    if (!res.ok) return setError(errorText(res.error));
    const problems = [res.value.downloadError, res.value.uploadError].filter((x) => x !== null);
    const upload = res.value.uploaded ? t('zipUploaded') : t('zipUploadPending');
    if (res.value.downloadError === null) {
      // Saved on the device and downloaded: the gate is passed (an upload left pending
      // leaves by itself). The news goes to the count screen.
      const problem = res.value.uploadError ? ` ${errorText(res.value.uploadError)}` : '';
      handOverNotice(inventoryId, `${t('beforeZipSaved', { file: res.value.fileName })} ${upload}${problem}`);
      return onReady ? onReady() : navigate({ name: 'count', id: inventoryId });
    }
    setNote(upload);
    setError(problems.map((p) => errorText(p)).join(' '));
  };

  useEffect(() => {
    void (async () => {
      const stored = await getInventory(inventoryId);
      setInv(stored ?? null);
      if (stored && !stored.before && supervisor) await build();
    })();
  }, [inventoryId]);

  const again = async () => {
    const res = await downloadExportAgain(inventoryId, 'before');
    if (!res.ok) setError(errorText(res.error));
  };

  return (
    <main class="narrow">
      <h1>{t('beforeZipTitle')}</h1>
      {inv && <p>{inv.name}</p>}
      {progress && <ProgressBar label={progress.label} value={progress.value} />}
      {inv?.before ? (
        <div class="card">
          <p class="notice" role="status">
            {t('zipSaved', { file: inv.before.fileName })}
          </p>
          {note && <p class="muted">{note}</p>}
          <button type="button" onClick={() => void again()}>
            {t('downloadAgain')}
          </button>
          {onReady ? (
            <button type="button" class="primary" onClick={onReady}>
              {t('startCounting')}
            </button>
          ) : (
            <a class="button primary" role="button" href={hrefOf({ name: 'count', id: inventoryId })}>
              {t('startCounting')}
            </a>
          )}
        </div>
      ) : (
        <>
          <p>{t('beforeZipRequired')}</p>
          {supervisor && !progress && (
            <button type="button" class="primary" onClick={() => void build()}>
              {t('buildBeforeZip')}
            </button>
          )}
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
