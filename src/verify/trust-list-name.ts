// Which trust list a verified signer chained to, when c2pa-rs only says "system" or "user" anchors.
import { trustOf, UNRESOLVED_OFFICIAL_LIST, UNRESOLVED_USER_LIST } from '../verdict/build.ts';
import type { Verdict } from '../verdict/types.ts';
import type { Engine } from './engine/pool.ts';
import { engineSettings, type TrustConfig } from './trust.ts';

export interface TrustListRead {
  engine: Engine;
  bytes: Uint8Array;
  fragment?: Uint8Array;
  /** The pinned validation time, when the first read had one. */
  clock?: string;
}

/**
 * When names do not tell which list (an intermediate CA sits between signer and root), re-checks against
 * each candidate list alone: rare, and only for verified files. Sets `signer.trustList` when one answers.
 */
export async function resolveTrustListName(
  verdict: Verdict,
  trust: TrustConfig,
  read: TrustListRead,
): Promise<void> {
  const signer = verdict.signer;
  if (!signer || (signer.trustList !== UNRESOLVED_USER_LIST && signer.trustList !== UNRESOLVED_OFFICIAL_LIST))
    return;
  const candidates = signer.trustList === UNRESOLVED_USER_LIST ? (trust.userAnchors ?? []) : trust.anchors;
  for (const list of candidates.slice(0, 8)) {
    const result = await read.engine.read({
      type: 'read',
      bytes: read.bytes,
      mediaType: verdict.mediaType,
      settingsJson: engineSettings({ trust: { anchors: [], userAnchors: [list] } }),
      ...(read.fragment ? { fragment: read.fragment } : {}),
      ...(read.clock ? { clock: read.clock } : {}),
    });
    if (result.ok && result.store && trustOf(result.store) === 'verified') {
      const unresolved = `chains to ${signer.trustList})`;
      verdict.evidence = verdict.evidence.map((e) => e.replace(unresolved, `chains to ${list.name})`));
      signer.trustList = list.name;
      return;
    }
  }
}
