// Content hash and fingerprints of a file on disk, for registering and looking it up (Node only).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FingerprintError, fingerprintFile } from '../fingerprint/node-fingerprint.ts';
import type { Fingerprint } from '../fingerprint/types.ts';

export interface FileIdentity {
  sha256: string;
  fingerprints: Fingerprint[];
  /** Why there are no fingerprints, when there are none. */
  fingerprintNote?: string;
}

export async function identifyFile(path: string): Promise<FileIdentity> {
  const bytes = await readFile(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    return { sha256, fingerprints: await fingerprintFile(path) };
  } catch (error) {
    // Files without a perceptual fingerprint (a dataset card, a model file) are still registered by hash.
    if (error instanceof FingerprintError) {
      return { sha256, fingerprints: [], fingerprintNote: `no fingerprint for this file: ${error.message}` };
    }
    throw error;
  }
}

/** Fingerprints that fit the registry's 64-bit soft bindings. */
export function onChainFingerprints(
  fingerprints: readonly Fingerprint[],
): { algorithm: string; value: string }[] {
  return fingerprints
    .filter((f) => f.bits === 64 && /^[0-9a-f]{16}$/.test(f.value))
    .map((f) => ({ algorithm: f.algorithm, value: f.value }));
}
