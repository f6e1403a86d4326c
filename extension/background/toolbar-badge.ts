// The toolbar badge: how many media on the tab carry credentials, coloured by the most notable verdict.
import type { MediaItem } from '../platform/model.ts';

const CREDENTIALED = new Set(['verified', 'untrusted', 'invalid', 'recovered']);

export interface BadgeLook {
  text: string;
  colour: string;
  /** Tooltip, for people who cannot tell colours apart. */
  title: string;
}

export function badgeFor(items: MediaItem[]): BadgeLook {
  const done = items.filter((item) => item.state === 'done' && item.verdict);
  const credentialed = done.filter((item) => CREDENTIALED.has(item.verdict?.trust ?? ''));
  const checking = items.some((item) => item.state === 'checking');
  const count = credentialed.length;
  const text = count > 0 ? String(Math.min(count, 999)) : checking ? '…' : '';
  const has = (test: (item: MediaItem) => boolean) => credentialed.some(test);
  if (has((item) => item.verdict?.trust === 'invalid')) {
    return {
      text,
      colour: '#b3261e',
      title: `${count} with Content Credentials; some were tampered with or fail validation`,
    };
  }
  if (has((item) => item.verdict?.aiDerived === true)) {
    return {
      text,
      colour: '#6a3ea1',
      title: `${count} with Content Credentials; some are AI-generated or AI-edited`,
    };
  }
  if (has((item) => item.verdict?.trust === 'untrusted' || item.verdict?.trust === 'recovered')) {
    return {
      text,
      colour: '#8a5300',
      title: `${count} with Content Credentials; some signers are not on a trust list`,
    };
  }
  if (count > 0) return { text, colour: '#1d6b3f', title: `${count} with verified Content Credentials` };
  return {
    text,
    colour: '#5f6368',
    title: checking ? 'Checking media on this page…' : 'No Content Credentials on this page',
  };
}
