/** The recap's totals: expected, counted, difference and their values, gain, loss, lines counted. */
import type { RecapTotalsDto } from '../../../core/api/dto';
import { showMoney, showQty, showSignedQty } from '../../format';
import { t } from '../messages';

export function RecapTotals({ totals: x }: { totals: RecapTotalsDto }) {
  return (
    <table class="totals" aria-label={t('totals')}>
      <tbody>
        <tr>
          <th scope="row">{t('expected')}</th>
          <td data-testid="total-expected">{showQty(x.expected)}</td>
          <td>{showMoney(x.expectedValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('countedQty')}</th>
          <td data-testid="total-counted">{showQty(x.counted)}</td>
          <td>{showMoney(x.countedValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('difference')}</th>
          <td data-testid="total-difference">{showSignedQty(x.difference)}</td>
          <td data-testid="total-difference-value">{showMoney(x.differenceValue, true)}</td>
        </tr>
        <tr>
          <th scope="row">{t('gain')}</th>
          <td />
          <td>{showMoney(x.gainValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('loss')}</th>
          <td />
          <td>{showMoney(x.lossValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('progress', { counted: x.countedLines, total: x.lines })}</th>
          <td colSpan={2} />
        </tr>
      </tbody>
    </table>
  );
}
