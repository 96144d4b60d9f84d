/** The after ZIP built, downloaded and uploaded from the recap, with its progress. */
import { useState } from 'preact/hooks';
import type { StoredSession } from '../../db/schema';
import { exportAfter } from '../../export/save';
import { errorText } from '../../i18n/errors';
import { t } from '../messages';

export interface Progress {
  readonly label: string;
  readonly value: number | null;
}

export function useAfterExport(
  id: number,
  user: StoredSession,
  afterSaved: () => Promise<void>,
  onError: (message: string) => void,
): { progress: Progress | null; buildAfter: () => Promise<void> } {
  const [progress, setProgress] = useState<Progress | null>(null);
  const buildAfter = async () => {
    setProgress({ label: t('phase_reading'), value: 0 });
    const res = await exportAfter(id, user, (p) => setProgress({ label: t(`phase_${p.phase}`), value: p.fraction }));
    setProgress(null);
    await afterSaved();
    if (!res.ok) return onError(errorText(res.error));
    const problems = [res.value.downloadError, res.value.uploadError].filter((p) => p !== null);
    if (problems.length) onError(problems.map((p) => errorText(p)).join(' '));
  };
  return { progress, buildAfter };
}
