/**
 * "Ajouter réf.": an item on the shelf that the list does not have (catalogue item or a new
 * reference), with its counted quantity and, for a new reference, its unit cost, in one
 * form. The new line then opens selected on the count screen, its count shown.
 */
import { useEffect, useState } from 'preact/hooks';
import { parseMoney } from '../../core/money';
import { addLine } from '../count/addedLines';
import { countLine } from '../count/countLine';
import { current, isComplete, openCount, revision } from '../count/open';
import { errorText } from '../i18n/errors';
import { hrefOf, navigate, type AddPrefill } from '../router';
import { handOverSelection } from '../state/selection';
import { t } from './messages';
import { storageError } from '../db/errors';

const FIELDS = [
  'itemRef',
  'barcode',
  'designation',
  'supplier',
  'unit',
  'bin',
  'lot',
  'serial',
  'qty',
  'unitCost',
] as const;
type Field = (typeof FIELDS)[number];

/** `prefill`: what a scan of a code the list does not have already says (code, lot, serial). */
export function AddRef({ id, prefill = {} }: { id: number; prefill?: AddPrefill }) {
  const [values, setValues] = useState<Record<Field, string>>({
    itemRef: prefill.itemRef ?? '',
    barcode: prefill.barcode ?? '',
    designation: '',
    supplier: '',
    unit: '',
    bin: '',
    lot: prefill.lot ?? '',
    serial: prefill.serial ?? '',
    qty: '',
    unitCost: '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current.value?.inv.id !== id) void openCount(id);
  }, [id]);
  // Re-drawn as the lines come in; the form waits for every line (an existing one is found by key).
  void revision.value;
  const open = current.value;
  if (!open || open.inv.id !== id || !isComplete(open)) return <main>{t('loading')}</main>;
  const bins = open.inv.bins;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const v = (f: Field) => values[f].trim() || null;
    // "12,50 €" as typed on a French keypad → "12.50"; empty: not known (the supervisor values it).
    const costText = values.unitCost.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
    if (costText !== '') {
      const cost = parseMoney(costText);
      if (!cost.ok) {
        setBusy(false);
        return setError(errorText(cost.error));
      }
    }
    try {
      const res = await addLine(open, {
        itemRef: v('itemRef'),
        barcode: v('barcode'),
        designation: v('designation'),
        supplier: v('supplier'),
        unit: v('unit'),
        bin: values.bin.trim(),
        lot: v('lot'),
        serial: v('serial'),
        unitCost: costText || null,
      });
      if (!res.ok) return setError(errorText(res.error));
      // The line exists now: a refused quantity leaves it uncounted, and the form says so.
      const counted = await countLine(open, res.value, values.qty);
      if (!counted.ok) return setError(t('addedNotCounted', { ref: res.value.itemRef, why: errorText(counted.error) }));
      handOverSelection(id, res.value.key, res.value.itemRef);
      navigate({ name: 'count', id });
    } catch (err) {
      setError(errorText(storageError(err)));
    } finally {
      setBusy(false);
    }
  };

  const input = (f: Field, required = false) => (
    <label key={f}>
      {t(f)}
      <input
        name={f}
        required={required}
        inputMode={f === 'qty' || f === 'unitCost' ? 'decimal' : undefined}
        autoComplete="off"
        maxLength={f === 'designation' ? 200 : 64}
        value={values[f]}
        list={f === 'bin' ? 'bins-list' : undefined}
        onInput={(e) => setValues({ ...values, [f]: e.currentTarget.value })}
      />
    </label>
  );

  return (
    <main class="narrow">
      <a href={hrefOf({ name: 'count', id })}>{t('back')}</a>
      <h1>{t('addRefTitle')}</h1>
      <form class="card" onSubmit={(e) => void submit(e)}>
        {input('itemRef')}
        {input('barcode')}
        {input('designation')}
        {input('supplier')}
        {input('unit')}
        {input('bin', true)}
        <datalist id="bins-list">
          {bins.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
        {input('lot')}
        {input('serial')}
        {input('qty', true)}
        {input('unitCost')}
        <p class="muted">{t('unitCostHint')}</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {t('add')}
        </button>
      </form>
    </main>
  );
}
