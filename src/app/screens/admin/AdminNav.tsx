/** The top of both administration screens: where the admin is, and the way to the other one. */
import { hrefOf } from '../../router';
import { t } from './messages';

export function AdminNav({ current }: { current: 'users' | 'locations' }) {
  const link = (name: 'users' | 'locations') => (
    <a
      class={current === name ? 'button primary' : 'button'}
      href={hrefOf({ name: name === 'users' ? 'admin-users' : 'admin-locations' })}
      aria-current={current === name ? 'page' : undefined}
    >
      {t(name)}
    </a>
  );
  return (
    <>
      <p class="muted">
        <a href={hrefOf({ name: 'inventories' })}>{t('backToInventories')}</a> · {t('admin')}
      </p>
      <nav class="toolbar" aria-label={t('admin')}>
        {link('users')}
        {link('locations')}
      </nav>
    </>
  );
}
