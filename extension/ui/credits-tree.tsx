// Whom the media credits: C2PA ingredients and registry lineage, recursively, each with its own verdict.

import type { Credit } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import { OriginBadge, TrustBadge } from './badges.tsx';
import { Section } from './section.tsx';
import { recordKindLabel, relationshipLabel, shareLabel } from './words.ts';

/** Guards against hostile manifests with absurd nesting: the tree is cut off, with a note, past this depth. */
const MAX_DEPTH = 12;

/** Ingredient thumbnails by resource id, as the core extracted them from the manifest store. */
type Thumbnails = Readonly<Record<string, string>>;

/** What a credit is to the media and what it is called, with its kind of record and share when it has them. */
export function CreditNaming({ credit }: { credit: Credit }) {
  return (
    <>
      <span class="credit-relation">{relationshipLabel(credit.kind, credit.relationship)}</span>
      <span class="credit-title">{credit.title}</span>
      {credit.registryKind ? <span class="muted">{recordKindLabel(credit.registryKind)}</span> : null}
      {credit.shareBps !== undefined ? <span class="credit-share">{shareLabel(credit.shareBps)}</span> : null}
    </>
  );
}

function CreditItem({
  credit,
  depth,
  thumbnails,
}: {
  credit: Credit;
  depth: number;
  thumbnails: Thumbnails;
}) {
  const thumbnail = credit.thumbnail ? thumbnails[credit.thumbnail] : undefined;
  const proven = credit.trust === 'verified' || credit.trust === 'untrusted';
  const problems = credit.codes.filter(
    (code) => !code.code.endsWith('.match') && !code.code.endsWith('.validated'),
  );
  return (
    <li class="credit" data-testid="credit-item" data-trust={credit.trust} data-origin={credit.origin}>
      <div class="credit-line">
        {thumbnail ? <img class="credit-thumb" src={thumbnail} alt="" /> : null}
        <CreditNaming credit={credit} />
      </div>
      <div class="credit-badges">
        <TrustBadge trust={credit.trust} />
        {credit.origin !== 'unknown' ? <OriginBadge origin={credit.origin} proven={proven} /> : null}
        {credit.signer ? <span class="muted">{t('row_signed_by', credit.signer)}</span> : null}
        {credit.format ? <span class="muted">{credit.format}</span> : null}
        {credit.recordId ? <span class="muted mono">{t('credit_record', credit.recordId)}</span> : null}
      </div>
      {problems.length > 0 ? (
        <p class="credit-codes">{t('credit_codes', problems.map((code) => code.code).join(', '))}</p>
      ) : null}
      {credit.credits.length > 0 ? (
        depth + 1 >= MAX_DEPTH ? (
          <p class="muted">{t('credits_too_deep', String(MAX_DEPTH))}</p>
        ) : (
          <CreditList credits={credit.credits} depth={depth + 1} thumbnails={thumbnails} />
        )
      ) : null}
    </li>
  );
}

export function CreditList({
  credits,
  depth = 0,
  thumbnails = {},
}: {
  credits: readonly Credit[];
  depth?: number;
  thumbnails?: Thumbnails | undefined;
}) {
  return (
    <ul class={depth === 0 ? 'credits' : 'credits nested'}>
      {credits.map((credit, index) => (
        <CreditItem key={`${credit.title}-${index}`} credit={credit} depth={depth} thumbnails={thumbnails} />
      ))}
    </ul>
  );
}

export function CreditsSection({
  credits,
  thumbnails,
}: {
  credits: readonly Credit[];
  thumbnails?: Thumbnails | undefined;
}) {
  return (
    <Section title={t('credits_heading')} testid="detail-credits">
      {credits.length === 0 ? (
        <p class="muted">{t('credits_none')}</p>
      ) : (
        <CreditList credits={credits} thumbnails={thumbnails} />
      )}
    </Section>
  );
}
