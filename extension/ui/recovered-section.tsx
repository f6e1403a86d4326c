// For copies whose credential was stripped: this copy beside the registered original, and how close they are.
import { useState } from 'preact/hooks';
import type { RegistryMatch } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import type { MediaItem } from '../platform/model.ts';
import { distanceWords } from './registry-section.tsx';
import { Section } from './section.tsx';
import { Thumbnail } from './thumbnail.tsx';

function hostOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

const bareHex = (hash: string) => hash.toLowerCase().replace(/^0x/, '');

/**
 * A preview of the registered original when the person already has it on screen (the same page shows
 * the original): nothing is loaded from the record's link without asking.
 */
export function originalThumbnailFor(item: MediaItem, others: MediaItem[]): string | undefined {
  const verdict = item.verdict;
  if (verdict?.trust !== 'recovered') return undefined;
  const near = [...(verdict.registry ?? [])]
    .filter((m) => m.match === 'near')
    .sort((a, b) => (a.distance ?? 99) - (b.distance ?? 99));
  for (const match of near) {
    const hash = bareHex(match.record.contentHash);
    const original = others.find(
      (o) => o.key !== item.key && o.thumbnail && o.verdict && bareHex(o.verdict.sha256) === hash,
    );
    if (original?.thumbnail) return original.thumbnail;
  }
  return undefined;
}

export function RecoveredSection({
  item,
  originalThumbnail,
}: {
  item: MediaItem;
  /** A preview of the original the runtime already holds (e.g. from the recovered manifest). */
  originalThumbnail?: string | undefined;
}) {
  const verdict = item.verdict;
  const [showRemote, setShowRemote] = useState(false);
  if (verdict?.trust !== 'recovered') return null;
  const match: RegistryMatch | undefined =
    verdict.registry?.find((m) => m.match === 'near') ?? verdict.registry?.[0];
  const remoteHost = match ? hostOf(match.record.uri) : undefined;
  const distance = match ? distanceWords(match) : undefined;
  return (
    <Section title={t('recovered_heading')} testid="detail-recovered" tone="recovered">
      <p>{t('recovered_intro')}</p>
      <div class="side-by-side">
        <figure>
          <Thumbnail item={item} size="large" />
          <figcaption>{t('recovered_this_copy')}</figcaption>
        </figure>
        <figure>
          {originalThumbnail ? (
            <img class="thumb thumb-large" src={originalThumbnail} alt="" />
          ) : showRemote && match && remoteHost ? (
            <img class="thumb thumb-large" src={match.record.uri} alt="" referrerpolicy="no-referrer" />
          ) : (
            <span class="thumb thumb-large thumb-empty" aria-hidden="true">
              ?
            </span>
          )}
          <figcaption>
            {t('recovered_original')}
            {match ? <span class="muted block">{match.record.creator}</span> : null}
          </figcaption>
        </figure>
      </div>
      {distance ? <p data-testid="recovered-distance">{distance}</p> : null}
      {!originalThumbnail && !showRemote && match && remoteHost ? (
        <button type="button" class="button" onClick={() => setShowRemote(true)}>
          {t('recovered_load_original', remoteHost)}
        </button>
      ) : null}
    </Section>
  );
}
