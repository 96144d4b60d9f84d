/**
 * One user on Administration → Utilisateurs: who, role, state, when created and changed;
 * "Gérer" opens the changes (role, password, deactivate/reactivate), each of which asks
 * the screen for a confirmation before anything is sent.
 */
import { useState } from 'preact/hooks';
import { checkPassword } from '../../../core/accounts';
import type { UserDto } from '../../../core/adminApi';
import { ROLES, type Role } from '../../../core/api/dto';
import { adminApi } from '../../api/admin';
import type { ApiResult } from '../../api/client';
import { showDate } from '../../format';
import { errorText } from '../../i18n/errors';
import { roleName, t } from './messages';

/** A change waiting for the admin's "yes". */
export interface Ask {
  readonly title: string;
  readonly text: string;
  readonly yesLabel: string;
  readonly run: () => Promise<ApiResult<UserDto>>;
  /** Said once done. */
  readonly done: string;
  /** The admin changed their own account: the server has logged them out too. */
  readonly logsMeOut: boolean;
}

export function UserCard({ user, isMe, ask }: { user: UserDto; isMe: boolean; ask: (a: Ask) => void }) {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>(user.role);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const username = user.username;
  const id = `user-${username}`;
  const logsOut = isMe ? t('logsYouOut') : t('logsOut', { username });

  const changeRole = (e: Event) => {
    e.preventDefault();
    ask({
      title: t('confirmRole', { username, role: roleName(role) }),
      text: logsOut,
      yesLabel: t('changeRole'),
      run: () => adminApi.setRole(username, role),
      done: t('roleChanged', { username, role: roleName(role) }),
      logsMeOut: isMe,
    });
  };

  const resetPassword = (e: Event) => {
    e.preventDefault();
    setError(null);
    const checked = checkPassword(password);
    if (!checked.ok) return setError(errorText(checked.error));
    ask({
      title: t('confirmPassword', { username }),
      text: logsOut,
      yesLabel: t('savePassword'),
      run: async () => {
        const res = await adminApi.resetPassword(username, checked.value);
        if (res.ok) setPassword('');
        return res;
      },
      done: t('passwordReset', { username }),
      logsMeOut: isMe,
    });
  };

  const toggleActive = () =>
    ask(
      user.active
        ? {
            title: t('confirmDeactivate', { username }),
            text: `${t('deactivateText', { username })} ${logsOut}`,
            yesLabel: t('deactivate'),
            run: () => adminApi.setActive(username, false),
            done: t('deactivated', { username }),
            logsMeOut: isMe,
          }
        : {
            title: t('confirmReactivate', { username }),
            text: t('reactivateText', { username }),
            yesLabel: t('reactivate'),
            run: () => adminApi.setActive(username, true),
            done: t('reactivated', { username }),
            logsMeOut: false,
          },
    );

  return (
    <li class="card" data-testid={id}>
      <h3 class="card-title">
        {username}
        {isMe && ` (${t('you')})`}
      </h3>
      <div>
        <span class="tag">{roleName(user.role)}</span> {!user.active && <span class="tag warn">{t('inactive')}</span>}
      </div>
      <p class="muted">
        {t('createdOn', { date: showDate(user.createdAt) })}
        {user.createdBy && ` ${t('createdBy', { who: user.createdBy })}`}
        {user.updatedAt !== user.createdAt && (
          <>
            {' · '}
            {t('updatedOn', { date: showDate(user.updatedAt) })}
            {user.updatedBy && ` ${t('createdBy', { who: user.updatedBy })}`}
          </>
        )}
      </p>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-manage`}
        aria-label={t('manageUser', { username })}
        onClick={() => setOpen(!open)}
      >
        {t('manage')}
      </button>
      {open && (
        <div id={`${id}-manage`}>
          <form class="row" onSubmit={changeRole}>
            <label>
              {t('roleOf', { username })}
              <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {roleName(r)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={role === user.role}>
              {t('changeRole')}
            </button>
          </form>
          <form class="row" onSubmit={resetPassword}>
            <label>
              {t('newPasswordOf', { username })}
              <input
                type="password"
                autoComplete="new-password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
            <button type="submit">{t('resetPassword')}</button>
          </form>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="actions">
            <button type="button" class={user.active ? 'danger' : ''} onClick={toggleActive}>
              {user.active ? t('deactivate') : t('reactivate')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
