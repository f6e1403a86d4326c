// The COSE_Sign1 the engine embeds: structure, signature and exact size.
import { p256 } from '@noble/curves/nist.js';
import { decode, encode, Tagged } from 'cborg';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { coseSign1, coseSigner } from '../../src/sign/cose-signer.ts';
import { createTestAuthority, p256Pkcs8Der, type TestAuthority } from '../../src/sign/test-authority.ts';

let authority: TestAuthority;
const claim = new TextEncoder().encode('claim bytes the engine would pass');

beforeAll(async () => {
  authority = await createTestAuthority({ name: 'COSE Test', seed: 'cose' });
});

interface DecodedSign1 {
  tag: number;
  protectedHeader: Map<number, unknown>;
  unprotected: Map<string, Uint8Array>;
  payload: unknown;
  signature: Uint8Array;
  protectedBytes: Uint8Array;
}

function decodeSign1(bytes: Uint8Array): DecodedSign1 {
  const tagged = decode(bytes, { tags: Tagged.preserve(18), useMaps: true }) as Tagged;
  const [protectedBytes, unprotected, payload, signature] = tagged.value as [
    Uint8Array,
    Map<string, Uint8Array>,
    unknown,
    Uint8Array,
  ];
  return {
    tag: tagged.tag,
    protectedHeader: decode(protectedBytes, { useMaps: true }) as Map<number, unknown>,
    unprotected,
    payload,
    signature,
    protectedBytes,
  };
}

function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encode(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

describe('coseSigner', () => {
  it('returns a tagged COSE_Sign1 with ES256, the x5chain and a detached payload', async () => {
    const signer = coseSigner({
      certChainDer: authority.certChainDer,
      privateKey: authority.signer.privateKey,
    });
    const sign1 = decodeSign1(await signer.sign(claim as Uint8Array<ArrayBuffer>));
    expect(sign1.tag).toBe(18);
    expect([...sign1.protectedHeader.keys()]).toEqual([1, 33]);
    expect(sign1.protectedHeader.get(1)).toBe(-7);
    expect(sign1.protectedHeader.get(33)).toEqual(authority.signer.certificateDer);
    expect(sign1.payload).toBeNull();
    expect(sign1.signature.length).toBe(64);
  });

  it('signs the Sig_structure over the claim with the certificate key', async () => {
    const signer = coseSigner({
      certChainDer: authority.certChainDer,
      privateKey: authority.signer.privateKey,
    });
    const sign1 = decodeSign1(await signer.sign(claim as Uint8Array<ArrayBuffer>));
    const publicKey = p256.getPublicKey(authority.signer.privateKey, false);
    expect(
      p256.verify(sign1.signature, sigStructure(sign1.protectedBytes, claim), publicKey, { lowS: false }),
    ).toBe(true);
    const otherClaim = new TextEncoder().encode('different claim');
    expect(
      p256.verify(sign1.signature, sigStructure(sign1.protectedBytes, otherClaim), publicKey, {
        lowS: false,
      }),
    ).toBe(false);
  });

  it('signs with a WebCrypto key as well', async () => {
    const key = await crypto.subtle.importKey(
      'pkcs8',
      p256Pkcs8Der(authority.signer.privateKey) as Uint8Array<ArrayBuffer>,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const signer = coseSigner({ certChainDer: authority.certChainDer, privateKey: key });
    const sign1 = decodeSign1(await signer.sign(claim as Uint8Array<ArrayBuffer>));
    const publicKey = p256.getPublicKey(authority.signer.privateKey, false);
    expect(
      p256.verify(sign1.signature, sigStructure(sign1.protectedBytes, claim), publicKey, { lowS: false }),
    ).toBe(true);
  });

  it('writes a chain with intermediates as an array, end entity first', async () => {
    const chain = [authority.signer.certificateDer, authority.ca.certificateDer];
    const sign1 = decodeSign1(await coseSign1(claim, chain, authority.signer.privateKey, 4096));
    expect(sign1.protectedHeader.get(33)).toEqual(chain);
  });

  /** The smallest reserveSize that fits, from the signer's own error message. */
  async function minimumSize(chain: Uint8Array[]): Promise<number> {
    const error = await coseSign1(claim, chain, authority.signer.privateKey, 1).catch((e: Error) => e);
    const needed = /needs (\d+) bytes/.exec(String(error))?.[1];
    if (!needed) throw new Error(`unexpected: ${String(error)}`);
    return Number(needed);
  }

  it('is exactly reserveSize bytes from the minimum up across every CBOR length-header step', async () => {
    const minimum = await minimumSize(authority.certChainDer);
    // Pad lengths 0-300 cross the 1-to-2 (24) and 2-to-3 (256) byte header steps of a CBOR byte string.
    for (let size = minimum; size <= minimum + 300; size++) {
      const bytes = await coseSign1(claim, authority.certChainDer, authority.signer.privateKey, size);
      expect(bytes.length).toBe(size);
    }
  });

  it('is exactly reserveSize bytes for large reservations too', async () => {
    const minimum = await minimumSize(authority.certChainDer);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 70_000 }), async (extra) => {
        const bytes = await coseSign1(
          claim,
          authority.certChainDer,
          authority.signer.privateKey,
          minimum + extra,
        );
        expect(bytes.length).toBe(minimum + extra);
        expect(decodeSign1(bytes).signature.length).toBe(64);
      }),
      { numRuns: 40 },
    );
  });

  it('says how many bytes it needs when reserveSize is too small', async () => {
    await expect(coseSign1(claim, authority.certChainDer, authority.signer.privateKey, 100)).rejects.toThrow(
      /signature needs \d+ bytes but only 100 are reserved/,
    );
  });

  it('rejects an empty certificate chain', () => {
    expect(() => coseSigner({ certChainDer: [], privateKey: authority.signer.privateKey })).toThrow(
      'certChainDer needs the end-entity certificate',
    );
  });

  it('reserves the chain size plus 1 KiB by default', () => {
    const signer = coseSigner({
      certChainDer: authority.certChainDer,
      privateKey: authority.signer.privateKey,
    });
    expect(signer.reserveSize).toBe(authority.signer.certificateDer.length + 1024);
    expect(signer.alg).toBe('es256');
  });
});
