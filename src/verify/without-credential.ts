// The verdict for a file without a readable credential: what its unsigned metadata claims, and why
// nothing more could be said.
import { readMetadataClaims } from '../metadata/index.ts';
import type { Verdict } from '../verdict/types.ts';
import { applyMetadataClaims } from './metadata-origin.ts';

export interface VerdictBase {
  sha256: string;
  mediaType: string;
  size: number;
  checkedAt: string;
}

/** `remote`: the file names a remote credential that was not read, and whether fetching was on. */
export async function verdictWithoutCredential(
  bytes: Uint8Array,
  base: VerdictBase,
  remote?: { url: string; fetchingOn: boolean },
): Promise<Verdict> {
  const verdict: Verdict = {
    trust: 'none',
    origin: 'unknown',
    aiDerived: null,
    ...base,
    digitalSourceTypes: [],
    credits: [],
    codes: [],
    evidence: [],
    originProven: false,
  };
  if (remote) {
    verdict.evidence.push(
      remote.fetchingOn
        ? `The file points to a remote credential at ${remote.url}, which could not be read.`
        : `The file points to a remote credential at ${remote.url}; it was not fetched because remote manifests are off (turn them on to check it).`,
    );
  }
  const claims = await readMetadataClaims(bytes);
  if (claims) applyMetadataClaims(verdict, claims);
  if (base.mediaType === 'video/iso.segment') {
    verdict.evidence.push(
      'This is a fragment of a streamed video: its credential, if any, is in the init segment. Verify the two together.',
    );
  }
  if (verdict.trust === 'none' && verdict.evidence.length === 0) {
    verdict.evidence.push('No Content Credentials and no provenance metadata were found in this file.');
  }
  return verdict;
}
