// What the toolbar badge and the popup's summary count: one definition, so the two numbers always agree.
import type { MediaItem } from '../platform/model.ts';

/** Trust values of media whose own file carries Content Credentials (valid or not). */
export const CREDENTIALED_TRUST: ReadonlySet<string> = new Set(['verified', 'untrusted', 'invalid']);

export interface MediaCounts {
  total: number;
  /** Media whose file carries Content Credentials: the number on the toolbar badge. */
  credentialed: number;
  ai: number;
  invalid: number;
  /** Copies without credentials matched to a registered original by fingerprint. */
  recovered: number;
  checking: number;
}

export function countMedia(items: readonly MediaItem[]): MediaCounts {
  const counts: MediaCounts = {
    total: items.length,
    credentialed: 0,
    ai: 0,
    invalid: 0,
    recovered: 0,
    checking: 0,
  };
  for (const item of items) {
    const trust = item.state === 'done' && item.verdict ? item.verdict.trust : 'checking';
    if (trust === 'checking') counts.checking++;
    if (CREDENTIALED_TRUST.has(trust)) counts.credentialed++;
    if (trust === 'invalid') counts.invalid++;
    if (trust === 'recovered') counts.recovered++;
    if (item.state === 'done' && item.verdict?.aiDerived === true) counts.ai++;
  }
  return counts;
}
