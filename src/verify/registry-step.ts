// The registry step of verifyAsset: look the file up by hash and fingerprints, within a deadline; a
// failing chain fills `registryError` and never changes the C2PA verdict.
import type { Fingerprint } from '../fingerprint/types.ts';
import { applyRegistryError, applyRegistryMatches } from '../verdict/registry.ts';
import type { RegistryMatch, Verdict } from '../verdict/types.ts';
import { declaredPdq } from './soft-binding.ts';

export type RegistryLookup = (query: {
  sha256: string;
  fingerprints: Fingerprint[];
}) => Promise<RegistryMatch[]>;

export type Fingerprinter = (bytes: Uint8Array, mediaType: string) => Promise<Fingerprint[]>;

export const DEFAULT_REGISTRY_TIMEOUT_MS = 15_000;

async function fingerprintsOf(verdict: Verdict, bytes: Uint8Array, fingerprint?: Fingerprinter) {
  let fingerprints: Fingerprint[] = [];
  try {
    if (fingerprint) fingerprints = await fingerprint(bytes, verdict.mediaType);
  } catch {
    // Undecodable content has no fingerprint; exact look-up by hash still works.
  }
  if (!fingerprints.some((f) => f.algorithm === 'pdq')) {
    const declared = declaredPdq(verdict);
    if (declared) fingerprints.push(declared);
  }
  return fingerprints;
}

export async function addRegistryMatches(
  verdict: Verdict,
  bytes: Uint8Array,
  lookup: RegistryLookup,
  options: { fingerprint?: Fingerprinter; timeoutMs?: number } = {},
): Promise<void> {
  const fingerprints = await fingerprintsOf(verdict, bytes, options.fingerprint);
  const limitMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let matches: RegistryMatch[];
  try {
    // A slow or lying RPC must not hold the C2PA verdict back: the look-up as a whole has a deadline.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${limitMs / 1000} s`)), limitMs);
    });
    matches = await Promise.race([lookup({ sha256: verdict.sha256, fingerprints }), deadline]);
    if (!Array.isArray(matches)) throw new Error('the look-up returned no list of matches');
  } catch (error) {
    applyRegistryError(verdict, error);
    return;
  } finally {
    clearTimeout(timer); // a pending deadline would keep a CLI process alive after its last file
  }
  applyRegistryMatches(verdict, matches);
}
