/**
 * The recap's totals, under the headings Quantité and Valeur (€): expected, counted and
 * difference as quantities per unit (metres, kilograms and pieces do not add up: one line
 * per unit, the unit named) with their values in euros, which do add up; then gain, loss
 * and, under the table, the lines counted.
 */
import type { RecapTotalsDto, UnitTotalsDto } from '../../../core/api/dto';
import { t } from '../messages';
import { euros, qtyIn, signedQtyIn } from './figures';
import { t as tr } from './messages';
import './recap.css';

export function RecapTotals({ totals: x }: { totals: RecapTotalsDto }) {
  const perUnit = (show: (u: UnitTotalsDto) => string) =>
    x.byUnit.map((u) => (
      <span key={u.unit} class="unit-qty" data-unit={u.unit}>
        {show(u)}
      </span>
    ));
  return (
    <>
      <table class="totals" aria-label={t('totals')}>
        <thead>
          <tr>
            <td />
            <th scope="col">{tr('quantity')}</th>
            <th scope="col">{tr('valueEur')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('expected')}</th>
            <td data-testid="total-expected">{perUnit((u) => qtyIn(u.expected, u.unit))}</td>
            <td class="num" data-testid="total-expected-value">
              {euros(x.expectedValue)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('countedQty')}</th>
            <td data-testid="total-counted">{perUnit((u) => qtyIn(u.counted, u.unit))}</td>
            <td class="num" data-testid="total-counted-value">
              {euros(x.countedValue)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('difference')}</th>
            <td data-testid="total-difference">{perUnit((u) => signedQtyIn(u.difference, u.unit))}</td>
            <td class="num" data-testid="total-difference-value">
              {euros(x.differenceValue, true)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('gain')}</th>
            <td />
            <td class="num">{euros(x.gainValue)}</td>
          </tr>
          <tr>
            <th scope="row">{t('loss')}</th>
            <td />
            <td class="num">{euros(x.lossValue)}</td>
          </tr>
        </tbody>
      </table>
      <p class="muted" data-testid="total-progress">
        {t('progress', { counted: x.countedLines, total: x.lines })}
      </p>
    </>
  );
}
