/** Log in against the server; the session then works offline on this device. */
import { useState } from 'preact/hooks';
import { errorText } from '../i18n/errors';
import { login } from '../state/session';
import { t } from './messages';

export function Login({ username: preset }: { username?: string }) {
  const [username, setUsername] = useState(preset ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await login(username.trim(), password);
    setBusy(false);
    if (!res.ok) setError(errorText(res.error));
  };

  return (
    <main class="narrow">
      <h1>{t('appName')}</h1>
      <form onSubmit={(e) => void submit(e)} class="card">
        <h2>{t('loginTitle')}</h2>
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            required
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
