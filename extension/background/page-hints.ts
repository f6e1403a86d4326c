// The on-page hints of a tab: which of its media get a badge on the page (credentialed ones, and
// AI-derived ones without credentials when the person asked for those), with what the badge says.
import type { OverlayHint, OverlayHints } from '../platform/messages.ts';
import type { MediaItem, Settings } from '../platform/model.ts';

const CREDENTIALED = new Set(['verified', 'untrusted', 'invalid', 'recovered']);

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
    hints.push({
      src: item.src,
      key: item.key,
      trust: verdict.trust,
      origin: verdict.origin,
      aiDerived: verdict.aiDerived,
      originProven: verdict.originProven ?? (verdict.trust === 'verified' || verdict.trust === 'untrusted'),
      label: verdict.signer?.name?.slice(0, 200) ?? '',
    });
  }
  return { type: 'overlay-hints', overlay: settings.overlay, hints };
}
