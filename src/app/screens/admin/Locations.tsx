/**
 * Administration → Lieux (admins only): every location with its code and name, a form to
 * create one (the code is final: ZIPs, imports and ERPs name the location by it), and
 * renaming in place.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LOCATION_CODE_MAX, LOCATION_NAME_MAX } from '../../../core/adminApi';
import type { LocationDto } from '../../../core/api/dto';
import { adminApi } from '../../api/admin';
import { errorText } from '../../i18n/errors';
import { AdminNav } from './AdminNav';
import { t } from './messages';

interface Message {
  readonly text: string;
  readonly error: boolean;
}

export function Locations() {
  const [locations, setLocations] = useState<LocationDto[] | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [adding, setAdding] = useState(false);

  const load = async () => {
    const res = await adminApi.locations();
    if (res.ok) {
      setLocations(res.value);
      // A new shop starts with none: the form is what the admin came for.
      if (res.value.length === 0) setAdding(true);
    } else setMessage({ text: errorText(res.error), error: true });
  };
  useEffect(() => void load(), []);

  const said = (text: string) => {
    setMessage({ text, error: false });
    void load();
  };

  return (
    <main class="narrow">
      <AdminNav current="locations" />
      <h1>{t('locations')}</h1>
      <button
        type="button"
        class="primary"
        aria-expanded={adding}
        aria-controls="new-location"
        onClick={() => setAdding(!adding)}
      >
        {t('newLocation')}
      </button>
      {adding && (
        <NewLocation
          onCancel={() => setAdding(false)}
          onCreated={(l) => {
            setAdding(false);
            said(t('locationCreated', { code: l.code }));
          }}
        />
      )}
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {locations === null ? (
        <p>{t('loading')}</p>
      ) : locations.length === 0 ? (
        <p>{t('noLocations')}</p>
      ) : (
        <>
          <h2>{t('locationsCount', { n: locations.length })}</h2>
          <ul class="list" aria-label={t('locations')}>
            {locations.map((l) => (
              <LocationCard
                key={l.id}
                location={l}
                onRenamed={(r) => said(t('renamed', { code: r.code, name: r.name }))}
              />
            ))}
          </ul>
        </>
      )}
    </main>
  );
}

function NewLocation({ onCreated, onCancel }: { onCreated: (location: LocationDto) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const res = await adminApi.createLocation({ code: code.trim(), name: name.trim() });
    setBusy(false);
    if (!res.ok) return setError(errorText(res.error));
    setCode('');
    setName('');
    onCreated(res.value);
  };

  return (
    <form id="new-location" class="card" onSubmit={(e) => void submit(e)}>
      <h2>{t('newLocation')}</h2>
      <label>
        {t('code')}
        <input
          ref={first}
          name="location-code"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          required
          maxLength={LOCATION_CODE_MAX}
          aria-describedby="location-code-hint"
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <p id="location-code-hint" class="muted">
        {t('codeHint')}
      </p>
      <label>
        {t('name')}
        <input
          name="location-name"
          required
          maxLength={LOCATION_NAME_MAX}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('createLocation')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function LocationCard({ location, onRenamed }: { location: LocationDto; onRenamed: (l: LocationDto) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(location.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const code = location.code;
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const res = await adminApi.renameLocation(location.id, name.trim());
    setBusy(false);
    if (!res.ok) return setError(errorText(res.error));
    setEditing(false);
    onRenamed(res.value);
  };

  return (
    <li class="card">
      <h3 class="card-title">{code}</h3>
      <div>
        {location.name} {location.frozenBy !== null && <span class="tag warn">{t('beingCounted')}</span>}
      </div>
      {editing ? (
        <form onSubmit={(e) => void submit(e)}>
          <label>
            {t('newNameOf', { code })}
            <input
              ref={input}
              required
              maxLength={LOCATION_NAME_MAX}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {t('save')}
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setName(location.name);
                setError(null);
              }}
            >
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          <button type="button" aria-label={t('renameLocation', { code })} onClick={() => setEditing(true)}>
            {t('rename')}
          </button>
        </div>
      )}
    </li>
  );
}
