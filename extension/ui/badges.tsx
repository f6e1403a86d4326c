// Small coloured labels for trust and origin; colour is never the only signal (each has words and an icon).

import type { Origin, Verdict } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import { isAiOrigin, originIsTrusted, originLabel, type TrustState, trustLabel } from './words.ts';

const TRUST_ICONS: Record<TrustState, string> = {
  verified: '✓',
  untrusted: '!',
  invalid: '✕',
  recovered: '↺',
  'metadata-only': 'i',
  'registry-only': '◇',
  none: '–',
  error: '?',
  checking: '…',
};

/** Trust is about who signed: the chip's title says so, for anyone who wonders what "trusted" covers. */
export function TrustBadge({ trust }: { trust: TrustState }) {
  return (
    <span class={`badge trust-${trust}`} data-badge="trust" title={t('trust_chip_label', trustLabel(trust))}>
      <span class="badge-icon" aria-hidden="true">
        {TRUST_ICONS[trust]}
      </span>
      {trustLabel(trust)}
    </span>
  );
}

export function OriginBadge({ origin, proven }: { origin: Origin; proven: boolean }) {
  const tone = isAiOrigin(origin) ? 'ai' : origin === 'unknown' ? 'unknown' : 'human';
  return (
    <span
      class={`badge origin-${tone}${proven ? '' : ' unproven'}`}
      data-badge="origin"
      title={t('origin_chip_label', originLabel(origin))}
    >
      {tone === 'ai' ? (
        <span class="badge-icon" aria-hidden="true">
          ✦
        </span>
      ) : null}
      {originLabel(origin)}
      {proven || origin === 'unknown' ? null : <span class="badge-note">{t('origin_claimed')}</span>}
    </span>
  );
}

/** A medium's two chips: its origin (once known) and its trust. */
export function VerdictBadges({ verdict, trust }: { verdict: Verdict | undefined; trust: TrustState }) {
  return (
    <>
      {verdict && verdict.origin !== 'unknown' ? (
        <OriginBadge origin={verdict.origin} proven={originIsTrusted(verdict)} />
      ) : null}
      <TrustBadge trust={trust} />
    </>
  );
}
