// What unsigned IPTC/XMP/EXIF claims say about a file without a credential: never proof, always labelled so.
import { type MetadataClaims, metadataSourceTerm } from '../metadata/index.ts';
import { aiDerivedOf, SOURCE_TERM_ORIGIN } from '../verdict/origin.ts';
import type { Origin, Verdict } from '../verdict/types.ts';

const CLAIM_WORDS: Record<Origin, string> = {
  'ai-generated': 'it is AI-generated',
  'ai-composite': 'it contains AI-generated parts',
  'ai-edited': 'it was edited with AI tools',
  'computer-generated': 'it was made by an algorithm',
  'human-capture': 'it was captured',
  'human-made': 'a person made it',
  unknown: 'nothing about how it was made',
};

/** The origin unsigned metadata claims, with the sentence saying so; the IPTC term decides as it does when signed. */
export function originFromMetadata(claims: MetadataClaims): { origin: Origin; evidence: string } | undefined {
  const term = metadataSourceTerm(claims);
  if (term) {
    const origin = SOURCE_TERM_ORIGIN[term];
    return { origin, evidence: `Unsigned metadata says ${CLAIM_WORDS[origin]} (IPTC ${term}).` };
  }
  if (claims.aiSoftware)
    return {
      origin: 'ai-generated',
      evidence: `Unsigned metadata names the AI tool “${claims.aiSoftware}” as its software.`,
    };
  return undefined;
}

/** Fills a credential-less verdict from the file's unsigned claims: `metadata`, source types, origin. */
export function applyMetadataClaims(verdict: Verdict, claims: MetadataClaims): void {
  verdict.metadata = {
    ...(claims.digitalSourceType ? { digitalSourceType: claims.digitalSourceType } : {}),
    ...(claims.creator ? { creator: claims.creator } : {}),
    ...(claims.creditLine ? { creditLine: claims.creditLine } : {}),
    ...(claims.software ? { software: claims.software } : {}),
    ...(claims.provenanceUrl ? { provenanceUrl: claims.provenanceUrl } : {}),
  };
  if (claims.digitalSourceType) {
    verdict.digitalSourceTypes.push({
      uri: claims.digitalSourceType.trim(),
      from: 'unsigned XMP Iptc4xmpExt:DigitalSourceType',
    });
  }
  const claimed = originFromMetadata(claims);
  if (!claimed) return;
  verdict.trust = 'metadata-only';
  verdict.origin = claimed.origin;
  verdict.aiDerived = aiDerivedOf(claimed.origin);
  verdict.evidence.push(claimed.evidence, 'This is an unsigned claim: anyone can write or remove it.');
  if (claims.creator) verdict.evidence.push(`Unsigned metadata names the creator “${claims.creator}”.`);
}
