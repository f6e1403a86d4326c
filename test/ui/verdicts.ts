// Verdicts as the core returns them, for rendering tests.
import type { MediaItem } from '../../extension/platform/model.ts';
import type { Verdict } from '../../src/verdict/types.ts';

export function verdict(overrides: Partial<Verdict>): Verdict {
  return {
    trust: 'none',
    origin: 'unknown',
    aiDerived: null,
    sha256: 'a'.repeat(64),
    mediaType: 'image/jpeg',
    digitalSourceTypes: [],
    credits: [],
    codes: [],
    evidence: [],
    ...overrides,
  };
}

export const verifiedAi: Verdict = verdict({
  trust: 'verified',
  origin: 'ai-generated',
  aiDerived: true,
  sha256: '3f'.repeat(32),
  claimGenerator: 'Example_Diffusion/1.0 c2pa-rs/0.58.0',
  signer: {
    name: 'Example AI Labs',
    issuer: 'Example Trust CA',
    trustList: 'C2PA trust list',
    time: '2025-03-14T10:22:00Z',
    timeSource: 'tsa',
    chain: [
      { subject: 'CN=Example AI Labs', issuer: 'CN=Example Intermediate' },
      { subject: 'CN=Example Intermediate', issuer: 'CN=Example Root' },
      { subject: 'CN=Example Root', issuer: 'CN=Example Root' },
    ],
  },
  digitalSourceTypes: [
    {
      uri: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      from: 'active manifest c2pa.actions',
    },
  ],
  codes: [
    { code: 'claimSignature.validated' },
    { code: 'signingCredential.trusted' },
    { code: 'assertion.dataHash.match' },
  ],
  evidence: [
    'Signer chains to the C2PA trust list.',
    'c2pa.created with digitalSourceType trainedAlgorithmicMedia.',
  ],
  originProven: true,
});

export const tampered: Verdict = verdict({
  trust: 'invalid',
  origin: 'human-capture',
  aiDerived: false,
  claimGenerator: 'Example Camera 2.1',
  signer: {
    name: 'Example Camera Co',
    issuer: 'Example Camera CA',
    time: '2024-11-02T08:00:00Z',
    timeSource: 'claim',
  },
  codes: [
    { code: 'assertion.dataHash.mismatch', explanation: 'asset hash error, name: jumbf manifest' },
    { code: 'claimSignature.validated' },
  ],
  evidence: ['The data hash does not match the file.'],
  originProven: false,
});

export function item(
  key: string,
  src: string,
  v: Verdict | undefined,
  extra: Partial<MediaItem> = {},
): MediaItem {
  return v
    ? { key, src, kind: 'image', state: 'done', verdict: v, ...extra }
    : { key, src, kind: 'image', state: 'checking', ...extra };
}
