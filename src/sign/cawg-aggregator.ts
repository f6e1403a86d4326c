// An identity claims aggregator's CAWG identity (sig_type `cawg.identity_claims_aggregation`): a W3C
// verifiable credential (VC 2.0) in which an issuer, named by a did:jwk, states the accounts and names it
// verified for the named actor and binds them to the signer payload (`c2paAsset`), secured with COSE
// (an Ed25519 COSE_Sign1 carrying the credential, content type `application/vc`).
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64, base64urlnopad } from '@scure/base';
import { encode, Tagged } from 'cborg';
import { type IdentityInput, type ReferencedAssertion, signWithIdentity } from './cawg-identity.ts';
import { COSE_SIGN1_TAG, HEADER_ALG, sigStructure } from './cose-signer.ts';
import type { SignMediaOptions } from './sign-media.ts';

const SIG_TYPE_ICA = 'cawg.identity_claims_aggregation';
const HEADER_CONTENT_TYPE = 3;
const ALG_EDDSA = -8;

/** The aggregator: the DID it is known by and the Ed25519 key behind it. */
export interface AggregatorIssuer {
  /** `did:jwk:…`, the public key itself, so no resolver is needed to check the credential. */
  did: string;
  /** Raw 32-byte Ed25519 secret key. */
  secretKey: Uint8Array;
}

/** One account or name the aggregator verified (CAWG `verifiedIdentities` entry). */
export interface VerifiedIdentityInput {
  /** e.g. `cawg.social_media`, `cawg.web_site`, `cawg.document_verification`. */
  type: string;
  name?: string;
  username?: string;
  uri?: string;
  /** RFC 3339 time the aggregator verified it. */
  verifiedAt: string;
  provider: { id: string; name: string };
}

export interface AggregatorIdentityInput extends IdentityInput {
  issuer: AggregatorIssuer;
  verifiedIdentities: VerifiedIdentityInput[];
  /** RFC 3339 start of the credential's validity (default 2025-01-01). */
  validFrom?: string;
}

/** A did:jwk aggregator; the same seed gives the same key and DID. */
export function didJwkIssuer(seed?: string): AggregatorIssuer {
  const secretKey =
    seed === undefined
      ? ed25519.utils.randomSecretKey()
      : sha512(utf8ToBytes(`provenance-lens aggregator|${seed}`)).slice(0, 32);
  const x = base64urlnopad.encode(ed25519.getPublicKey(secretKey));
  // c2pa-rs decodes the DID's base64url strictly (padding where due): a JWK whose JSON length is a
  // multiple of 3 needs no padding, and JSON allows the spaces that make it so.
  let jwk = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  while (utf8ToBytes(jwk).length % 3 !== 0) jwk = `${jwk.slice(0, -1)} }`;
  return { did: `did:jwk:${base64urlnopad.encode(utf8ToBytes(jwk))}`, secretKey };
}

/** The credential, with the signer payload's byte strings in standard base64 (as CAWG asks). */
function credential(
  identity: AggregatorIdentityInput,
  referenced: ReferencedAssertion[],
  roles: string[],
): Uint8Array {
  const vc = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://cawg.io/identity/1.1/ica/context/'],
    type: ['VerifiableCredential', 'IdentityClaimsAggregationCredential'],
    issuer: identity.issuer.did,
    validFrom: identity.validFrom ?? '2025-01-01T00:00:00Z',
    credentialSubject: {
      verifiedIdentities: identity.verifiedIdentities,
      c2paAsset: {
        referenced_assertions: referenced.map((r) => ({ url: r.url, hash: base64.encode(r.hash) })),
        sig_type: SIG_TYPE_ICA,
        ...(roles.length > 0 ? { role: roles } : {}),
      },
    },
  };
  return utf8ToBytes(JSON.stringify(vc));
}

/** A COSE_Sign1 carrying the credential, signed with the aggregator's Ed25519 key. */
function secureCredential(vc: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const protectedHeader = encode(
    new Map<number, number | string>([
      [HEADER_ALG, ALG_EDDSA],
      [HEADER_CONTENT_TYPE, 'application/vc'],
    ]),
  );
  const signature = ed25519.sign(sigStructure(protectedHeader, vc), secretKey);
  return encode(new Tagged(COSE_SIGN1_TAG, [protectedHeader, new Map(), vc, signature]));
}

/** Signs media with its claim signer and an identity claims aggregator's CAWG identity. */
export function signWithAggregatorIdentity(
  options: SignMediaOptions,
  identity: AggregatorIdentityInput,
): Promise<Uint8Array> {
  const roles = identity.roles ?? [];
  // The credential's size depends only on the URLs, not on the hash values: measure it with stand-ins.
  const urls = [
    'c2pa.hash.bmff.v3',
    ...(identity.referencedAssertions ?? []),
    ...(identity.missingAssertions ?? []),
  ];
  const standIn = urls.map((label) => ({
    url: `self#jumbf=c2pa.assertions/${label}`,
    hash: new Uint8Array(32),
  }));
  const signatureSize =
    secureCredential(credential(identity, standIn, roles), identity.issuer.secretKey).length + 64;
  return signWithIdentity(options, identity, {
    sigType: SIG_TYPE_ICA,
    signatureSize,
    sign: async ({ referenced }) =>
      secureCredential(credential(identity, referenced, roles), identity.issuer.secretKey),
  });
}
