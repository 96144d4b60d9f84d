/**
 * The two ZIPs of an inventory as the server keeps them — before (the snapshot) and, once
 * applied, after — downloaded as they were uploaded, byte for byte. For the roles that
 * read the stock: on the inventories list and on the recap, side by side.
 */
import type { InventoryDto } from '../../core/api/dto';
import { fail } from '../../core/errors';
import { callBytes } from '../api/client';
import { errorText } from '../i18n/errors';
import { t } from './messages';

export function ZipDownloads({
  inv,
  onError,
}: {
  inv: Pick<InventoryDto, 'id' | 'name' | 'status'>;
  /** A refusal or failure to tell (null: clear the previous one). */
  onError: (text: string | null) => void;
}) {
  const download = async (phase: 'before' | 'after') => {
    onError(null);
    const res = await callBytes('downloadExport', { params: { id: inv.id, phase } });
    if (!res.ok) return onError(errorText(res.error));
    const name = await zipName(res.value, `${inv.name}_${phase}.zip`);
    // export/save (and the ZIP builders behind it) loads with the first download, not with the list.
    const saved = await import('../export/save').then(
      ({ downloadZip }) => downloadZip(name, res.value),
      () => fail('download_failed', 'the download code could not be loaded'),
    );
    onError(saved.ok ? null : errorText(saved.error));
  };
  return (
    <>
      <button type="button" onClick={() => void download('before')} aria-label={`${t('downloadBefore')} ${inv.name}`}>
        {t('downloadBefore')}
      </button>
      {inv.status === 'applied' && (
        <button type="button" onClick={() => void download('after')} aria-label={`${t('downloadAfter')} ${inv.name}`}>
          {t('downloadAfter')}
        </button>
      )}
    </>
  );
}

/** The ZIP's own name is in its manifest; the server also sends it, but a fallback keeps a sane name. */
async function zipName(bytes: Uint8Array, fallback: string): Promise<string> {
  const { readExport } = await import('../../core/export/read');
  const opened = await readExport(bytes);
  return opened.ok ? opened.value.fileName : fallback;
}
