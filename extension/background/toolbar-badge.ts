// The toolbar badge: how many media on the tab carry Content Credentials — the same number the popup's
// summary gives — coloured by the most notable verdict.
import { t } from '../platform/client.ts';
import type { MediaItem } from '../platform/model.ts';
import { countMedia } from '../ui/media-counts.ts';

export interface BadgeLook {
  text: string;
  colour: string;
  /** Tooltip, for people who cannot tell colours apart. */
  title: string;
}

export function badgeFor(items: MediaItem[]): BadgeLook {
  const counts = countMedia(items);
  const count = counts.credentialed;
  const text = count > 0 ? String(Math.min(count, 999)) : counts.checking > 0 ? '…' : '';
  const done = items.filter((item) => item.state === 'done' && item.verdict);
  const has = (test: (trust: string) => boolean) => done.some((item) => test(item.verdict?.trust ?? ''));
  if (counts.invalid > 0) return { text, colour: '#b3261e', title: t('toolbar_invalid', String(count)) };
  if (counts.ai > 0) return { text, colour: '#6a3ea1', title: t('toolbar_ai', String(count)) };
  if (has((trust) => trust === 'untrusted'))
    return { text, colour: '#8a5300', title: t('toolbar_untrusted', String(count)) };
  if (count > 0) return { text, colour: '#1d6b3f', title: t('toolbar_verified', String(count)) };
  return {
    text,
    colour: '#5f6368',
    title: counts.checking > 0 ? t('toolbar_checking') : t('toolbar_none'),
  };
}
