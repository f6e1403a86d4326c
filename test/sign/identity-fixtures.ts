// JPEGs signed by the project with a named actor's X.509 CAWG identity: valid, tampered, by an unlisted
// or an expired signer, and covering an assertion the claim does not hold; other formats signed alike.
// Shared by the verdict, CLI and browser tests.
import sharp from 'sharp';
import { projectTestAuthority } from '../../demo/media/generate.ts';
import { didJwkIssuer, signWithAggregatorIdentity } from '../../src/sign/cawg-aggregator.ts';
import { signWithX509Identity, type X509IdentityInput } from '../../src/sign/cawg-identity.ts';
import { coseSigner } from '../../src/sign/cose-signer.ts';
import { initNodeEngine } from '../../src/sign/node-engine.ts';
import { createTestAuthority, issueSigner } from '../../src/sign/test-authority.ts';

export const CLAIM_SIGNER = 'Harbour Newsroom';
export const NAMED_ACTOR = 'Ana Example';
export const UNLISTED_ACTOR = 'Unlisted Person';
export const EXPIRED_ACTOR = 'Lapsed Person';
export const AGGREGATED_ACTOR = 'Bea Example';
/** The aggregator the project makes for its tests: a did:jwk on no list. */
export const AGGREGATOR = didJwkIssuer('cawg aggregator 1');
export const VERIFIED_IDENTITIES = [
  {
    type: 'cawg.social_media',
    name: AGGREGATED_ACTOR,
    username: 'bea.example',
    uri: 'https://social.example/@bea.example',
    verifiedAt: '2025-06-01T10:00:00Z',
    provider: { id: 'https://social.example', name: 'Social Example' },
  },
  {
    type: 'cawg.web_site',
    uri: 'https://bea.example',
    verifiedAt: '2025-06-01T10:05:00Z',
    provider: { id: 'https://bea.example', name: 'bea.example' },
  },
];

export interface IdentityFixtures {
  valid: Uint8Array;
  tampered: Uint8Array;
  unlisted: Uint8Array;
  missing: Uint8Array;
  /** Signed by a named actor whose certificate had expired before it was used. */
  expired: Uint8Array;
  /** An identity claims aggregator's credential (issuer: AGGREGATOR) naming AGGREGATED_ACTOR. */
  aggregated: Uint8Array;
  /** The same with the aggregator's signature changed. */
  aggregatedTampered: Uint8Array;
  /** PEM of the claim signer's CA and of the project's test authority (not the unlisted actor's CA). */
  anchorsPem: string;
  /** PEM of the claim signer's CA alone: the named actor's signer is on no list then. */
  claimSignerAnchorPem: string;
  /** Signs other media as `valid` is signed: the claim signer's credential with the named actor's identity. */
  signOther: (bytes: Uint8Array, mediaType: string) => Promise<Uint8Array>;
}

/** Flips a byte inside the raw signature at the end of a COSE_Sign1 (r||s, or Ed25519's R||S). */
function flipInSignature(signature: Uint8Array): Uint8Array {
  const changed = signature.slice();
  changed[changed.length - 10] = (changed[changed.length - 10] ?? 0) ^ 0xff;
  return changed;
}

export async function makeIdentityFixtures(): Promise<IdentityFixtures> {
  initNodeEngine();
  const claimSigner = await createTestAuthority({ name: CLAIM_SIGNER, seed: 'cawg claim signer 1' });
  // The named actor's certificate comes from the project's test authority, the anchor the demo trusts.
  const project = await projectTestAuthority();
  const actor = await issueSigner(project, { name: NAMED_ACTOR, seed: 'cawg named actor 1' });
  const stranger = await createTestAuthority({ name: UNLISTED_ACTOR, seed: 'cawg unlisted actor 1' });
  const lapsed = await issueSigner(project, {
    name: EXPIRED_ACTOR,
    seed: 'cawg expired actor 1',
    validity: {
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    },
  });
  const jpeg = new Uint8Array(
    await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 70, g: 100, b: 140 } } })
      .jpeg()
      .toBuffer(),
  );
  const signAs = (
    extra: Partial<X509IdentityInput> = {},
    bytes: Uint8Array = jpeg,
    mediaType = 'image/jpeg',
  ) =>
    signWithX509Identity(
      {
        bytes,
        mediaType,
        signer: coseSigner({
          certChainDer: claimSigner.certChainDer,
          privateKey: claimSigner.signer.privateKey,
        }),
        manifest: {
          title: `harbour.${mediaType.split('/')[1]}`,
          actions: [{ action: 'c2pa.created', digitalSourceType: 'digitalCapture' }],
        },
      },
      {
        certChainDer: actor.certChainDer,
        privateKey: actor.signer.privateKey,
        referencedAssertions: ['c2pa.actions.v2'],
        roles: ['cawg.creator'],
        ...extra,
      },
    );
  const claimOptions = {
    bytes: jpeg,
    mediaType: 'image/jpeg',
    signer: coseSigner({ certChainDer: claimSigner.certChainDer, privateKey: claimSigner.signer.privateKey }),
    manifest: {
      title: 'harbour-aggregated.jpg',
      actions: [{ action: 'c2pa.created', digitalSourceType: 'digitalCapture' }],
    },
  };
  const aggregatedAs = (tamper?: (signature: Uint8Array) => Uint8Array) =>
    signWithAggregatorIdentity(claimOptions, {
      issuer: AGGREGATOR,
      verifiedIdentities: VERIFIED_IDENTITIES,
      referencedAssertions: ['c2pa.actions.v2'],
      roles: ['cawg.creator'],
      ...(tamper ? { tamper } : {}),
    });
  return {
    aggregated: await aggregatedAs(),
    aggregatedTampered: await aggregatedAs(flipInSignature),
    valid: await signAs(),
    tampered: await signAs({ tamper: flipInSignature }),
    unlisted: await signAs({ certChainDer: stranger.certChainDer, privateKey: stranger.signer.privateKey }),
    missing: await signAs({ missingAssertions: ['c2pa.ingredient.v3'] }),
    expired: await signAs({ certChainDer: lapsed.certChainDer, privateKey: lapsed.signer.privateKey }),
    anchorsPem: `${claimSigner.ca.certificatePem}\n${project.ca.certificatePem}`,
    claimSignerAnchorPem: claimSigner.ca.certificatePem,
    signOther: (bytes, mediaType) => signAs({}, bytes, mediaType),
  };
}
