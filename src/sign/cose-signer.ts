// The claim signer the C2PA engine calls: it returns a complete COSE_Sign1 (RFC 9052) over the claim.
import { p256 } from '@noble/curves/nist.js';
import { encode, Tagged } from 'cborg';

/** What the wasm engine's `WasmBuilder.sign` takes as its signer. */
export interface SignerDefinition {
  alg: 'es256';
  reserveSize: number;
  sign: (claimBytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>;
}

export interface CoseSignerOptions {
  /** End-entity certificate first, then intermediates; the trust anchor itself is left out. */
  certChainDer: Uint8Array[];
  /** Raw 32-byte P-256 scalar (signed with noble), or a WebCrypto ECDSA P-256 private key. */
  privateKey: Uint8Array | CryptoKey;
  /** Bytes reserved in the file for the signature (default: chain size + 1 KiB). */
  reserveSize?: number;
}

/** COSE (RFC 9052): the CBOR tag of a COSE_Sign1, and the protected header's algorithm label. */
export const COSE_SIGN1_TAG = 18;
export const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;
const ALG_ES256 = -7;

async function es256(message: Uint8Array, privateKey: Uint8Array | CryptoKey): Promise<Uint8Array> {
  if (privateKey instanceof Uint8Array) {
    if (privateKey.length !== 32) throw new Error('coseSigner: a raw P-256 private key is 32 bytes');
    return p256.sign(message, privateKey, { prehash: true, lowS: false });
  }
  // WebCrypto's ECDSA already returns the raw r||s form COSE wants.
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    privateKey,
    message as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(signature);
}

/** Length of a CBOR byte string header for a payload of `n` bytes. */
function byteStringHeaderLength(n: number): number {
  if (n < 24) return 1;
  if (n < 0x100) return 2;
  if (n < 0x10000) return 3;
  return 5;
}

/** Unprotected padding entries that add exactly `extra` bytes to an empty-padding encoding. */
function paddingFor(extra: number): Map<string, Uint8Array> {
  // One "pad" byte string grows by 1 per byte except at header-size steps; a second one bridges those.
  for (const second of [-1, 0, 1, 2, 3]) {
    const padding = new Map<string, Uint8Array>();
    let remaining = extra;
    if (second >= 0) {
      remaining -= 'pad2'.length + 1 + 1 + second; // key string, header and content of "pad2"
      padding.set('pad2', new Uint8Array(second));
    }
    if (remaining < 0) continue;
    for (let n = remaining; n >= 0 && n >= remaining - 4; n--) {
      if (n + byteStringHeaderLength(n) - 1 === remaining) {
        padding.set('pad', new Uint8Array(n));
        return padding;
      }
    }
  }
  throw new Error(`coseSigner: cannot pad the signature by ${extra} bytes`);
}

/** The bytes a COSE_Sign1 signs (its Sig_structure, no external data). */
export function sigStructure(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  return encode(['Signature1', protectedHeader, new Uint8Array(0), payload]);
}

/** Builds a tagged COSE_Sign1 with a detached payload, padded to exactly `reserveSize` bytes. */
export async function coseSign1(
  claimBytes: Uint8Array,
  certChainDer: Uint8Array[],
  privateKey: Uint8Array | CryptoKey,
  reserveSize: number,
): Promise<Uint8Array> {
  const [leaf] = certChainDer;
  if (!leaf) throw new Error('coseSigner: certChainDer needs the end-entity certificate');
  const protectedHeader = encode(
    new Map<number, number | Uint8Array | Uint8Array[]>([
      [HEADER_ALG, ALG_ES256],
      [HEADER_X5CHAIN, certChainDer.length === 1 ? leaf : certChainDer],
    ]),
  );
  const toBeSigned = sigStructure(protectedHeader, claimBytes);
  const signature = await es256(toBeSigned, privateKey);
  const build = (unprotected: Map<string, Uint8Array>) =>
    encode(new Tagged(COSE_SIGN1_TAG, [protectedHeader, unprotected, null, signature]));
  const unpadded = build(new Map([['pad', new Uint8Array(0)]]));
  const extra = reserveSize - unpadded.length;
  if (extra < 0) {
    throw new Error(
      `coseSigner: signature needs ${unpadded.length} bytes but only ${reserveSize} are reserved`,
    );
  }
  const padded = build(paddingFor(extra));
  if (padded.length !== reserveSize) {
    throw new Error(`coseSigner: padded signature is ${padded.length} bytes, expected ${reserveSize}`);
  }
  return padded;
}

/** A C2PA signer for ES256 (P-256) keys: the engine passes the claim, this returns the COSE_Sign1. */
export function coseSigner(options: CoseSignerOptions): SignerDefinition {
  const chain = options.certChainDer;
  if (chain.length === 0) throw new Error('coseSigner: certChainDer needs the end-entity certificate');
  const chainBytes = chain.reduce((sum, der) => sum + der.length, 0);
  const reserveSize = options.reserveSize ?? chainBytes + 1024;
  return {
    alg: 'es256',
    reserveSize,
    sign: async (claimBytes) =>
      (await coseSign1(claimBytes, chain, options.privateKey, reserveSize)) as Uint8Array<ArrayBuffer>,
  };
}
