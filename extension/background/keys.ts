// The extension's own registration key: a secp256k1 key made on first use, kept in extension storage only
// encrypted under the person's passphrase (PBKDF2-SHA-256 → AES-256-GCM, WebCrypto), never sent anywhere.
// Unlocked keys stay in memory for a few minutes so "register" then "support the creators" asks once.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { readLocal, writeLocal } from '../platform/background.ts';

const STORE_KEY = 'registrationKey';
const PBKDF2_ITERATIONS = 600_000;
const UNLOCKED_FOR_MS = 10 * 60 * 1000;
export const MIN_PASSPHRASE_LENGTH = 8;

/** The key as stored: only the address is readable without the passphrase. */
export interface SealedKey {
  version: 1;
  address: string;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  ciphertext: string;
}

export interface UnlockedKey {
  address: string;
  /** 32 bytes. */
  secret: Uint8Array;
}

const toHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string): Uint8Array =>
  Uint8Array.from(hex.replace(/^0x/, '').match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

/** EIP-55 checksummed address of a secret key. */
export function addressOf(secret: Uint8Array): string {
  const publicKey = secp256k1.getPublicKey(secret, false);
  const lower = toHex(keccak_256(publicKey.subarray(1)).subarray(-20));
  const hash = toHex(keccak_256(new TextEncoder().encode(lower)));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const c = lower[i]!;
    out += Number.parseInt(hash[i]!, 16) >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

/** A 65-byte Ethereum signature (r ‖ s ‖ v, v = 27 or 28) of a 32-byte digest, e.g. an EIP-712 hash. */
export function signDigest(secret: Uint8Array, digestHex: string): string {
  const digest = fromHex(digestHex);
  if (digest.length !== 32) throw new TypeError('signDigest needs a 32-byte digest.');
  // noble's "recovered" format puts the recovery bit first; Ethereum puts it last, plus 27.
  const recovered = secp256k1.sign(digest, secret, { prehash: false, format: 'recovered' });
  return `0x${toHex(recovered.subarray(1))}${(27 + recovered[0]!).toString(16)}`;
}

async function wrappingKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function sealKey(secret: Uint8Array, passphrase: string): Promise<SealedKey> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const address = addressOf(secret);
  const key = await wrappingKey(passphrase, salt, PBKDF2_ITERATIONS);
  // The address is bound as associated data: a stored record with a swapped address does not open.
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(address) },
    key,
    secret as Uint8Array<ArrayBuffer>,
  );
  return {
    version: 1,
    address,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt: toHex(salt) },
    cipher: { name: 'AES-GCM', iv: toHex(iv) },
    ciphertext: toHex(new Uint8Array(ciphertext)),
  };
}

export async function openKey(sealed: SealedKey, passphrase: string): Promise<UnlockedKey> {
  const key = await wrappingKey(passphrase, fromHex(sealed.kdf.salt), sealed.kdf.iterations);
  let secret: Uint8Array;
  try {
    secret = new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: fromHex(sealed.cipher.iv) as Uint8Array<ArrayBuffer>,
          additionalData: new TextEncoder().encode(sealed.address),
        },
        key,
        fromHex(sealed.ciphertext) as Uint8Array<ArrayBuffer>,
      ),
    );
  } catch {
    throw new Error('That passphrase does not unlock your registration key.');
  }
  if (addressOf(secret) !== sealed.address) throw new Error('The stored registration key is damaged.');
  return { address: sealed.address, secret };
}

export interface KeyStatus {
  /** Absent until the first registration creates the key. */
  address?: string;
  unlocked: boolean;
}

let unlocked: { key: UnlockedKey; until: number } | undefined;

function current(): UnlockedKey | undefined {
  if (unlocked && unlocked.until > Date.now()) return unlocked.key;
  unlocked = undefined;
  return undefined;
}

export async function keyStatus(): Promise<KeyStatus> {
  const sealed = await readLocal<SealedKey>(STORE_KEY);
  return { ...(sealed ? { address: sealed.address } : {}), unlocked: current() !== undefined };
}

/**
 * The unlocked key: from memory, or opened with `passphrase`, or created with it on first use.
 * Without a passphrase and with the key locked, says so.
 */
export async function unlockKey(passphrase: string | undefined): Promise<UnlockedKey> {
  const held = current();
  if (held && passphrase === undefined) return held;
  if (passphrase === undefined || passphrase === '')
    throw new Error('Enter your passphrase to unlock your registration key.');
  const sealed = await readLocal<SealedKey>(STORE_KEY);
  let key: UnlockedKey;
  if (!sealed) {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new Error(
        `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters: it protects your registration key.`,
      );
    }
    const secret = secp256k1.utils.randomSecretKey();
    await writeLocal(STORE_KEY, await sealKey(secret, passphrase));
    key = { address: addressOf(secret), secret };
  } else {
    key = await openKey(sealed, passphrase);
  }
  unlocked = { key, until: Date.now() + UNLOCKED_FOR_MS };
  return key;
}

/** The private key in hex, for moving it to a wallet: only on explicit request, with the passphrase again. */
export async function exportKey(passphrase: string): Promise<{ address: string; privateKey: string }> {
  const sealed = await readLocal<SealedKey>(STORE_KEY);
  if (!sealed) throw new Error('There is no registration key yet: it is made on your first registration.');
  const key = await openKey(sealed, passphrase);
  return { address: key.address, privateKey: `0x${toHex(key.secret)}` };
}

export function lockKey(): void {
  unlocked = undefined;
}
