/** The files imported before (and those only previewed): who, when, what became of them. */
import { useEffect, useState } from 'preact/hooks';
import type { ImportHistoryDto } from '../../../core/import/preview';
import { importApi } from '../../api/imports';
import { showDate } from '../../format';
import { t } from './messages';

export function ImportHistory(props: { refresh: number }) {
  const [list, setList] = useState<ImportHistoryDto[] | null>(null);
  // Only the latest read may set the list: an earlier one landing last would drop the file
  // just imported from it.
  useEffect(() => {
    let stale = false;
    void importApi.history().then((res) => !stale && res.ok && setList(res.value));
    return () => {
      stale = true;
    };
  }, [props.refresh]);
  if (!list) return null;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('history')}</h2>
      {list.length === 0 ? (
        <p>{t('noHistory')}</p>
      ) : (
        <ul class="list">
          {list.map((i) => (
            <li key={i.id}>
              {t('historyLine', {
                file: i.fileName,
                who: i.committedBy ?? i.uploadedBy,
                when: showDate(i.committedAt ?? i.uploadedAt),
                status: t(`status_${i.status}`),
              })}
              {i.movements !== null && ` — ${t('historyMovements', { n: i.movements })}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
