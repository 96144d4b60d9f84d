/** The bins nobody visited (neither counted nor confirmed empty), once the checklist is here. */
import type { BinDto } from '../../../core/api/dto';
import { t } from '../messages';

export function UnvisitedBins({ bins }: { bins: readonly BinDto[] | null }) {
  if (!bins) return <p class="muted">{t('loading')}</p>;
  const unvisited = bins.filter((b) => b.state === 'not_visited');
  return (
    <>
      <h2>{t('unvisitedBins', { n: unvisited.length })}</h2>
      {unvisited.length ? <p>{unvisited.map((b) => b.code).join(', ')}</p> : <p>{t('noneUnvisited')}</p>}
    </>
  );
}
