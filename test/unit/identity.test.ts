// How an identity claims aggregator's identity reads in a verdict, from a store shaped as c2pa-rs 0.90.1
// reports a validated one (its credential summary replaces the assertion: issuer, verifiedIdentities,
// c2paAsset). The project cannot sign such a credential itself yet, so this covers the mapping only.
import { describe, expect, it } from 'vitest';
import { identitiesOf } from '../../src/verdict/identity.ts';
import type { ManifestStoreJson } from '../../src/verify/engine/protocol.ts';

const LABEL = 'urn:c2pa:8a1c2f3e-0000-4000-8000-000000000001';
const AT = `self#jumbf=/c2pa/${LABEL}/c2pa.assertions/cawg.identity`;

function store(success: string[], failure: string[] = []): ManifestStoreJson {
  return {
    active_manifest: LABEL,
    manifests: {
      [LABEL]: {
        assertions: [
          {
            label: 'cawg.identity',
            data: {
              '@context': [
                'https://www.w3.org/ns/credentials/v2',
                'https://cawg.io/identity/1.1/ica/context/',
              ],
              type: ['VerifiableCredential', 'IdentityClaimsAggregationCredential'],
              issuer: 'did:web:aggregator.example',
              verifiedIdentities: [
                {
                  type: 'cawg.social_media',
                  username: 'anaexample',
                  uri: 'https://social.example/anaexample',
                  provider: { id: 'https://social.example', name: 'Social Example' },
                  verifiedAt: '2025-06-01T10:00:00Z',
                },
                {
                  type: 'cawg.document_verification',
                  name: 'Ana Example',
                  provider: { id: 'https://id.example', name: 'ID Example' },
                  verifiedAt: '2025-06-01T10:00:00Z',
                },
              ],
              c2paAsset: {
                referenced_assertions: [{ url: 'self#jumbf=c2pa.assertions/c2pa.hash.data', hash: 'AAAA' }],
                sig_type: 'cawg.identity_claims_aggregation',
              },
            },
          },
        ],
      },
    },
    validation_results: {
      activeManifest: {
        success: success.map((code) => ({ code, url: AT })),
        failure: failure.map((code) => ({ code, url: AT })),
      },
    },
  } as unknown as ManifestStoreJson;
}

describe('identity claims aggregator identities', () => {
  it('names the verified person and lists each account with its provider', () => {
    expect(identitiesOf(store(['cawg.ica.credential_valid']), LABEL)).toEqual([
      {
        label: 'cawg.identity',
        kind: 'aggregator',
        status: 'valid',
        name: 'Ana Example',
        issuer: 'did:web:aggregator.example',
        signerTrusted: false,
        accounts: [
          {
            provider: 'Social Example',
            kind: 'cawg.social_media',
            username: 'anaexample',
            uri: 'https://social.example/anaexample',
            verifiedAt: '2025-06-01T10:00:00Z',
          },
          {
            provider: 'ID Example',
            kind: 'cawg.document_verification',
            name: 'Ana Example',
            verifiedAt: '2025-06-01T10:00:00Z',
          },
        ],
        covers: ['c2pa.hash.data'],
        roles: [],
        codes: ['cawg.ica.credential_valid'],
      },
    ]);
  });

  it('gives a credential that fails (signature mismatch) no name and no accounts', () => {
    const [identity] = identitiesOf(store([], ['cawg.ica.signature_mismatch']), LABEL);
    expect({
      status: identity?.status,
      name: identity?.name,
      accounts: identity?.accounts,
      codes: identity?.codes,
    }).toEqual({
      status: 'invalid',
      name: undefined,
      accounts: [],
      codes: ['cawg.ica.signature_mismatch'],
    });
  });
});
