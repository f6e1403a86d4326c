// On-chain registry records for this content: who registered it, its lineage and shares, disputes, payment.

import { Fragment } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import type { Credit, RegistryMatch, Verdict } from '../../src/verdict/types.ts';
import type { PaymentReceipt, RegistrationAccount } from '../platform/client.ts';
import { t } from '../platform/client.ts';
import { CreditNaming } from './credits-tree.tsx';
import { PassphraseInput } from './passphrase-input.tsx';
import { Section } from './section.tsx';
import { formatLocalTime } from './why.ts';
import { recordKindLabel, shortHex, trainingLabel, uiLocale } from './words.ts';

/** What the verdict alone cannot say about the registry: set up at all, and reachable. */
export type RegistryState = 'not-configured' | 'unreachable';

const FINGERPRINT_BITS: Record<string, number> = { pdq: 256, pdq64: 64 };

/** "Differs in 6 of 64 fingerprint bits; 10 or fewer count as the same picture. A close match." */
export function distanceWords(match: RegistryMatch): string | undefined {
  if (match.distance === undefined || match.threshold === undefined) return undefined;
  const bits = match.algorithm ? FINGERPRINT_BITS[match.algorithm] : undefined;
  const ratio = match.threshold > 0 ? match.distance / match.threshold : 1;
  const closeness =
    match.distance === 0
      ? t('closeness_identical')
      : ratio <= 0.34
        ? t('closeness_very_close')
        : ratio <= 0.75
          ? t('closeness_close')
          : t('closeness_borderline');
  const differs = bits
    ? t('distance_of_bits', [String(match.distance), String(bits), String(match.threshold)])
    : t('distance_plain', [String(match.distance), String(match.threshold)]);
  return `${differs} ${closeness}`;
}

function isWebLink(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

const WEI_PER_ETH = 10n ** 18n;

/** "0.01" (ETH, as typed) → wei; undefined for anything that is not a positive amount with ≤ 18 decimals. */
export function parseEth(text: string): bigint | undefined {
  const match = /^(\d{1,12})(?:[.,](\d{1,18}))?$/.exec(text.trim());
  if (!match) return undefined;
  const wei = BigInt(match[1]!) * WEI_PER_ETH + BigInt((match[2] ?? '').padEnd(18, '0'));
  return wei > 0n ? wei : undefined;
}

/** Wei → "0.0025 ETH" (trailing zeros dropped). */
export function formatEth(wei: string | bigint): string {
  const value = BigInt(wei);
  const whole = value / WEI_PER_ETH;
  const fraction = (value % WEI_PER_ETH).toString().padStart(18, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} ETH`;
}

/** Record id → the name a person knows it by, from the record and its lineage. */
function recordNames(match: RegistryMatch): Map<string, string> {
  const names = new Map<string, string>([
    [match.record.id, match.record.title || match.record.creator || `#${match.record.id}`],
  ]);
  const visit = (credits: readonly Credit[]) => {
    for (const credit of credits) {
      if (credit.recordId && !names.has(credit.recordId)) names.set(credit.recordId, credit.title);
      visit(credit.credits);
    }
  };
  visit(match.lineage);
  return names;
}

/** One line per record and account: a record reached along two lineage paths is credited twice. */
function creditedTotals(receipt: PaymentReceipt): PaymentReceipt['credited'] {
  const totals = new Map<string, { recordId: string; account: string; amount: bigint }>();
  for (const credit of receipt.credited) {
    const key = `${credit.recordId}|${credit.account}`;
    const seen = totals.get(key);
    if (seen) seen.amount += BigInt(credit.amountWei);
    else
      totals.set(key, {
        recordId: credit.recordId,
        account: credit.account,
        amount: BigInt(credit.amountWei),
      });
  }
  return [...totals.values()].map((t) => ({
    recordId: t.recordId,
    account: t.account,
    amountWei: String(t.amount),
  }));
}

/** Past this depth the registry's lineage walk stops anyway (the client bounds it); the tree says so. */
const MAX_LINEAGE_DEPTH = 16;

export interface Payout {
  recordId: string;
  title: string;
  /** Of a payment of 1 to this work, what this record's registrant keeps. */
  keeps: number;
}

/**
 * What each work ends up with when this one is paid 1, as the registry's pay() splits it: every record
 * passes each parent its share of what it receives and keeps the rest. A work reached along two paths is
 * one line. The paid work itself comes first.
 */
export function payoutsOf(match: RegistryMatch): Payout[] {
  const kept = new Map<string, Payout>();
  const add = (recordId: string, title: string, amount: number) => {
    const seen = kept.get(recordId);
    if (seen) seen.keeps += amount;
    else kept.set(recordId, { recordId, title, keeps: amount });
  };
  const walk = (id: string, title: string, amount: number, credits: readonly Credit[], depth: number) => {
    let passed = 0;
    if (depth < MAX_LINEAGE_DEPTH) {
      for (const credit of credits) {
        if (credit.shareBps === undefined || !credit.recordId) continue;
        if (credit.codes.some((code) => code.code === 'registry.revoked')) continue;
        const share = (amount * credit.shareBps) / 10_000;
        passed += share;
        walk(credit.recordId, credit.title, share, credit.credits, depth + 1);
      }
    }
    add(id, title, amount - passed);
  };
  const own = match.record.title || match.record.creator || `#${match.record.id}`;
  walk(match.record.id, own, 1, match.lineage, 0);
  const [first, ...rest] = [
    kept.get(match.record.id),
    ...[...kept.values()].filter((p) => p.recordId !== match.record.id),
  ];
  return [first, ...rest.sort((a, b) => (b?.keeps ?? 0) - (a?.keeps ?? 0))].filter(
    (p): p is Payout => p !== undefined && p.keeps > 0,
  );
}

function formatShare(value: number): string {
  return new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: 4 }).format(value);
}

/** "If you pay 1, Landscape Diffusion v1 gets 0.182, Open Landscapes 2024 0.078 …" */
export function payoutSentence(match: RegistryMatch): string | undefined {
  const [own, ...others] = payoutsOf(match);
  if (!own || others.length === 0) return undefined;
  const parts = others.map((p, index) =>
    index === 0
      ? t('payout_first', [p.title, formatShare(p.keeps)])
      : t('payout_next', [p.title, formatShare(p.keeps)]),
  );
  return t('payout_sentence', [parts.join(', '), formatShare(own.keeps)]);
}

/**
 * The lineage as a tree: what each link is (generated by, trained on, …) and its share. A work reached a
 * second time is named again without its own sources ("shown above"), so nothing appears twice.
 */
function LineageTree({
  credits,
  depth = 0,
  shown,
  details,
}: {
  credits: readonly Credit[];
  depth?: number;
  shown: Set<string>;
  details: boolean;
}) {
  return (
    <ul class={depth === 0 ? 'credits' : 'credits nested'} data-testid={depth === 0 ? 'lineage' : undefined}>
      {credits.map((credit, index) => {
        const repeated = credit.recordId !== undefined && shown.has(credit.recordId);
        if (credit.recordId) shown.add(credit.recordId);
        return (
          <li
            key={`${credit.recordId ?? credit.title}-${index}`}
            class="credit"
            data-testid="lineage-node"
            data-record={credit.recordId}
            data-repeated={repeated ? 'true' : undefined}
          >
            <div class="credit-line">
              <CreditNaming credit={credit} />
              {repeated ? <span class="muted credit-repeated">{t('lineage_shown_above')}</span> : null}
            </div>
            <div class="credit-badges">
              {details ? (
                <span class="muted" title={credit.signer} data-testid="lineage-address">
                  {t('lineage_record_by', [credit.recordId ?? '?', shortHex(credit.signer ?? '')])}
                </span>
              ) : null}
              {credit.codes.map((code) =>
                code.code === 'registry.revoked' ? (
                  <span key={code.code} class="badge trust-invalid">
                    {t('record_revoked')}
                  </span>
                ) : (
                  <span key={code.code} class="badge trust-untrusted">
                    {code.explanation ?? code.code}
                  </span>
                ),
              )}
            </div>
            {credit.credits.length > 0 && !repeated ? (
              depth + 1 >= MAX_LINEAGE_DEPTH ? (
                <p class="muted">{t('credits_too_deep', String(MAX_LINEAGE_DEPTH))}</p>
              ) : (
                <LineageTree credits={credit.credits} depth={depth + 1} shown={shown} details={details} />
              )
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** How "Support the creators" reaches the chain: the page passes the runtime's payRecord. */
export interface RegistryPayment {
  pay(recordId: string, amountWei: bigint, passphrase?: string): Promise<PaymentReceipt>;
  account(): Promise<RegistrationAccount>;
}

function SupportForm({ match, payment }: { match: RegistryMatch; payment: RegistryPayment }) {
  const [amount, setAmount] = useState('0.01');
  const [passphrase, setPassphrase] = useState('');
  /** Whether the key needs the passphrase; undefined until the background says. */
  const [locked, setLocked] = useState<boolean | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [receipt, setReceipt] = useState<PaymentReceipt | undefined>(undefined);
  const ids = { amount: useId(), passphrase: useId() };
  useEffect(() => {
    payment
      .account()
      .then((account) => setLocked(!account.unlocked))
      .catch(() => setLocked(true));
  }, []);
  const wei = parseEth(amount);
  const names = recordNames(match);

  if (receipt) {
    return (
      <div class="notice ok support-receipt" role="status" data-testid="support-receipt">
        <p>{t('support_paid', formatEth(receipt.amountWei))}</p>
        <dl class="facts">
          {creditedTotals(receipt).map((credit) => (
            <Fragment key={`${credit.recordId}-${credit.account}`}>
              <dt>{names.get(credit.recordId) ?? `#${credit.recordId}`}</dt>
              <dd data-testid="support-credited">
                <strong>{formatEth(credit.amountWei)}</strong>{' '}
                <span class="mono muted" title={credit.account}>
                  {t('support_to_account', shortHex(credit.account))}
                </span>
              </dd>
            </Fragment>
          ))}
          <dt>{t('support_tx')}</dt>
          <dd class="mono break">{receipt.txHash}</dd>
        </dl>
      </div>
    );
  }
  return (
    <form
      class="support-form"
      data-testid="support-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (wei === undefined) {
          setFailure(t('support_amount_invalid'));
          return;
        }
        setPending(true);
        setFailure(undefined);
        payment
          .pay(match.record.id, wei, locked ? passphrase : undefined)
          .then(setReceipt)
          .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
          .finally(() => setPending(false));
      }}
    >
      <div class="field-pair">
        <div class="field">
          <label for={ids.amount}>{t('support_amount')}</label>
          <input
            id={ids.amount}
            data-testid="support-amount"
            inputmode="decimal"
            value={amount}
            onInput={(event) => setAmount(event.currentTarget.value)}
          />
        </div>
        {locked === true ? (
          <div class="field">
            <label for={ids.passphrase}>{t('register_passphrase')}</label>
            <PassphraseInput
              id={ids.passphrase}
              testid="support-passphrase"
              value={passphrase}
              onValue={setPassphrase}
            />
          </div>
        ) : null}
      </div>
      <p class="hint">{t('support_from_key')}</p>
      {failure ? (
        <p class="notice error" role="alert" data-testid="support-error">
          {failure}
        </p>
      ) : null}
      <button
        type="submit"
        class="button primary"
        disabled={pending || locked === undefined}
        data-testid="support-pay"
      >
        {pending ? t('support_paying') : t('support_pay', wei === undefined ? '…' : formatEth(wei))}
      </button>
    </form>
  );
}

function MatchCard({
  match,
  onSupport,
  payment,
}: {
  match: RegistryMatch;
  onSupport?: ((match: RegistryMatch) => void) | undefined;
  payment?: RegistryPayment | undefined;
}) {
  const record = match.record;
  const distance = distanceWords(match);
  const payout = payoutSentence(match);
  const [supporting, setSupporting] = useState(false);
  const [details, setDetails] = useState(false);
  return (
    <li class="record" data-testid="registry-record" data-match={match.match} data-record={record.id}>
      <div class="record-head">
        <span class={`badge match-${match.match}`}>
          {match.match === 'exact' ? t('match_exact') : t('match_near')}
        </span>
        <span class="record-kind">{recordKindLabel(record.kind)}</span>
        {record.title ? <span class="record-title">{record.title}</span> : null}
        {match.aiLineage ? <span class="badge origin-ai">{t('record_ai_lineage')}</span> : null}
        {record.revoked ? <span class="badge trust-invalid">{t('record_revoked')}</span> : null}
      </div>
      <dl class="facts">
        <dt>{t('record_creator')}</dt>
        <dd>{record.creator || t('record_creator_none')}</dd>
        <dt>{t('record_time')}</dt>
        <dd>{formatLocalTime(record.time)}</dd>
        <dt>{t('record_training')}</dt>
        <dd data-testid="record-training">{trainingLabel(record.training)}</dd>
        {record.uri ? (
          <>
            <dt>{t('record_uri')}</dt>
            <dd class="break">
              {isWebLink(record.uri) ? (
                <a href={record.uri} target="_blank" rel="noopener noreferrer">
                  {record.uri}
                </a>
              ) : (
                record.uri
              )}
            </dd>
          </>
        ) : null}
        {distance ? (
          <>
            <dt>{t('record_distance')}</dt>
            <dd>{distance}</dd>
          </>
        ) : null}
        {details ? (
          <>
            <dt>{t('record_registrant')}</dt>
            <dd class="mono break" data-testid="record-registrant">
              {record.registrant}
            </dd>
            <dt>{t('record_id')}</dt>
            <dd class="mono" title={record.id}>
              {shortHex(record.id, 10)}
            </dd>
            <dt>{t('record_chain')}</dt>
            <dd>{t('record_chain_value', [String(match.chainId), shortHex(match.registry)])}</dd>
          </>
        ) : null}
      </dl>
      <button
        type="button"
        class="button small link-like"
        aria-pressed={details}
        data-testid="record-details-toggle"
        onClick={() => setDetails(!details)}
      >
        {t('record_details_toggle')}
      </button>
      {record.disputes.length > 0 ? (
        <div class="disputes" role="note">
          <h4>{t('disputes_heading', String(Math.max(record.disputeCount ?? 0, record.disputes.length)))}</h4>
          <ul>
            {record.disputes.map((dispute, index) => (
              <li key={`${dispute.by}-${index}`}>
                {t('dispute_line', [shortHex(dispute.by), dispute.reasonUri])}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {match.lineage.length > 0 ? (
        <div class="lineage">
          <h4>{t('lineage_heading')}</h4>
          <p class="muted">{t('lineage_shares_explained')}</p>
          <LineageTree credits={match.lineage} shown={new Set([record.id])} details={details} />
          {payout ? (
            <p class="payout" data-testid="lineage-payout">
              {payout}
            </p>
          ) : null}
        </div>
      ) : null}
      {(onSupport || payment) && !record.revoked ? (
        <div class="actions">
          <button
            type="button"
            class="button primary"
            data-testid="support-creators"
            aria-expanded={onSupport ? undefined : supporting}
            onClick={() => (onSupport ? onSupport(match) : setSupporting(!supporting))}
          >
            {t('support_creators')}
          </button>
          <span class="muted" data-testid="support-explained">
            {payout
              ? t('support_explained')
              : t('support_explained_whole', record.creator || t('record_creator_none'))}
          </span>
        </div>
      ) : null}
      {supporting && payment && !onSupport ? <SupportForm match={match} payment={payment} /> : null}
    </li>
  );
}

export function RegistrySection({
  verdict,
  state,
  onSupport,
  payment,
}: {
  verdict: Verdict;
  state?: RegistryState | undefined;
  /** Replaces the built-in payment form (e.g. a page that pays another way). */
  onSupport?: ((match: RegistryMatch) => void) | undefined;
  payment?: RegistryPayment | undefined;
}) {
  const matches = [...(verdict.registry ?? [])].sort((a, b) => a.record.time.localeCompare(b.record.time));
  let note: string | undefined;
  if (state === 'unreachable') note = t('registry_unreachable');
  else if (verdict.registryError) note = verdict.registryError;
  else if (state === 'not-configured' && verdict.registry === undefined) note = t('registry_not_configured');
  else if (verdict.registry === undefined) note = t('registry_not_checked');
  else if (matches.length === 0) note = t('registry_no_records');
  return (
    <Section title={t('registry_heading')} testid="detail-registry">
      {note ? (
        <p class={state === 'unreachable' ? 'notice warn' : 'muted'} data-testid="registry-note">
          {note}
        </p>
      ) : null}
      {state === 'unreachable' && verdict.registryError ? (
        <p class="muted" data-testid="registry-error">
          {verdict.registryError}
        </p>
      ) : null}
      {verdict.registryIndex && verdict.registryIndex.blocksBehind > 0 ? (
        <p class="notice" data-testid="registry-index-behind">
          {t('registry_index_behind', [
            verdict.registryIndex.url,
            String(verdict.registryIndex.blocksBehind),
          ])}
        </p>
      ) : null}
      {matches.length > 0 ? (
        <>
          {matches.length > 1 ? <p class="muted">{t('registry_oldest_first')}</p> : null}
          <ul class="records">
            {matches.map((match) => (
              <MatchCard
                key={`${match.chainId}-${match.record.id}`}
                match={match}
                onSupport={onSupport}
                payment={payment}
              />
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}
