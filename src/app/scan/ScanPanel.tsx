/**
 * The scanner on the count screen (a lazy chunk, loaded when the count opens): keyboard-
 * wedge scans at any time, the camera when the screen's scan button asks (its own chunk),
 * and what each scan did — the line with its new count, "+12 (1 carton)", a chooser when
 * the code is on several lines, Ajouter réf. for a code the list does not have — with a
 * beep, a vibration and a flash, and "+1" for one more of the same. The scan button, the
 * quantity mode and undo belong to the count screen's bar (in the main chunk, drawn at
 * once); this panel sits in that bar, above them.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LineDto } from '../../core/api/dto';
import { formatQty, ONE_QTY, type Qty } from '../../core/quantity';
import type { OpenCount } from '../count/open';
import { storageError } from '../db/errors';
import { showQty } from '../format';
import { errorText } from '../i18n/errors';
import { hrefOf } from '../router';
import type { CameraView } from './CameraView';
import { signal } from './feedback';
import { t } from './messages';
import { countOn, scanToCount, type ScanOutcome } from './scanCount';
import { listenWedge } from './wedge';

const FLASH_MS = 250;

const lineText = (l: LineDto): string =>
  `${l.itemRef} ${l.designation} · ${l.bin}${l.lot ? ` · ${t('lot')} ${l.lot}` : ''}${l.serial ? ` · ${t('serial')} ${l.serial}` : ''}`;

export function ScanPanel(props: {
  open: OpenCount;
  binFilter: string;
  onEdit: (lineKey: string) => void;
  /** The screen's scan button: the camera runs while it is on. */
  cameraOn: boolean;
  onCameraOff: () => void;
  /** Each scan opens the line's editor instead of adding one. */
  quantityMode: boolean;
  /** Changes when the screen reported something newer (a typed count, an undo): the last scan's report goes. */
  quiet: number;
  /** A scan was handled (the screen drops its own older report). */
  onScanned: () => void;
}) {
  const { open, cameraOn, quantityMode } = props;
  const [Camera, setCamera] = useState<typeof CameraView | null>(null);
  const [outcome, setOutcome] = useState<ScanOutcome | null>(null);
  const [last, setLast] = useState<{ line: LineDto; pack: Qty } | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [flash, setFlash] = useState<'ok' | 'attention' | null>(null);

  const show = (out: ScanOutcome): void => {
    setOutcome(out);
    setNote(null);
    props.onScanned();
    if (out.kind === 'counted') setLast({ line: out.line, pack: out.added });
    if (out.kind === 'choose') setChosen(out.preselected);
    if (out.kind === 'edit') props.onEdit(out.line.key);
    const ok = out.kind === 'counted' || out.kind === 'edit';
    signal(ok ? 'counted' : 'attention');
    setFlash(ok ? 'ok' : 'attention');
    setTimeout(() => setFlash(null), FLASH_MS);
  };

  const guarded = async (action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (e) {
      setNote({ text: errorText(storageError(e)), error: true });
    }
  };

  // The wedge and the camera call the latest handler (filter and mode as they are now).
  const onCode = useRef<(text: string, gs1: boolean) => void>(() => undefined);
  onCode.current = (text, gs1) =>
    void guarded(async () => show(await scanToCount(open, text, gs1, { binFilter: props.binFilter, quantityMode })));
  useEffect(() => listenWedge((text) => onCode.current(text, false)), []);
  const fromCamera = useRef((text: string, gs1: boolean) => onCode.current(text, gs1)).current;

  useEffect(() => {
    if (!cameraOn || Camera) return;
    void import('./CameraView').then(
      (mod) => setCamera(() => mod.CameraView),
      (e: unknown) => {
        props.onCameraOff();
        setNote({ text: e instanceof Error ? e.message : String(e), error: true });
      },
    );
  }, [cameraOn]);

  // A typed count or an undo came after the last scan: its report and its "+1" are stale.
  const firstQuiet = useRef(props.quiet);
  useEffect(() => {
    if (props.quiet === firstQuiet.current) return;
    setOutcome(null);
    setLast(null);
    setNote(null);
  }, [props.quiet]);

  const countChosen = (out: Extract<ScanOutcome, { kind: 'choose' }>): void => {
    const line = out.lines.find((l) => l.key === chosen);
    if (!line) return;
    if (quantityMode) return show({ kind: 'edit', line });
    void guarded(async () => show(await countOn(open, line, out.pack)));
  };

  const packText = (pack: Qty): string => t(pack === ONE_QTY ? 'added' : 'addedPack', { n: showQty(formatQty(pack)) });

  return (
    <div class="scan">
      {cameraOn && Camera && <Camera onCode={fromCamera} />}
      {outcome?.kind === 'counted' && (
        <p class="notice scan-result" role="status" data-testid="last-scan">
          <strong>{packText(outcome.added)}</strong>{' '}
          {t('counted', {
            ref: outcome.line.itemRef,
            designation: outcome.line.designation,
            bin: outcome.line.bin,
            qty: `${showQty(outcome.qty)} ${outcome.line.unit}`,
          })}
        </p>
      )}
      {outcome?.kind === 'refused' && (
        <p class="error" role="alert">
          {outcome.line.itemRef} : {errorText(outcome.error)}
        </p>
      )}
      {outcome?.kind === 'unknown' && (
        <div class="row">
          <p class="error" role="alert">
            {outcome.itemRef
              ? t('unknownLotSerial', { ref: outcome.itemRef, code: outcome.code })
              : t('unknownCode', { code: outcome.code })}
          </p>
          <a
            class="button primary"
            role="button"
            href={hrefOf({ name: 'add', id: open.inv.id, prefill: outcome.prefill })}
          >
            {t('addRef')}
          </a>
        </div>
      )}
      {outcome?.kind === 'choose' && (
        <fieldset class="chooser">
          <legend>{t('chooseLine', { code: outcome.code })}</legend>
          <div role="radiogroup" aria-label={t('chooseGroup')}>
            {outcome.lines.map((l) => (
              <label key={l.key} class="check">
                <input type="radio" name="scan-line" checked={chosen === l.key} onChange={() => setChosen(l.key)} />
                {lineText(l)}
              </label>
            ))}
          </div>
          <div class="row">
            <button type="button" class="primary" disabled={chosen === null} onClick={() => countChosen(outcome)}>
              {t('countChosen')}
            </button>
            <button type="button" onClick={() => setOutcome(null)}>
              {t('cancel')}
            </button>
          </div>
        </fieldset>
      )}
      {note && (
        <p class={note.error ? 'error' : 'notice'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {last && (
        <button
          type="button"
          class="again"
          aria-label={t('again', { ref: last.line.itemRef })}
          onClick={() => void guarded(async () => show(await countOn(open, last.line, last.pack)))}
        >
          {packText(last.pack)}
        </button>
      )}
      {flash && <div class={`scan-flash ${flash}`} aria-hidden="true" />}
    </div>
  );
}
