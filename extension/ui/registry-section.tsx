// On-chain registry records for this content: who registered it, its lineage and shares, disputes, payment.

import type { RegistryMatch, Verdict } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import { CreditList } from './credits-tree.tsx';
import { Section } from './section.tsx';
import { formatTime, recordKindLabel, shortHex, trainingLabel } from './words.ts';

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

function MatchCard({
  match,
  onSupport,
}: {
  match: RegistryMatch;
  onSupport?: ((match: RegistryMatch) => void) | undefined;
}) {
  const record = match.record;
  const distance = distanceWords(match);
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
        <dt>{t('record_registrant')}</dt>
        <dd class="mono" title={record.registrant}>
          {shortHex(record.registrant)}
        </dd>
        <dt>{t('record_time')}</dt>
        <dd>{formatTime(record.time)}</dd>
        <dt>{t('record_training')}</dt>
        <dd data-testid="record-training">{trainingLabel(record.training)}</dd>
        <dt>{t('record_id')}</dt>
        <dd class="mono" title={record.id}>
          {shortHex(record.id, 10)}
        </dd>
        <dt>{t('record_chain')}</dt>
        <dd>{t('record_chain_value', [String(match.chainId), shortHex(match.registry)])}</dd>
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
      </dl>
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
          <CreditList credits={match.lineage} />
        </div>
      ) : null}
      {onSupport && !record.revoked ? (
        <div class="actions">
          <button type="button" class="button primary" onClick={() => onSupport(match)}>
            {t('support_creators')}
          </button>
          <span class="muted">{t('support_explained')}</span>
        </div>
      ) : null}
    </li>
  );
}

export function RegistrySection({
  verdict,
  state,
  onSupport,
}: {
  verdict: Verdict;
  state?: RegistryState | undefined;
  onSupport?: ((match: RegistryMatch) => void) | undefined;
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
      {matches.length > 0 ? (
        <>
          {matches.length > 1 ? <p class="muted">{t('registry_oldest_first')}</p> : null}
          <ul class="records">
            {matches.map((match) => (
              <MatchCard key={`${match.chainId}-${match.record.id}`} match={match} onSupport={onSupport} />
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}
