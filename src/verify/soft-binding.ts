// Soft bindings a credential declares, decoded for the registry look-up.
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64ToBytes } from '../encoding/base64.ts';
import type { Fingerprint } from '../fingerprint/types.ts';
import type { Verdict } from '../verdict/types.ts';

/** A `pdq` soft binding as 64 lower-case hex digits (written as hex, or base64 as the C2PA spec shows). */
export function pdqFromSoftBinding(value: string): string | undefined {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text)) return undefined;
  const bytes = base64ToBytes(text.length === 43 ? `${text}=` : text);
  return bytes.length === 32 ? bytesToHex(bytes) : undefined;
}

/** The PDQ hash the manifest declares, standing in when the content itself could not be hashed. */
export function declaredPdq(verdict: Verdict): Fingerprint | undefined {
  const value = (verdict.softBindings ?? [])
    .filter((binding) => binding.algorithm === 'pdq')
    .map((binding) => pdqFromSoftBinding(binding.value))
    .find((hex): hex is string => hex !== undefined);
  return value ? { algorithm: 'pdq', value, bits: 256 } : undefined;
}
