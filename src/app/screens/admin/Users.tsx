/**
 * Administration → Utilisateurs (admins only; the server refuses anyone else): every user
 * with its role and state, a form to create one, and per user: change the role, reset the
 * password, deactivate or reactivate — each asked for confirmation, since all but the
 * reactivation log the user out of every device at once.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { checkPassword, parseUsername } from '../../../core/accounts';
import type { UserDto } from '../../../core/adminApi';
import { ROLES, type Role } from '../../../core/api/dto';
import { adminApi } from '../../api/admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { errorText } from '../../i18n/errors';
import { logout, session } from '../../state/session';
import { AdminNav } from './AdminNav';
import { roleName, t } from './messages';
import { UserCard, type Ask } from './UserCard';

interface Message {
  readonly text: string;
  readonly error: boolean;
}

export function Users() {
  const me = session.value!;
  const [users, setUsers] = useState<UserDto[] | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [pending, setPending] = useState<Ask | null>(null);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState(false);

  const load = async () => {
    const res = await adminApi.users();
    if (res.ok) setUsers(res.value);
    else setMessage({ text: errorText(res.error), error: true });
  };
  useEffect(() => void load(), []);

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    const res = await pending.run();
    setBusy(false);
    setPending(null);
    if (!res.ok) return setMessage({ text: errorText(res.error), error: true });
    // The server has just ended every session of this user, this one included.
    if (pending.logsMeOut) return void logout();
    setMessage({ text: pending.done, error: false });
    await load();
  };

  return (
    <main class="narrow">
      <AdminNav current="users" />
      <h1>{t('users')}</h1>
      <button
        type="button"
        class="primary"
        aria-expanded={adding}
        aria-controls="new-user"
        onClick={() => setAdding(!adding)}
      >
        {t('newUser')}
      </button>
      {adding && (
        <NewUser
          onCancel={() => setAdding(false)}
          onCreated={(u) => {
            setAdding(false);
            setMessage({ text: t('userCreated', { username: u.username, role: roleName(u.role) }), error: false });
            void load();
          }}
        />
      )}
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {users === null ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <h2>{t('usersCount', { n: users.length })}</h2>
          <ul class="list" aria-label={t('users')}>
            {users.map((u) => (
              <UserCard key={u.username} user={u} isMe={u.username === me.username} ask={setPending} />
            ))}
          </ul>
        </>
      )}
      {pending && (
        <ConfirmDialog
          title={pending.title}
          text={pending.text}
          yesLabel={pending.yesLabel}
          noLabel={t('cancel')}
          busy={busy}
          onYes={() => void confirm()}
          onNo={() => setPending(null)}
        />
      )}
    </main>
  );
}

function NewUser({ onCreated, onCancel }: { onCreated: (user: UserDto) => void; onCancel: () => void }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('counter');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const name = parseUsername(username);
    if (!name.ok) return setError(errorText(name.error));
    const pass = checkPassword(password);
    if (!pass.ok) return setError(errorText(pass.error));
    setBusy(true);
    const res = await adminApi.createUser({ username: name.value, role, password: pass.value });
    setBusy(false);
    if (!res.ok) return setError(errorText(res.error));
    setUsername('');
    setPassword('');
    setRole('counter');
    onCreated(res.value);
  };

  return (
    <form id="new-user" class="card" onSubmit={(e) => void submit(e)}>
      <h2>{t('newUser')}</h2>
      <label>
        {t('username')}
        <input
          ref={first}
          name="new-username"
          autoComplete="off"
          autoCapitalize="none"
          spellcheck={false}
          required
          maxLength={100}
          aria-describedby="new-username-hint"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </label>
      <p id="new-username-hint" class="muted">
        {t('usernameHint')}
      </p>
      <label>
        {t('role')}
        <select name="new-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('initialPassword')}
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="new-password-hint"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <p id="new-password-hint" class="muted">
        {t('passwordHint')}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('createUser')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
