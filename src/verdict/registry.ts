// Registry answers in a Verdict: exact and near matches, lineage, and what they mean for trust and origin.
// An AI signal in trustworthy lineage is never overridden by a human claim; a near match is never "verified".
import { aiDerivedOf, isAiOrigin } from './origin.ts';
import type { Credit, Origin, RegistryMatch, Verdict } from './types.ts';

/** The first AI model in a registry lineage (depth-first), if any. */
export function modelInLineage(credits: readonly Credit[]): Credit | undefined {
  for (const credit of credits) {
    if (credit.registryKind === 'model') return credit;
    const inner = modelInLineage(credit.credits);
    if (inner) return inner;
  }
  return undefined;
}

/** The match is a Model, or its lineage passes through one: the registry's AI signal. */
export function hasAiLineage(match: RegistryMatch): boolean {
  return match.record.kind === 'model' || modelInLineage(match.lineage) !== undefined;
}

function lineageHasModel(matches: RegistryMatch[]): boolean {
  return matches.some((m) => m.aiLineage === true || hasAiLineage(m));
}

function kindOfMedia(mediaType: string): string {
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('audio/')) return 'recording';
  if (mediaType.startsWith('video/')) return 'video';
  return 'file';
}

/** Plain words for a near match: who registered the original, when, how close, and what it credits. */
function describeRecovery(best: RegistryMatch, mediaType: string): string[] {
  const record = best.record;
  const who = record.creator || record.registrant;
  const kind = kindOfMedia(mediaType);
  const title = record.title ? ` “${record.title}”` : '';
  const lines = [
    `A close visual match of ${kind === 'image' ? 'an' : 'a'} ${kind}${title} registered by ${who} on ${record.time.slice(0, 10)} ` +
      `(record #${record.id} on chain ${best.chainId}); this copy differs from it: ` +
      `${best.algorithm ?? 'fingerprint'} distance ${best.distance} of at most ${best.threshold}` +
      `${best.algorithm === 'pdq64-centre' ? ' (against the centre of the original: this copy looks cropped)' : ''}. ` +
      'This copy carries no credential of its own, so it is not verified.',
  ];
  if (kind !== 'image') lines[0] = lines[0]!.replace('A close visual match', 'A close match');
  lines.push(
    record.manifestHash
      ? `The original's credential hash on record: ${record.manifestHash}.`
      : 'The original was registered without a credential hash.',
  );
  if (best.lineage.length > 0) {
    lines.push(
      `The original credits ${best.lineage.map((c) => `${c.relationship} “${c.title}”`).join(', ')} (registry lineage).`,
    );
  }
  return lines;
}

/** Records that the registry could not answer: the rest of the verdict stays as the file alone made it. */
export function applyRegistryError(verdict: Verdict, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  verdict.registryError = `The provenance registry could not be reached: ${detail}`;
  verdict.evidence.push(verdict.registryError);
}

/**
 * Folds registry matches into a verdict: an exact match of a file without credential gives
 * `registry-only`, a near match `recovered` (never `verified`), and lineage adds credits and AI signals.
 */
export function applyRegistryMatches(verdict: Verdict, matches: RegistryMatch[]): void {
  const mediaType = verdict.mediaType;
  verdict.registry = matches;
  const live = matches.filter((m) => !m.record.revoked);
  const exact = live.filter((m) => m.match === 'exact');
  const near = live.filter((m) => m.match === 'near');
  const hadCredential =
    verdict.trust !== 'none' && verdict.trust !== 'metadata-only' && verdict.trust !== 'error';
  if (!hadCredential && exact.length > 0) {
    const first = exact[0]!;
    verdict.trust = 'registry-only';
    verdict.evidence.unshift(
      `Registered on chain ${first.chainId} by ${first.record.creator || first.record.registrant} on ${first.record.time.slice(0, 10)} (exact content hash, record #${first.record.id}).`,
    );
  } else if (!hadCredential && near.length > 0) {
    const best = [...near].sort((a, b) => (a.distance ?? 99) - (b.distance ?? 99))[0]!;
    verdict.trust = 'recovered';
    // The recovery is the headline: it goes before "no credential was found".
    verdict.evidence.unshift(...describeRecovery(best, mediaType));
  }
  if (live.length > 0 && !verdict.originProven && verdict.trust !== 'invalid') {
    const registryOrigin = originFromRegistry(live);
    if (registryOrigin && (verdict.origin === 'unknown' || isAiOrigin(registryOrigin))) {
      verdict.origin = registryOrigin;
      verdict.aiDerived = aiDerivedOf(registryOrigin);
      const model = live.map((m) => modelInLineage(m.lineage)).find(Boolean);
      if (model) {
        verdict.generator ??= model.title;
        verdict.evidence.push(
          `Its registry lineage passes through the AI model “${model.title}” (record #${model.recordId}).`,
        );
      } else {
        verdict.evidence.push(`The registry record says it is ${registryOrigin}.`);
      }
    }
  } else if (live.length > 0 && lineageHasModel(live) && !isAiOrigin(verdict.origin)) {
    // An AI signal in trustworthy lineage is never overridden by a human claim.
    verdict.origin = 'ai-generated';
    verdict.aiDerived = true;
    const model = live.map((m) => modelInLineage(m.lineage)).find(Boolean);
    if (model) verdict.generator ??= model.title;
    verdict.evidence.push(
      `Its registry lineage passes through the AI model${model ? ` “${model.title}”` : ''}.`,
    );
  }
  verdict.credits.push(...live.flatMap((m) => m.lineage));
}

function originFromRegistry(matches: RegistryMatch[]): Origin | undefined {
  if (lineageHasModel(matches)) return 'ai-generated';
  const dst = matches.map((m) => m.record.digitalSourceType).find(Boolean);
  if (dst && /trainedAlgorithmicMedia$/.test(dst))
    return /composite/.test(dst) ? 'ai-composite' : 'ai-generated';
  if (dst && /digitalCapture$/.test(dst)) return 'human-capture';
  if (dst && /digitalCreation$/.test(dst)) return 'human-made';
  return undefined;
}
