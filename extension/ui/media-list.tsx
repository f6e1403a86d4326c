// The list of media on a tab (or dropped files): summary line, filters, and one row per item.
import { useState } from 'preact/hooks';
import { t } from '../platform/client.ts';
import type { MediaItem } from '../platform/model.ts';
import { VerdictBadges } from './badges.tsx';
import { identityLine } from './identity-section.tsx';
import { countMedia } from './media-counts.ts';
import { Thumbnail } from './thumbnail.tsx';
import { formatTime, itemName, leadHeadline, trustLabel, trustState } from './words.ts';

export type MediaFilter = 'ai' | 'invalid' | 'uncredentialed';
export const MEDIA_FILTERS: readonly MediaFilter[] = ['ai', 'invalid', 'uncredentialed'];

const UNCREDENTIALED = new Set(['none', 'metadata-only', 'registry-only', 'recovered']);

export function matchesFilter(item: MediaItem, filter: MediaFilter): boolean {
  const verdict = item.state === 'done' ? item.verdict : undefined;
  if (!verdict) return false;
  if (filter === 'ai') return verdict.aiDerived === true;
  if (filter === 'invalid') return verdict.trust === 'invalid';
  return UNCREDENTIALED.has(verdict.trust);
}

/** Items in the order the page shows them; items with no page position keep their order, after the rest. */
export function inPageOrder(items: readonly MediaItem[]): MediaItem[] {
  return [...items].sort((a, b) => {
    if (a.order === b.order) return 0;
    if (a.order === undefined) return 1;
    if (b.order === undefined) return -1;
    return a.order < b.order ? -1 : 1;
  });
}

/** "7 media · 3 with Content Credentials · 1 AI-derived · 1 invalid"; zero counts after the first two are left out. */
export function summaryLine(items: readonly MediaItem[]): string {
  const c = countMedia(items);
  const parts = [t('summary_media', String(c.total)), t('summary_credentialed', String(c.credentialed))];
  if (c.ai > 0) parts.push(t('summary_ai', String(c.ai)));
  if (c.invalid > 0) parts.push(t('summary_invalid', String(c.invalid)));
  if (c.recovered > 0) parts.push(t('summary_recovered', String(c.recovered)));
  if (c.checking > 0) parts.push(t('summary_checking', String(c.checking)));
  return parts.join(' · ');
}

export function MediaRow({
  item,
  onOpen,
  selected,
}: {
  item: MediaItem;
  onOpen?: ((item: MediaItem) => void) | undefined;
  selected?: boolean | undefined;
}) {
  const trust = trustState(item);
  const verdict = trust === 'checking' ? undefined : item.verdict;
  const name = itemName(item);
  const signer = verdict?.signer?.name;
  const identity = identityLine(verdict);
  const time = formatTime(verdict?.signer?.time);
  const headline = verdict ? leadHeadline(verdict) : t('checking_headline');
  const body = (
    <>
      <Thumbnail item={item} size="small" />
      <span class="media-row-text">
        <span class="media-row-headline">{headline}</span>
        <span class="media-row-badges">
          <VerdictBadges verdict={verdict} trust={trust} />
        </span>
        <span class="media-row-meta">
          <span class="media-row-name">{name}</span>
          {signer ? <span>{t('row_signed_by', signer)}</span> : null}
          {identity ? <span data-testid="row-identity">{identity}</span> : null}
          {time ? <span>{time}</span> : null}
        </span>
      </span>
    </>
  );
  return (
    <li
      class={`media-row${selected ? ' selected' : ''}`}
      data-testid="media-item"
      data-src={item.src}
      data-trust={trust}
      data-origin={verdict ? verdict.origin : 'checking'}
      data-key={item.key}
    >
      {onOpen ? (
        <button
          type="button"
          class="media-row-button"
          aria-current={selected ? 'true' : undefined}
          aria-label={t('row_open_label', [name, trustLabel(trust), headline])}
          onClick={() => onOpen(item)}
        >
          {body}
        </button>
      ) : (
        <div class="media-row-button">{body}</div>
      )}
    </li>
  );
}

export function MediaFilters({
  items,
  active,
  onToggle,
}: {
  items: readonly MediaItem[];
  active: ReadonlySet<MediaFilter>;
  onToggle: (filter: MediaFilter) => void;
}) {
  return (
    <fieldset class="filters">
      <legend class="visually-hidden">{t('filters_label')}</legend>
      {MEDIA_FILTERS.map((filter) => {
        const count = items.filter((item) => matchesFilter(item, filter)).length;
        return (
          <button
            key={filter}
            type="button"
            class={`chip filter-${filter}`}
            aria-pressed={active.has(filter)}
            onClick={() => onToggle(filter)}
          >
            {t(`filter_${filter}`)} <span class="chip-count">{count}</span>
          </button>
        );
      })}
    </fieldset>
  );
}

/** Summary, filters and rows; filters are additive ("show AI-derived or invalid"). */
export function MediaList({
  items,
  onOpen,
  selectedKey,
  emptyText,
}: {
  items: readonly MediaItem[];
  onOpen?: ((item: MediaItem) => void) | undefined;
  selectedKey?: string | undefined;
  emptyText: string;
}) {
  const [active, setActive] = useState<ReadonlySet<MediaFilter>>(new Set());
  const toggle = (filter: MediaFilter) => {
    const next = new Set(active);
    if (next.has(filter)) next.delete(filter);
    else next.add(filter);
    setActive(next);
  };
  const ordered = inPageOrder(items);
  const shown =
    active.size === 0 ? ordered : ordered.filter((item) => [...active].some((f) => matchesFilter(item, f)));
  return (
    <section class="media-list" aria-label={t('list_label')}>
      <p class="summary" data-testid="summary" aria-live="polite">
        {summaryLine(items)}
      </p>
      {items.length > 0 ? <MediaFilters items={items} active={active} onToggle={toggle} /> : null}
      {items.length === 0 ? (
        <p class="empty">{emptyText}</p>
      ) : shown.length === 0 ? (
        <p class="empty">{t('list_none_match')}</p>
      ) : (
        <ul class="media-rows">
          {shown.map((item) => (
            <MediaRow key={item.key} item={item} onOpen={onOpen} selected={item.key === selectedKey} />
          ))}
        </ul>
      )}
    </section>
  );
}
