// "Register as my work": record a creator's own media on the registry, with lineage and training choice.
import { useEffect, useId, useState } from 'preact/hooks';
import type { Credit } from '../../src/verdict/types.ts';
import {
  exportRegistrationKey,
  getMediaItem,
  getRegistrationAccount,
  listTabMedia,
  type RegisterWorkResult,
  type RegistrationAccount,
  registerWork,
  t,
} from '../platform/client.ts';
import type { MediaItem } from '../platform/model.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { formatEth } from '../ui/registry-section.tsx';
import { Thumbnail } from '../ui/thumbnail.tsx';
import { tabIdFromQuery } from '../ui/use-tab-media.ts';
import { itemName, recordKindLabel, shortHex, trainingLabel } from '../ui/words.ts';
import { type ParentShare, TRAINING_CHOICES, validateRegistration, WORK_KINDS } from './validate.ts';

export interface CreditedSource {
  id: string;
  label: string;
}

/** Sources this media already credits that have a registry record, so they can be named as parents. */
export function creditedSources(item: MediaItem | undefined): CreditedSource[] {
  const found = new Map<string, string>();
  const visit = (credits: readonly Credit[], depth: number) => {
    if (depth > 12) return;
    for (const credit of credits) {
      if (credit.recordId && !found.has(credit.recordId)) found.set(credit.recordId, credit.title);
      visit(credit.credits, depth + 1);
    }
  };
  const verdict = item?.verdict;
  if (verdict) {
    for (const match of verdict.registry ?? []) {
      // An exact match is this very content registered before, not something it was made from.
      if (match.match !== 'exact' && !found.has(match.record.id)) {
        found.set(match.record.id, `${match.record.creator} (${recordKindLabel(match.record.kind)})`);
      }
      visit(match.lineage, 0);
    }
    visit(verdict.credits, 0);
  }
  return [...found].map(([id, label]) => ({ id, label }));
}

/** Registered works shown on the same page (their exact registry records), e.g. the photos a collage reuses. */
export function pageSources(items: readonly MediaItem[], except: MediaItem | undefined): CreditedSource[] {
  const sources: CreditedSource[] = [];
  for (const other of items) {
    if (other.key === except?.key || other.src === except?.src) continue;
    for (const match of other.verdict?.registry ?? []) {
      if (
        match.match === 'exact' &&
        !match.record.revoked &&
        !sources.some((s) => s.id === match.record.id)
      ) {
        sources.push({
          id: match.record.id,
          label: t('register_page_source', [match.record.creator, itemName(other)]),
        });
      }
    }
  }
  return sources;
}

/** "12.5" percent → "1250" basis points; anything else stays unparseable for the validator to report. */
export function percentToBps(percent: string): string {
  const text = percent.trim().replace(',', '.');
  return /^\d{1,5}(\.\d{1,2})?$/.test(text) ? String(Math.round(Number.parseFloat(text) * 100)) : 'invalid';
}

interface ParentRow {
  id: string;
  percent: string;
  label?: string;
}

function query(search: string): { src?: string; key?: string } {
  const params = new URLSearchParams(search);
  const src = params.get('src') ?? undefined;
  const key = params.get('key') ?? undefined;
  return { ...(src ? { src } : {}), ...(key ? { key } : {}) };
}

/** The media being registered and the other media of its page, when the page's tab is known. */
function useTarget(search: string): { item: MediaItem | undefined; pageItems: MediaItem[] } {
  const [found, setFound] = useState<{ item: MediaItem | undefined; pageItems: MediaItem[] }>({
    item: undefined,
    pageItems: [],
  });
  useEffect(() => {
    const { src, key } = query(search);
    const tabId = tabIdFromQuery(search);
    let cancelled = false;
    (async () => {
      const pageItems = tabId === undefined ? [] : await listTabMedia(tabId);
      const item = key ? await getMediaItem(key) : pageItems.find((other) => other.src === src);
      if (!cancelled) setFound({ item, pageItems });
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [search]);
  return found;
}

/** The extension's registration account, and exporting its key (only on request, with the passphrase). */
function KeyPanel({ refresh }: { refresh: number }) {
  const [account, setAccount] = useState<RegistrationAccount | undefined>(undefined);
  const [exporting, setExporting] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [exported, setExported] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const passphraseId = useId();
  useEffect(() => {
    Promise.resolve()
      .then(() => getRegistrationAccount())
      .then((found) => setAccount(found ?? undefined))
      .catch(() => setAccount(undefined));
  }, [refresh]);
  if (!account) return null;
  return (
    <section
      class="card key-panel"
      style={{ marginTop: '16px' }}
      data-testid="register-key"
      aria-labelledby={`${passphraseId}-heading`}
    >
      <h2 id={`${passphraseId}-heading`}>{t('register_key_heading')}</h2>
      {account.address ? (
        <dl class="facts">
          <dt>{t('register_key_address')}</dt>
          <dd class="mono break" data-testid="register-key-address">
            {account.address}
          </dd>
          {account.balanceWei !== undefined ? (
            <>
              <dt>{t('register_key_balance')}</dt>
              <dd>{formatEth(account.balanceWei)}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p class="muted">{t('register_key_none')}</p>
      )}
      {account.address && !exporting && !exported ? (
        <button type="button" class="button" onClick={() => setExporting(true)}>
          {t('register_key_export')}
        </button>
      ) : null}
      {exporting && !exported ? (
        <form
          class="inline-add"
          onSubmit={(event) => {
            event.preventDefault();
            setFailure(undefined);
            exportRegistrationKey(passphrase)
              .then((key) => {
                setExported(key.privateKey);
                setPassphrase('');
              })
              .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
          }}
        >
          <p class="hint">{t('register_key_export_hint')}</p>
          <label for={passphraseId}>{t('register_passphrase')}</label>
          <input
            id={passphraseId}
            type="password"
            autocomplete="current-password"
            value={passphrase}
            onInput={(event) => setPassphrase(event.currentTarget.value)}
          />
          <button type="submit" class="button" disabled={passphrase === ''}>
            {t('register_key_reveal')}
          </button>
        </form>
      ) : null}
      {exported ? (
        <div class="notice warn">
          <p>{t('register_key_private')}</p>
          <p class="mono break">{exported}</p>
        </div>
      ) : null}
      {failure ? (
        <p class="notice error" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}

export function RegisterPage({ search }: { search: string }) {
  const target = query(search);
  const { item, pageItems } = useTarget(search);
  const [creator, setCreator] = useState('');
  const [kind, setKind] = useState<string>('media');
  const [training, setTraining] = useState<string>('notAllowed');
  const [parents, setParents] = useState<ParentRow[]>([]);
  const [manualId, setManualId] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<RegisterWorkResult | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const ids = { creator: useId(), kind: useId(), training: useId(), passphrase: useId(), manual: useId() };

  const sources = [...creditedSources(item), ...pageSources(pageItems, item)].filter(
    (source, index, list) => list.findIndex((other) => other.id === source.id) === index,
  );
  const shares: ParentShare[] = parents.map((row) => ({ id: row.id, bps: percentToBps(row.percent) }));
  const validation = validateRegistration({ creator, kind, training, parents: shares, passphrase });
  const errorsFor = (field: string) =>
    submitted ? validation.errors.filter((error) => error.field === field) : [];
  const errorText = (field: string) =>
    errorsFor(field)
      .map((error) => t(error.error, error.detail ?? ''))
      .join(' ');

  const toggleSource = (source: CreditedSource, on: boolean) => {
    setParents(
      on
        ? [...parents, { id: source.id, percent: '10', label: source.label }]
        : parents.filter((row) => row.id !== source.id),
    );
  };

  const submit = async () => {
    setSubmitted(true);
    setFailure(undefined);
    if (validation.errors.length > 0 || (!target.src && !target.key)) return;
    setPending(true);
    try {
      setResult(
        await registerWork({
          ...target,
          kind,
          creator: creator.trim(),
          training,
          parents: validation.parents,
          passphrase,
        }),
      );
      setPassphrase('');
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  };

  const name = item ? itemName(item) : (target.src ?? '');
  return (
    <div class="page wide register">
      <PageHeader title={t('register_title')} />
      <main>
        {!target.src && !target.key ? (
          <p class="notice error" role="alert">
            {t('register_no_target')}
          </p>
        ) : (
          <div class="register-target">
            {item ? <Thumbnail item={item} size="small" /> : null}
            <span class="break">{name}</span>
          </div>
        )}
        {result ? (
          <div class="notice ok" role="status" data-testid="register-result">
            <p>{t('register_done')}</p>
            <dl class="facts">
              <dt>{t('record_id')}</dt>
              <dd class="mono break" data-testid="register-record-id">
                {result.recordId}
              </dd>
              <dt>{t('register_tx')}</dt>
              <dd class="mono break" data-testid="register-tx">
                {result.txHash}
              </dd>
              {result.registrant ? (
                <>
                  <dt>{t('register_registrant')}</dt>
                  <dd class="mono break">{result.registrant}</dd>
                </>
              ) : null}
            </dl>
            <p class="muted">{t('register_view_record')}</p>
          </div>
        ) : (
          <form
            class="card"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <p class="hint">{t('register_intro')}</p>
            <div class="field">
              <label for={ids.creator}>{t('register_creator')}</label>
              <input
                id={ids.creator}
                data-testid="register-creator"
                autocomplete="name"
                value={creator}
                aria-invalid={errorsFor('creator').length > 0 ? 'true' : undefined}
                aria-describedby={errorsFor('creator').length > 0 ? `${ids.creator}-error` : undefined}
                onInput={(event) => setCreator(event.currentTarget.value)}
              />
              {errorsFor('creator').length > 0 ? (
                <p id={`${ids.creator}-error`} class="field-error">
                  {errorText('creator')}
                </p>
              ) : null}
            </div>
            <div class="field-pair">
              <div class="field">
                <label for={ids.kind}>{t('register_kind')}</label>
                <select
                  id={ids.kind}
                  data-testid="register-kind"
                  value={kind}
                  onChange={(e) => setKind(e.currentTarget.value)}
                >
                  {WORK_KINDS.map((value) => (
                    <option key={value} value={value}>
                      {recordKindLabel(value)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for={ids.training}>{t('register_training')}</label>
                <select
                  id={ids.training}
                  data-testid="register-training"
                  value={training}
                  onChange={(e) => setTraining(e.currentTarget.value)}
                >
                  {TRAINING_CHOICES.map((value) => (
                    <option key={value} value={value}>
                      {trainingLabel(value)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <fieldset class="parents">
              <legend>{t('register_parents')}</legend>
              <p class="hint">{t('register_parents_hint')}</p>
              {sources.length > 0 ? (
                <ul class="sources">
                  {sources.map((source) => (
                    <li key={source.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={parents.some((row) => row.id === source.id)}
                          onChange={(event) => toggleSource(source, event.currentTarget.checked)}
                        />
                        {source.label} <span class="muted mono">{shortHex(source.id, 10)}</span>
                      </label>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">{t('register_no_sources')}</p>
              )}
              {parents.length > 0 ? (
                <table class="shares">
                  <thead>
                    <tr>
                      <th scope="col">{t('register_parent')}</th>
                      <th scope="col">{t('register_share')}</th>
                      <th scope="col">
                        <span class="visually-hidden">{t('register_remove')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {parents.map((row, index) => (
                      <tr key={row.id}>
                        <th scope="row" class="break">
                          {row.label ?? <span class="mono">{row.id}</span>}
                        </th>
                        <td>
                          <input
                            class="share-input"
                            inputmode="decimal"
                            aria-label={t('register_share_for', row.label ?? row.id)}
                            value={row.percent}
                            onInput={(event) => {
                              const next = [...parents];
                              next[index] = { ...row, percent: event.currentTarget.value };
                              setParents(next);
                            }}
                          />{' '}
                          %
                        </td>
                        <td>
                          <button
                            type="button"
                            class="button small"
                            aria-label={t('register_remove_named', row.label ?? row.id)}
                            onClick={() => setParents(parents.filter((other) => other.id !== row.id))}
                          >
                            ✕
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              <div class="inline-add">
                <label for={ids.manual}>{t('register_add_by_id')}</label>
                <input
                  id={ids.manual}
                  class="mono"
                  data-testid="register-parent-id"
                  placeholder="0x…"
                  value={manualId}
                  onInput={(event) => setManualId(event.currentTarget.value)}
                />
                <button
                  type="button"
                  class="button"
                  disabled={manualId.trim() === ''}
                  onClick={() => {
                    const id = manualId.trim();
                    if (!parents.some((row) => row.id === id))
                      setParents([...parents, { id, percent: '10' }]);
                    setManualId('');
                  }}
                >
                  {t('register_add')}
                </button>
              </div>
              {errorsFor('parents').length > 0 ? <p class="field-error">{errorText('parents')}</p> : null}
            </fieldset>
            <div class="field">
              <label for={ids.passphrase}>{t('register_passphrase')}</label>
              <input
                id={ids.passphrase}
                type="password"
                data-testid="register-passphrase"
                autocomplete="current-password"
                value={passphrase}
                aria-invalid={errorsFor('passphrase').length > 0 ? 'true' : undefined}
                aria-describedby={`${ids.passphrase}-hint`}
                onInput={(event) => setPassphrase(event.currentTarget.value)}
              />
              <p id={`${ids.passphrase}-hint`} class="hint">
                {t('register_passphrase_hint')}
              </p>
              {errorsFor('passphrase').length > 0 ? (
                <p class="field-error">{errorText('passphrase')}</p>
              ) : null}
            </div>
            <p class="hint">{t('register_public_note')}</p>
            {failure ? (
              <p class="notice error" role="alert" data-testid="register-error">
                {t('register_failed', failure)}
              </p>
            ) : null}
            <div class="actions">
              <button type="submit" class="button primary" disabled={pending} data-testid="register-submit">
                {pending ? t('register_pending') : t('register_submit')}
              </button>
            </div>
          </form>
        )}
        <KeyPanel refresh={result ? 1 : 0} />
      </main>
    </div>
  );
}
