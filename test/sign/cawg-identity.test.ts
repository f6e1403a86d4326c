// CAWG identity assertions in verdicts: the corpus file with an X.509 identity, and JPEGs the project signs
// itself with a named actor's X.509 identity (valid, tampered, by an unlisted signer, covering an
// assertion the claim does not hold). The engine validates each; the verdict names only valid ones.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortIssuer } from '../../src/verdict/identity.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import type { TrustConfig } from '../../src/verify/trust.ts';
import { CORPUS_FILES } from '../support/shared.ts';
import {
  AGGREGATED_ACTOR,
  AGGREGATOR,
  CLAIM_SIGNER,
  type IdentityFixtures,
  makeIdentityFixtures,
  NAMED_ACTOR,
  UNLISTED_ACTOR,
} from './identity-fixtures.ts';

let engine: Engine;
let fixtures: IdentityFixtures;
let anchored: TrustConfig;
let claimSignerOnly: TrustConfig;

beforeAll(async () => {
  engine = createNodeEngine({ timeoutMs: 30_000 });
  fixtures = await makeIdentityFixtures();
  anchored = { anchors: [], userAnchors: [{ id: 'user', name: 'Test anchors', pem: fixtures.anchorsPem }] };
  claimSignerOnly = {
    anchors: [{ id: 'newsroom', name: 'Newsroom list', pem: fixtures.claimSignerAnchorPem }],
  };
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
        codes: [
          'cawg.x509.credential.untrusted',
          'cawg.identity.well-formed',
          'cawg.x509.signature.validated',
        ],
      },
    ]);
    expect(verdict.evidence).toContain(
      'Identity: C2PA Test Signing Cert signed as named actor; its signer is on no trust list in force. It signed cawg.training-mining, c2pa.hash.data.',
    );
  });

  it('names the actor of a valid X.509 identity whose signer chains to an anchor in force: trusted', async () => {
    const verdict = await verifyAsset(fixtures.valid, { engine, trust: anchored });
    expect({ trust: verdict.trust, signer: verdict.signer?.name, identities: verdict.identities }).toEqual({
      trust: 'verified',
      signer: CLAIM_SIGNER,
      identities: [
        {
          label: 'cawg.identity',
          kind: 'x509',
          status: 'valid',
          name: NAMED_ACTOR,
          signerTrusted: true,
          trustList: 'Test anchors',
          accounts: [],
          covers: ['c2pa.hash.data', 'c2pa.actions.v2'],
          roles: ['cawg.creator'],
          codes: [
            'cawg.identity.well-formed',
            'cawg.x509.signature.validated',
            'cawg.x509.credential.trusted',
          ],
        },
      ],
    });
    expect(verdict.evidence).toContain(
      'Identity: Ana Example signed as named actor; its signer chains to Test anchors. It signed c2pa.hash.data, c2pa.actions.v2.',
    );
    expect(verdict.evidence[0]).toBe(
      'Signed by Harbour Newsroom (trusted: the certificate chains to Test anchors).',
    );
    expect(verdict.codes.map((c) => c.code)).not.toContain('signingCredential.untrusted');
  });

  it('reads the same identity as untrusted when its anchor is not in force', async () => {
    const verdict = await verifyAsset(fixtures.valid, { engine, trust: claimSignerOnly });
    expect({
      trust: verdict.trust,
      identities: verdict.identities?.map(({ status, name, signerTrusted, trustList, codes }) => ({
        status,
        name,
        signerTrusted,
        trustList,
        codes,
      })),
    }).toEqual({
      trust: 'verified',
      identities: [
        {
          status: 'valid',
          name: NAMED_ACTOR,
          signerTrusted: false,
          trustList: undefined,
          codes: [
            'cawg.x509.credential.untrusted',
            'cawg.identity.well-formed',
            'cawg.x509.signature.validated',
          ],
        },
      ],
    });
    expect(verdict.evidence[0]).toBe(
      'Signed by Harbour Newsroom (trusted: the certificate chains to Newsroom list); its identity assertion (CAWG) is signed by a signer on no list.',
    );
    expect(verdict.evidence).toContain(
      'Identity: Ana Example signed as named actor; its signer is on no trust list in force. It signed c2pa.hash.data, c2pa.actions.v2.',
    );
  });

  it('reads an identity as untrusted when no trust list is in force', async () => {
    const verdict = await verifyAsset(fixtures.valid, { engine, trust: null });
    expect(
      verdict.identities?.map(({ status, signerTrusted, codes }) => ({ status, signerTrusted, codes })),
    ).toEqual([
      {
        status: 'valid',
        signerTrusted: false,
        codes: [
          'cawg.x509.credential.untrusted',
          'cawg.identity.well-formed',
          'cawg.x509.signature.validated',
        ],
      },
    ]);
  });

  it('fails an identity whose certificate had expired when it signed, as the engine does', async () => {
    const verdict = await verifyAsset(fixtures.expired, { engine, trust: anchored });
    expect(
      verdict.identities?.map(({ status, name, signerTrusted, codes }) => ({
        status,
        name,
        signerTrusted,
        codes,
      })),
    ).toEqual([
      {
        status: 'invalid',
        name: undefined,
        signerTrusted: false,
        codes: ['signingCredential.expired'],
      },
    ]);
  });

  it('does not trust an identity signer without an EKU the trust configuration asks for', async () => {
    const documentSigningOnly = {
      ...anchored,
      trustConfig: '// id-kp-documentSigning\n1.3.6.1.5.5.7.3.36\n',
    };
    const verdict = await verifyAsset(fixtures.valid, { engine, trust: documentSigningOnly });
    const withEmail = await verifyAsset(fixtures.valid, {
      engine,
      trust: { ...anchored, trustConfig: '1.3.6.1.5.5.7.3.36\n1.3.6.1.5.5.7.3.4\n' },
    });
    expect([verdict, withEmail].map((v) => v.identities?.map((i) => [i.signerTrusted, i.codes]))).toEqual([
      [
        [
          false,
          ['cawg.x509.credential.invalid', 'cawg.identity.well-formed', 'cawg.x509.signature.validated'],
        ],
      ],
      [
        [
          true,
          ['cawg.identity.well-formed', 'cawg.x509.signature.validated', 'cawg.x509.credential.trusted'],
        ],
      ],
    ]);
  });

  it('shows a tampered identity signature as failing, with no name', async () => {
    const verdict = await verifyAsset(fixtures.tampered, { engine, trust: anchored });
    expect(verdict.identities).toEqual([
      {
        label: 'cawg.identity',
        kind: 'x509',
        status: 'invalid',
        signerTrusted: false,
        accounts: [],
        covers: ['c2pa.hash.data', 'c2pa.actions.v2'],
        roles: ['cawg.creator'],
        codes: ['cawg.x509.signature.mismatch'],
      },
    ]);
    expect(verdict.evidence).toContain(
      'A CAWG identity assertion (cawg.identity) fails validation (cawg.x509.signature.mismatch): it names no one. It signed c2pa.hash.data, c2pa.actions.v2.',
    );
  });

  it('names an identity whose signer is on no trust list, and says so', async () => {
    const verdict = await verifyAsset(fixtures.unlisted, { engine, trust: anchored });
    expect(
      verdict.identities?.map(({ status, name, signerTrusted }) => ({ status, name, signerTrusted })),
    ).toEqual([{ status: 'valid', name: UNLISTED_ACTOR, signerTrusted: false }]);
  });

  it('fails an identity that covers an assertion the claim does not hold, and the credential with it', async () => {
    const verdict = await verifyAsset(fixtures.missing, { engine, trust: anchored });
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
          codes: ['cawg.identity.assertion.mismatch'],
        },
      ],
    });
  });

  it('shows what an identity claims aggregator verified, and that the aggregator is on no list', async () => {
    const verdict = await verifyAsset(fixtures.aggregated, { engine, trust: anchored });
    expect({ trust: verdict.trust, identities: verdict.identities }).toEqual({
      trust: 'verified',
      identities: [
        {
          label: 'cawg.identity',
          kind: 'aggregator',
          status: 'valid',
          name: AGGREGATED_ACTOR,
          issuer: AGGREGATOR.did,
          signerTrusted: false,
          accounts: [
            {
              provider: 'Social Example',
              kind: 'cawg.social_media',
              name: AGGREGATED_ACTOR,
              username: 'bea.example',
              uri: 'https://social.example/@bea.example',
              verifiedAt: '2025-06-01T10:00:00Z',
            },
            {
              provider: 'bea.example',
              kind: 'cawg.web_site',
              uri: 'https://bea.example',
              verifiedAt: '2025-06-01T10:05:00Z',
            },
          ],
          covers: ['c2pa.hash.data', 'c2pa.actions.v2'],
          roles: ['cawg.creator'],
          codes: ['cawg.ica.untrusted_issuer', 'cawg.ica.credential_valid'],
        },
      ],
    });
    expect(verdict.evidence).toContain(
      `Identity: Bea Example, as an identity aggregator (${shortIssuer(AGGREGATOR.did)}) states, with verified accounts bea.example on Social Example; https://bea.example on bea.example; the aggregator is on no trust list in force, so this rests on its word alone. It signed c2pa.hash.data, c2pa.actions.v2.`,
    );
  });

  it('fails an aggregator identity whose credential signature was changed, with no name', async () => {
    const verdict = await verifyAsset(fixtures.aggregatedTampered, { engine, trust: anchored });
    expect(
      verdict.identities?.map(({ kind, status, name, accounts, codes }) => ({
        kind,
        status,
        name,
        accounts,
        codes,
      })),
    ).toEqual([
      {
        kind: 'aggregator',
        status: 'invalid',
        name: undefined,
        accounts: [],
        codes: ['cawg.ica.signature_mismatch'],
      },
    ]);
  });
});
