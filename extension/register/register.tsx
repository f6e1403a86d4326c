// "Register as my work": record a creator's own media on the registry, with lineage and training choice.

import { Wallet } from 'ethers';
import { Fragment } from 'preact';
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
import { ExtensionFailure } from '../platform/messages.ts';
import type { MediaItem } from '../platform/model.ts';
import { downloadText } from '../ui/export.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { PassphraseInput } from '../ui/passphrase-input.tsx';
import { Thumbnail } from '../ui/thumbnail.tsx';
import { tabIdFromQuery } from '../ui/use-tab-media.ts';
import { itemName, recordKindLabel, shortHex, trainingLabel } from '../ui/words.ts';
import {
  asksHowMade,
  HOW_MADE,
  HOW_MADE_CHOICES,
  type HowMade,
  type ParentShare,
  TRAINING_CHOICES,
  validateRegistration,
  WORK_KINDS,
} from './validate.ts';

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

/** A key backup: the key as a standard encrypted keystore (scrypt + AES), locked with the passphrase. */
export async function keyBackup(passphrase: string): Promise<{ fileName: string; json: string }> {
  const key = await exportRegistrationKey(passphrase);
  const json = await new Wallet(key.privateKey).encrypt(passphrase);
  return { fileName: `provenance-lens-key-${key.address.slice(2, 10).toLowerCase()}.json`, json };
}

/** "Back up your key": downloads the key encrypted with the passphrase; the key itself is never shown. */
/** A select over fixed choices, each shown in words; `unchosen` is the first option when none is chosen yet. */
function ChoiceSelect<T extends string>({
  id,
  testid,
  choices,
  label,
  unchosen,
  value,
  onValue,
  ...aria
}: {
  id: string;
  testid: string;
  choices: readonly T[];
  label: (choice: T) => string;
  unchosen?: string;
  value: string;
  onValue: (value: string) => void;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}) {
  return (
    <select
      id={id}
      data-testid={testid}
      value={value}
      {...aria}
      onChange={(event) => onValue(event.currentTarget.value)}
    >
      {unchosen !== undefined ? <option value="">{unchosen}</option> : null}
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {label(choice)}
        </option>
      ))}
    </select>
  );
}

function KeyBackup({ address }: { address: string }) {
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const id = useId();
  return (
    <div class="key-backup">
      <dl class="facts">
        <dt>{t('register_key_address')}</dt>
        <dd class="mono break" data-testid="register-key-address">
          {address}
        </dd>
      </dl>
      {!open ? (
        <button type="button" class="button" data-testid="key-backup" onClick={() => setOpen(true)}>
          {t('register_key_backup')}
        </button>
      ) : (
        <form
          class="inline-add"
          onSubmit={(event) => {
            event.preventDefault();
            setFailure(undefined);
            setPending(true);
            keyBackup(passphrase)
              .then(({ fileName, json }) => {
                downloadText(fileName, json, 'application/json');
                setDone(true);
                setPassphrase('');
              })
              .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
              .finally(() => setPending(false));
          }}
        >
          <p class="hint">{t('register_key_backup_hint')}</p>
          <label for={id}>{t('register_passphrase')}</label>
          <PassphraseInput
            id={id}
            testid="key-backup-passphrase"
            value={passphrase}
            onValue={setPassphrase}
          />
          <button
            type="submit"
            class="button"
            disabled={passphrase === '' || pending}
            data-testid="key-backup-save"
          >
            {pending ? t('register_key_backup_pending') : t('register_key_backup_save')}
          </button>
        </form>
      )}
      {done ? (
        <p class="notice ok" role="status" data-testid="key-backup-done">
          {t('register_key_backup_done')}
        </p>
      ) : null}
      {failure ? (
        <p class="notice error" role="alert">
          {failure}
        </p>
      ) : null}
    </div>
  );
}

/** The extension's registration key: made at the first registration; can be backed up, encrypted. */
function KeyPanel({ account }: { account: RegistrationAccount | undefined }) {
  const id = useId();
  if (!account) return null;
  return (
    <section class="card key-panel" data-testid="register-key" aria-labelledby={id}>
      <h2 id={id}>{t('register_key_heading')}</h2>
      {account.address ? (
        <KeyBackup address={account.address} />
      ) : (
        <p class="muted">{t('register_key_none')}</p>
      )}
    </section>
  );
}

/** A failure for lack of funds would leave a photographer at a dead end: say what makes it work instead. */
export function registerFailureText(error: unknown): string {
  if (error instanceof ExtensionFailure && error.reason === 'needs-funds') return t('register_needs_relay');
  return t('register_failed', error instanceof Error ? error.message : String(error));
}

interface PublicField {
  label: string;
  value: string;
  testid: string;
}

/** Everything registration writes to the public chain, where it stays for good. */
function PublicFields({ fields }: { fields: PublicField[] }) {
  return (
    <dl class="facts public-fields">
      {fields.map((field) => (
        <Fragment key={field.testid}>
          <dt>{field.label}</dt>
          <dd class="break" data-testid={field.testid}>
            {field.value}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

function useAccount(refresh: number): RegistrationAccount | undefined {
  const [account, setAccount] = useState<RegistrationAccount | undefined>(undefined);
  useEffect(() => {
    Promise.resolve()
      .then(() => getRegistrationAccount())
      .then((found) => setAccount(found ?? undefined))
      .catch(() => setAccount(undefined));
  }, [refresh]);
  return account;
}

export function RegisterPage({ search }: { search: string }) {
  const target = query(search);
  const tabId = tabIdFromQuery(search);
  const { item, pageItems } = useTarget(search);
  const [title, setTitle] = useState('');
  const [creator, setCreator] = useState('');
  const [kind, setKind] = useState<string>('media');
  const [howMade, setHowMade] = useState<string>('');
  const [training, setTraining] = useState<string>('notAllowed');
  const [parents, setParents] = useState<ParentRow[]>([]);
  const [manualId, setManualId] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [passphraseAgain, setPassphraseAgain] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<RegisterWorkResult | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const account = useAccount(result ? 1 : 0);
  /** No key yet: this registration makes it, so the passphrase is typed twice. */
  const firstKey = account !== undefined && !account.address;
  const ids = {
    title: useId(),
    creator: useId(),
    kind: useId(),
    howMade: useId(),
    training: useId(),
    passphrase: useId(),
    again: useId(),
    manual: useId(),
  };

  const sources = [...creditedSources(item), ...pageSources(pageItems, item)].filter(
    (source, index, list) => list.findIndex((other) => other.id === source.id) === index,
  );
  const shares: ParentShare[] = parents.map((row) => ({ id: row.id, bps: percentToBps(row.percent) }));
  const validation = validateRegistration({
    creator,
    kind,
    howMade,
    training,
    parents: shares,
    passphrase,
    passphraseAgain: firstKey ? passphraseAgain : undefined,
  });
  const errorsFor = (field: string) =>
    submitted ? validation.errors.filter((error) => error.field === field) : [];
  const errorText = (field: string) =>
    errorsFor(field)
      .map((error) => t(error.error, error.detail ?? ''))
      .join(' ');
  const invalidProps = (field: string, id: string) =>
    errorsFor(field).length > 0 ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
  const fieldError = (field: string, id: string) =>
    errorsFor(field).length > 0 ? (
      <p id={`${id}-error`} class="field-error">
        {errorText(field)}
      </p>
    ) : null;

  const toggleSource = (source: CreditedSource, on: boolean) => {
    setParents(
      on
        ? [...parents, { id: source.id, percent: '10', label: source.label }]
        : parents.filter((row) => row.id !== source.id),
    );
  };

  const sourceType = asksHowMade(kind) ? HOW_MADE[howMade as HowMade] : undefined;
  const webUrl =
    target.src && /^https?:/i.test(target.src)
      ? target.src
      : item && /^https?:/i.test(item.src)
        ? item.src
        : undefined;
  const publicFields: PublicField[] = [
    ...(item?.verdict?.sha256
      ? [{ label: t('register_public_hash'), value: item.verdict.sha256, testid: 'public-hash' }]
      : [
          {
            label: t('register_public_hash'),
            value: t('register_public_hash_pending'),
            testid: 'public-hash',
          },
        ]),
    ...(webUrl ? [{ label: t('register_public_url'), value: webUrl, testid: 'public-url' }] : []),
    ...(title.trim()
      ? [{ label: t('register_title_label'), value: title.trim(), testid: 'public-title' }]
      : []),
    { label: t('register_creator'), value: creator.trim(), testid: 'public-creator' },
    {
      label: t('register_kind'),
      value: recordKindLabel(kind as (typeof WORK_KINDS)[number]),
      testid: 'public-kind',
    },
    ...(sourceType
      ? [
          {
            label: t('register_how_made'),
            value: t(`how_made_${howMade.replace('-', '_')}`),
            testid: 'public-how-made',
          },
        ]
      : []),
    {
      label: t('register_training'),
      value: trainingLabel(training as (typeof TRAINING_CHOICES)[number]),
      testid: 'public-training',
    },
    ...parents.map((row, index) => ({
      label: t('register_public_parent'),
      value: `${row.label ?? row.id} — ${row.percent} %`,
      testid: `public-parent-${index}`,
    })),
    ...(item?.kind === 'image' || !item
      ? [
          {
            label: t('register_public_fingerprint'),
            value: t('register_public_fingerprint_value'),
            testid: 'public-fingerprint',
          },
        ]
      : []),
    {
      label: t('register_public_account'),
      value: account?.address ?? t('register_public_account_new'),
      testid: 'public-account',
    },
  ];

  const review = () => {
    setSubmitted(true);
    setFailure(undefined);
    if (validation.errors.length > 0 || (!target.src && !target.key)) return;
    setReviewing(true);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('[data-testid="register-confirm"] h2')?.focus(),
    );
  };

  const sign = async () => {
    setPending(true);
    setFailure(undefined);
    try {
      setResult(
        await registerWork({
          ...target,
          kind,
          creator: creator.trim(),
          ...(title.trim() ? { title: title.trim() } : {}),
          ...(sourceType ? { digitalSourceType: sourceType } : {}),
          training,
          parents: validation.parents,
          passphrase,
        }),
      );
      setPassphrase('');
      setPassphraseAgain('');
    } catch (error) {
      setFailure(registerFailureText(error));
      setReviewing(false);
    } finally {
      setPending(false);
    }
  };

  const recordKey = item?.key ?? target.key;
  const recordLink =
    recordKey !== undefined
      ? `../sidepanel/sidepanel.html?${new URLSearchParams({ key: recordKey, ...(tabId !== undefined ? { tabId: String(tabId) } : {}) })}`
      : undefined;
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
            <p class="result-headline">
              {recordLink ? (
                <a href={recordLink} data-testid="register-view-record">
                  {t('register_done_view')}
                </a>
              ) : (
                t('register_done')
              )}
            </p>
            <p class="muted">
              {t('register_record_number')} <span data-testid="register-record-id">{result.recordId}</span>
            </p>
            <p>{t('register_done_matched')}</p>
          </div>
        ) : reviewing ? (
          <section class="card" data-testid="register-confirm" aria-labelledby={`${ids.title}-confirm`}>
            <h2 id={`${ids.title}-confirm`} tabIndex={-1}>
              {t('register_confirm_heading')}
            </h2>
            <p>{t('register_confirm_intro')}</p>
            <PublicFields fields={publicFields} />
            <div class="actions">
              <button type="button" class="button" disabled={pending} onClick={() => setReviewing(false)}>
                {t('register_confirm_back')}
              </button>
              <button
                type="button"
                class="button primary"
                disabled={pending}
                data-testid="register-sign"
                onClick={() => void sign()}
              >
                {pending ? t('register_pending') : t('register_submit')}
              </button>
            </div>
          </section>
        ) : (
          <form
            class="card"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              review();
            }}
          >
            <p class="hint">{t('register_intro')}</p>
            <div class="field">
              <label for={ids.title}>{t('register_title_label')}</label>
              <input
                id={ids.title}
                data-testid="register-title"
                value={title}
                maxLength={200}
                onInput={(event) => setTitle(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for={ids.creator}>{t('register_creator')}</label>
              <input
                id={ids.creator}
                data-testid="register-creator"
                autocomplete="name"
                value={creator}
                {...invalidProps('creator', ids.creator)}
                onInput={(event) => setCreator(event.currentTarget.value)}
              />
              {fieldError('creator', ids.creator)}
            </div>
            <div class="field-pair">
              <div class="field">
                <label for={ids.kind}>{t('register_kind')}</label>
                <ChoiceSelect
                  id={ids.kind}
                  testid="register-kind"
                  choices={WORK_KINDS}
                  label={recordKindLabel}
                  value={kind}
                  onValue={setKind}
                />
              </div>
              {asksHowMade(kind) ? (
                <div class="field">
                  <label for={ids.howMade}>{t('register_how_made')}</label>
                  <ChoiceSelect
                    id={ids.howMade}
                    testid="register-how-made"
                    choices={HOW_MADE_CHOICES}
                    label={(value) => t(`how_made_${value.replace('-', '_')}`)}
                    unchosen={t('register_how_made_choose')}
                    value={howMade}
                    onValue={setHowMade}
                    {...invalidProps('howMade', ids.howMade)}
                  />
                  {fieldError('howMade', ids.howMade)}
                </div>
              ) : null}
            </div>
            <div class="field">
              <label for={ids.training}>{t('register_training')}</label>
              <ChoiceSelect
                id={ids.training}
                testid="register-training"
                choices={TRAINING_CHOICES}
                label={trainingLabel}
                value={training}
                onValue={setTraining}
              />
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
                  inputmode="numeric"
                  placeholder={t('register_add_by_id_placeholder')}
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
              <label for={ids.passphrase}>
                {firstKey ? t('register_passphrase_new') : t('register_passphrase')}
              </label>
              <PassphraseInput
                id={ids.passphrase}
                testid="register-passphrase"
                makesKey={firstKey}
                value={passphrase}
                onValue={setPassphrase}
                aria-invalid={errorsFor('passphrase').length > 0 ? 'true' : undefined}
                aria-describedby={`${ids.passphrase}-hint`}
              />
              <p id={`${ids.passphrase}-hint`} class="hint">
                {firstKey ? t('register_passphrase_new_hint') : t('register_passphrase_hint')}
              </p>
              {errorsFor('passphrase').length > 0 ? (
                <p class="field-error">{errorText('passphrase')}</p>
              ) : null}
            </div>
            {firstKey ? (
              <div class="field">
                <label for={ids.again}>{t('register_passphrase_again')}</label>
                <PassphraseInput
                  id={ids.again}
                  testid="register-passphrase-again"
                  makesKey
                  value={passphraseAgain}
                  onValue={setPassphraseAgain}
                  {...invalidProps('passphraseAgain', ids.again)}
                />
                {fieldError('passphraseAgain', ids.again)}
              </div>
            ) : null}
            <p class="hint">{t('register_public_note')}</p>
            {failure ? (
              <p class="notice error" role="alert" data-testid="register-error">
                {failure}
              </p>
            ) : null}
            <div class="actions">
              <button type="submit" class="button primary" data-testid="register-submit">
                {t('register_review')}
              </button>
            </div>
          </form>
        )}
        <KeyPanel account={account} />
      </main>
    </div>
  );
}
