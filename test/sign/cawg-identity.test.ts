// CAWG identity assertions in verdicts: the corpus file with an X.509 identity, and JPEGs the project signs
// itself with a named actor's X.509 identity (valid, tampered, by an unlisted signer, covering an
// assertion the claim does not hold). The engine validates each; the verdict names only valid ones.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWithX509Identity, type X509IdentityInput } from '../../src/sign/cawg-identity.ts';
import { coseSigner } from '../../src/sign/cose-signer.ts';
import { initNodeEngine } from '../../src/sign/node-engine.ts';
import type { SignMediaOptions } from '../../src/sign/sign-media.ts';
import { createTestAuthority, type TestAuthority } from '../../src/sign/test-authority.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import type { TrustConfig } from '../../src/verify/trust.ts';
import { CORPUS_FILES } from '../support/shared.ts';

let engine: Engine;
let claimSigner: TestAuthority;
let actor: TestAuthority;
let stranger: TestAuthority;
let anchored: TrustConfig;
const signed: Record<string, Uint8Array> = {};

async function signAs(identity: X509IdentityInput): Promise<Uint8Array> {
  const jpeg = new Uint8Array(
    await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 70, g: 100, b: 140 } } })
      .jpeg()
      .toBuffer(),
  );
  const options: SignMediaOptions = {
    bytes: jpeg,
    mediaType: 'image/jpeg',
    signer: coseSigner({ certChainDer: claimSigner.certChainDer, privateKey: claimSigner.signer.privateKey }),
    manifest: {
      title: 'harbour.jpg',
      actions: [{ action: 'c2pa.created', digitalSourceType: 'digitalCapture' }],
    },
  };
  return signWithX509Identity(options, identity);
}

const byActor = (extra: Partial<X509IdentityInput> = {}): X509IdentityInput => ({
  certChainDer: actor.certChainDer,
  privateKey: actor.signer.privateKey,
  referencedAssertions: ['c2pa.actions.v2'],
  roles: ['cawg.creator'],
  ...extra,
});

beforeAll(async () => {
  initNodeEngine();
  engine = createNodeEngine({ timeoutMs: 30_000 });
  claimSigner = await createTestAuthority({ name: 'Harbour Newsroom', seed: 'cawg claim signer 1' });
  actor = await createTestAuthority({ name: 'Ana Example', seed: 'cawg named actor 1' });
  stranger = await createTestAuthority({ name: 'Unlisted Person', seed: 'cawg unlisted actor 1' });
  anchored = {
    anchors: [],
    userAnchors: [
      {
        id: 'user',
        name: 'Test anchors',
        pem: `${claimSigner.ca.certificatePem}\n${actor.ca.certificatePem}`,
      },
    ],
  };
  signed.valid = await signAs(byActor());
  signed.tampered = await signAs(
    byActor({
      tamper: (signature) => {
        const changed = signature.slice();
        changed[changed.length - 10] = (changed[changed.length - 10] ?? 0) ^ 0xff; // inside r||s
        return changed;
      },
    }),
  );
  signed.unlisted = await signAs({
    ...byActor(),
    certChainDer: stranger.certChainDer,
    privateKey: stranger.signer.privateKey,
  });
  signed.missing = await signAs(byActor({ missingAssertions: ['c2pa.ingredient.v3'] }));
}, 120_000);

afterAll(async () => {
  await engine.close();
});

describe('CAWG identity in the verdict', () => {
  it('names the X.509 identity of the corpus file and what it signed', async () => {
    const bytes = new Uint8Array(readFileSync(`${CORPUS_FILES}rs-C_with_CAWG_data.jpg`));
    const verdict = await verifyAsset(bytes, { engine, trust: null });
    expect(verdict.identities).toEqual([
      {
        label: 'cawg.identity',
        kind: 'x509',
        status: 'valid',
        name: 'C2PA Test Signing Cert',
        signerTrusted: false,
        accounts: [],
        covers: ['cawg.training-mining', 'c2pa.hash.data'],
        roles: [],
        codes: ['signingCredential.untrusted', 'cawg.identity.well-formed'],
      },
    ]);
    expect(verdict.evidence).toContain(
      'Identity: C2PA Test Signing Cert signed as named actor; its signer is on no trust list in force. It signed cawg.training-mining, c2pa.hash.data.',
    );
  });

  it('names the actor of a valid X.509 identity, its role and the assertions it covers', async () => {
    const verdict = await verifyAsset(signed.valid as Uint8Array, { engine, trust: anchored });
    expect({ signer: verdict.signer?.name, identities: verdict.identities }).toEqual({
      signer: 'Harbour Newsroom',
      identities: [
        {
          label: 'cawg.identity',
          kind: 'x509',
          status: 'valid',
          name: 'Ana Example',
          signerTrusted: false,
          accounts: [],
          covers: ['c2pa.hash.data', 'c2pa.actions.v2'],
          roles: ['cawg.creator'],
          codes: ['signingCredential.untrusted', 'cawg.identity.well-formed'],
        },
      ],
    });
  });

  it('shows a tampered identity signature as failing, with no name', async () => {
    const verdict = await verifyAsset(signed.tampered as Uint8Array, { engine, trust: anchored });
    expect(verdict.identities).toEqual([
      {
        label: 'cawg.identity',
        kind: 'x509',
        status: 'invalid',
        signerTrusted: false,
        accounts: [],
        covers: ['c2pa.hash.data', 'c2pa.actions.v2'],
        roles: ['cawg.creator'],
        codes: ['signingCredential.untrusted'],
      },
    ]);
    expect(verdict.evidence).toContain(
      'A CAWG identity assertion (cawg.identity) fails validation (signingCredential.untrusted): it names no one. It signed c2pa.hash.data, c2pa.actions.v2.',
    );
  });

  it('names an identity whose signer is on no trust list, and says so', async () => {
    const verdict = await verifyAsset(signed.unlisted as Uint8Array, { engine, trust: anchored });
    expect(
      verdict.identities?.map(({ status, name, signerTrusted }) => ({ status, name, signerTrusted })),
    ).toEqual([{ status: 'valid', name: 'Unlisted Person', signerTrusted: false }]);
  });

  it('fails an identity that covers an assertion the claim does not hold, and the credential with it', async () => {
    const verdict = await verifyAsset(signed.missing as Uint8Array, { engine, trust: anchored });
    expect({
      trust: verdict.trust,
      identities: verdict.identities?.map(({ status, name, covers, codes }) => ({
        status,
        name,
        covers,
        codes,
      })),
    }).toEqual({
      trust: 'invalid',
      identities: [
        {
          status: 'invalid',
          name: undefined,
          covers: ['c2pa.hash.data', 'c2pa.actions.v2', 'c2pa.ingredient.v3'],
          codes: [
            'cawg.identity.assertion.mismatch',
            'signingCredential.untrusted',
            'cawg.identity.well-formed',
          ],
        },
      ],
    });
  });
});
