// The on-page hints of a tab: which of its media get a badge on the page (credentialed ones, and
// AI-derived ones without credentials when the person asked for those), with what the badge shows and says.
// The words are made here, not in the page: the content script then needs no message catalogue.
import { t } from '../platform/client.ts';
import type { MARK_TONES, OverlayHint, OverlayHints } from '../platform/messages.ts';
import type { MediaItem, Settings } from '../platform/model.ts';

const CREDENTIALED = new Set(['verified', 'untrusted', 'invalid', 'recovered']);

export type MarkTone = (typeof MARK_TONES)[number];

export interface BadgeLook {
  marks: { tone: MarkTone; glyph: string }[];
  /** What the badge says, in words: its accessible name and tooltip (without the "open details" part). */
  words: string;
}

/** The facts a badge is drawn from. */
type BadgeFacts = Pick<OverlayHint, 'trust' | 'aiDerived' | 'originProven'>;

/** What one badge shows: the trust mark (if any) and, beside it, the AI mark (if any). */
export function badgeLook(hint: BadgeFacts): BadgeLook {
  const marks: BadgeLook['marks'] = [];
  const words: string[] = [];
  if (hint.trust === 'verified') {
    marks.push({ tone: 'verified', glyph: '✓' });
    words.push(t('overlay_verified'));
  } else if (hint.trust === 'untrusted') {
    marks.push({ tone: 'untrusted', glyph: '?' });
    words.push(t('overlay_untrusted'));
  } else if (hint.trust === 'invalid') {
    marks.push({ tone: 'invalid', glyph: '!' });
    words.push(t('overlay_invalid'));
  } else if (hint.trust === 'recovered') {
    marks.push({ tone: 'recovered', glyph: '↺' });
    words.push(t('overlay_recovered'));
  }
  if (hint.aiDerived === true) {
    // Only a trusted signer proves it; a signer on no list, a broken credential or metadata only claim it.
    const proven = hint.originProven && hint.trust === 'verified';
    marks.push(
      proven
        ? { tone: 'ai', glyph: t('overlay_glyph_ai') }
        : { tone: 'ai-unproven', glyph: t('overlay_glyph_ai_unproven') },
    );
    words.push(proven ? t('overlay_ai') : t('overlay_ai_unproven'));
  }
  if (marks.length === 0) words.push(t('overlay_other'));
  return { marks, words: words.join(' ') };
}

/** One medium's hint: its facts, and the badge they make in words. */
export function hintFor(facts: Omit<OverlayHint, 'marks' | 'title' | 'ariaLabel'>): OverlayHint {
  const { marks, words } = badgeLook(facts);
  return { ...facts, marks, title: t('overlay_title', words), ariaLabel: t('overlay_label', words) };
}

export function pageHints(
  items: readonly MediaItem[],
  settings: Pick<Settings, 'overlay' | 'overlayAiWithoutCredentials'>,
): OverlayHints {
  const hints: OverlayHint[] = [];
  for (const item of items) {
    const verdict = item.verdict;
    if (item.state !== 'done' || !verdict) continue;
    const aiWithout = settings.overlayAiWithoutCredentials && verdict.aiDerived === true;
    if (!CREDENTIALED.has(verdict.trust) && !aiWithout) continue;
    hints.push(
      hintFor({
        src: item.src,
        key: item.key,
        trust: verdict.trust,
        origin: verdict.origin,
        aiDerived: verdict.aiDerived,
        originProven: verdict.originProven ?? (verdict.trust === 'verified' || verdict.trust === 'untrusted'),
        label: verdict.signer?.name?.slice(0, 200) ?? '',
      }),
    );
  }
  return { type: 'overlay-hints', overlay: settings.overlay, hints };
}
