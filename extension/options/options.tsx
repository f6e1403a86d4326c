// Options: scanning, on-page badges, trust lists and own anchors, remote manifests, registry, privacy.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import {
  getSettings,
  getTrustStatus,
  importTrustAnchors,
  refreshTrustLists,
  saveSettings,
  t,
} from '../platform/client.ts';
import type { AnchorImportResult, Settings, TrustListStatus } from '../platform/model.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { formatTime } from '../ui/words.ts';
import { NetworkSettings } from './network-settings.tsx';
import { parseSiteList, type RegistryForm, validateRegistry } from './validate.ts';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function Card({ title, children }: { title: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Toggle({
  checked,
  disabled,
  label,
  hint,
  onChange,
  testid,
}: {
  checked: boolean;
  disabled?: boolean;
  label: string;
  hint?: string;
  testid: string;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div class="toggle-row">
      <input
        id={id}
        class="switch"
        type="checkbox"
        role="switch"
        aria-checked={checked}
        data-testid={testid}
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined }) => ComponentChildren;
}) {
  const id = useId();
  const describedBy =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, describedBy })}
      {hint ? (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function TrustLists() {
  const [lists, setLists] = useState<TrustListStatus[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [pem, setPem] = useState('');
  const [imported, setImported] = useState<AnchorImportResult | undefined>(undefined);

  useEffect(() => {
    getTrustStatus()
      .then(setLists)
      .catch((e: unknown) => setError(message(e)));
  }, []);

  const refresh = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setLists(await refreshTrustLists());
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const importAnchors = async () => {
    setError(undefined);
    setImported(undefined);
    try {
      setImported(await importTrustAnchors(pem));
      setLists(await getTrustStatus());
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <Card title={t('options_trust_heading')}>
      <p class="hint">{t('options_trust_intro')}</p>
      {lists === undefined && !error ? <p role="status">{t('popup_loading')}</p> : null}
      {lists ? (
        <table class="lists" data-testid="trust-lists">
          <thead>
            <tr>
              <th scope="col">{t('list_name')}</th>
              <th scope="col">{t('list_certificates')}</th>
              <th scope="col">{t('list_version')}</th>
              <th scope="col">{t('list_date')}</th>
              <th scope="col">{t('list_source')}</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => (
              <tr key={list.id} data-list={list.id}>
                <th scope="row">
                  {list.name}
                  {list.error ? (
                    <span class="field-error block" data-testid="list-error">
                      {list.failedAt
                        ? `${t('list_refresh_failed', formatTime(list.failedAt) ?? list.failedAt)} `
                        : ''}
                      {list.error}
                    </span>
                  ) : null}
                </th>
                <td>{list.certificates}</td>
                <td>{list.version ?? '—'}</td>
                <td>{formatTime(list.fetchedAt) ?? '—'}</td>
                <td>{t(`list_source_${list.source}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div class="actions">
        <button type="button" class="button" disabled={busy} onClick={() => void refresh()}>
          {busy ? t('options_refreshing') : t('options_refresh')}
        </button>
      </div>
      {error ? (
        <p class="notice error" role="alert">
          {error}
        </p>
      ) : null}
      <h3>{t('options_anchors_heading')}</h3>
      <Field label={t('options_anchors_label')} hint={t('options_anchors_hint')}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            class="mono"
            rows={6}
            spellcheck={false}
            aria-describedby={describedBy}
            data-testid="anchors-input"
            placeholder="-----BEGIN CERTIFICATE-----"
            value={pem}
            onInput={(event) => setPem(event.currentTarget.value)}
          />
        )}
      </Field>
      <div class="actions">
        <button
          type="button"
          class="button primary"
          disabled={pem.trim() === ''}
          onClick={() => void importAnchors()}
        >
          {t('options_anchors_import')}
        </button>
      </div>
      {imported ? (
        <div class="import-result" data-testid="anchors-result" role="status">
          <p>
            {t('options_anchors_summary', [
              String(imported.accepted.length),
              String(imported.rejected.length),
            ])}
          </p>
          {imported.accepted.length > 0 ? (
            <ul class="accepted">
              {imported.accepted.map((cert) => (
                <li key={cert.sha256}>
                  <span class="ok-mark" aria-hidden="true">
                    ✓{' '}
                  </span>
                  {cert.subject} <span class="muted mono">{cert.sha256.slice(0, 16)}…</span>
                </li>
              ))}
            </ul>
          ) : null}
          {imported.rejected.length > 0 ? (
            <ul class="rejected">
              {imported.rejected.map((cert, index) => (
                <li key={`${cert.subject ?? ''}-${index}`}>
                  <span class="bad-mark" aria-hidden="true">
                    ✕{' '}
                  </span>
                  {t('options_anchor_rejected', [
                    cert.subject ?? t('options_anchor_unnamed', String(index + 1)),
                    cert.reason,
                  ])}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

function RegistrySettings({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (patch: Partial<Settings>) => Promise<void>;
}) {
  const [form, setForm] = useState<RegistryForm>({
    rpcUrl: settings.registry?.rpcUrl ?? '',
    address: settings.registry?.address ?? '',
    chainId: settings.registry?.chainId === undefined ? '' : String(settings.registry.chainId),
    indexerUrl: settings.registry?.indexerUrl ?? '',
  });
  /** Fields the person has left: only those show errors, so a half-filled form does not shout. */
  const [touched, setTouched] = useState<ReadonlySet<keyof RegistryForm>>(new Set());
  const validation = validateRegistry(form);
  const errorOf = (field: keyof RegistryForm) => {
    const error = validation.errors[field];
    return touched.has(field) && error ? t(error) : undefined;
  };
  // Saved as soon as the three fields make a valid setting (or are all empty: look-ups off).
  const commit = (field: keyof RegistryForm) => {
    setTouched(new Set([...touched, field]));
    const value = validation.value;
    if (value === undefined) return;
    if (JSON.stringify(value) !== JSON.stringify(settings.registry)) void onSave({ registry: value });
  };
  const input =
    (field: keyof RegistryForm, extra: Record<string, string>) =>
    (ids: { id: string; describedBy: string | undefined }) => (
      <input
        id={ids.id}
        type="text"
        value={form[field]}
        aria-describedby={ids.describedBy}
        aria-invalid={errorOf(field) ? 'true' : undefined}
        spellcheck={false}
        autocomplete="off"
        data-testid={`registry-${field}`}
        onInput={(event) => setForm({ ...form, [field]: event.currentTarget.value })}
        onChange={() => commit(field)}
        {...extra}
      />
    );
  return (
    <Card title={t('options_registry_heading')}>
      <p class="hint">{t('options_registry_intro')}</p>
      <Field
        label={t('options_registry_rpc')}
        error={errorOf('rpcUrl')}
        hint={t('options_registry_rpc_hint')}
      >
        {input('rpcUrl', { placeholder: 'https://', inputmode: 'url' })}
      </Field>
      <Field label={t('options_registry_address')} error={errorOf('address')}>
        {input('address', { placeholder: '0x…', class: 'mono' })}
      </Field>
      <Field
        label={t('options_registry_chain')}
        error={errorOf('chainId')}
        hint={t('options_registry_chain_hint')}
      >
        {input('chainId', { inputmode: 'numeric', placeholder: '1' })}
      </Field>
      <Field
        label={t('options_registry_indexer')}
        error={errorOf('indexerUrl')}
        hint={t('options_registry_indexer_hint')}
      >
        {input('indexerUrl', { placeholder: 'http://127.0.0.1:42069', inputmode: 'url' })}
      </Field>
    </Card>
  );
}

function SiteList({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (patch: Partial<Settings>) => Promise<void>;
}) {
  const [text, setText] = useState(settings.disabledSites.join('\n'));
  const [invalid, setInvalid] = useState<string[]>([]);
  // Saved when the person leaves the field, like every other setting here.
  const commit = () => {
    const parsed = parseSiteList(text);
    setInvalid(parsed.invalid);
    if (parsed.invalid.length === 0) {
      setText(parsed.sites.join('\n'));
      if (parsed.sites.join('\n') !== settings.disabledSites.join('\n'))
        void onSave({ disabledSites: parsed.sites });
    }
  };
  return (
    <div>
      <Field
        label={t('options_sites_label')}
        hint={t('options_sites_hint')}
        error={invalid.length > 0 ? t('error_sites', invalid.join(', ')) : undefined}
      >
        {({ id, describedBy }) => (
          <textarea
            id={id}
            rows={4}
            spellcheck={false}
            aria-describedby={describedBy}
            aria-invalid={invalid.length > 0 ? 'true' : undefined}
            data-testid="sites-input"
            placeholder="example.com"
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
            onChange={commit}
          />
        )}
      </Field>
    </div>
  );
}

export function OptionsPage() {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | undefined>(undefined);

  useEffect(() => {
    getSettings()
      .then(setSettings)
      .catch((e: unknown) => setStatus({ ok: false, text: t('options_load_failed', message(e)) }));
  }, []);

  const save = async (patch: Partial<Settings>) => {
    try {
      setSettings(await saveSettings(patch));
      setStatus({ ok: true, text: t('options_saved') });
    } catch (e) {
      setStatus({ ok: false, text: t('options_save_failed', message(e)) });
    }
  };

  return (
    <div class="page wide options">
      <PageHeader current="options" title={t('options_title')} />
      <main>
        <p
          class={`status-line${status && !status.ok ? ' error' : ''}`}
          role="status"
          data-testid="options-status"
        >
          {status?.text ?? ''}
        </p>
        <p class="hint">{t('options_saved_as_you_go')}</p>
        {settings ? (
          <>
            <Card title={t('options_scan_heading')}>
              <Toggle
                testid="auto-scan"
                checked={settings.autoScan}
                label={t('options_auto_scan')}
                hint={t('options_auto_scan_hint')}
                onChange={(autoScan) => void save({ autoScan })}
              />
              <SiteList settings={settings} onSave={save} />
            </Card>
            <Card title={t('options_overlay_heading')}>
              <Toggle
                testid="overlay"
                checked={settings.overlay}
                label={t('options_overlay')}
                hint={t('options_overlay_hint')}
                onChange={(overlay) => void save({ overlay })}
              />
              <Toggle
                testid="overlay-ai"
                checked={settings.overlayAiWithoutCredentials}
                disabled={!settings.overlay}
                label={t('options_overlay_ai')}
                hint={t('options_overlay_ai_hint')}
                onChange={(overlayAiWithoutCredentials) => void save({ overlayAiWithoutCredentials })}
              />
            </Card>
            <Card title={t('options_remote_heading')}>
              <Toggle
                testid="remote-manifests"
                checked={settings.remoteManifests}
                label={t('options_remote')}
                hint={t('options_remote_hint')}
                onChange={(remoteManifests) => void save({ remoteManifests })}
              />
            </Card>
            <details class="advanced" data-testid="advanced">
              <summary>{t('options_advanced')}</summary>
              <p class="hint">{t('options_advanced_hint')}</p>
              <TrustLists />
              <NetworkSettings settings={settings} onSave={save} />
              <RegistrySettings key={JSON.stringify(settings.registry)} settings={settings} onSave={save} />
            </details>
            <Card title={t('options_privacy_heading')}>
              <ul class="privacy">
                <li>{t('privacy_local')}</li>
                <li>{t('privacy_no_fetch')}</li>
                <li>{t('privacy_trust_lists')}</li>
                <li>{t('privacy_registry')}</li>
                <li>{t('privacy_badge')}</li>
              </ul>
            </Card>
          </>
        ) : status ? null : (
          <p role="status">{t('popup_loading')}</p>
        )}
      </main>
    </div>
  );
}
