// One rule for ingredients, for images and videos alike: the active manifest's signer decides trust, and an
// ingredient signed by someone on no list is named in the reason (files signed here by two test CAs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngredientTrustFixtures, ingredientTrustFixtures } from '../../demo/media/ingredient-trust.ts';
import type { Verdict } from '../../src/verdict/types.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import type { TrustConfig } from '../../src/verify/trust.ts';

let engine: Engine;
let fixtures: IngredientTrustFixtures;
let anchored: TrustConfig;

beforeAll(async () => {
  engine = createNodeEngine({ timeoutMs: 30_000 });
  fixtures = await ingredientTrustFixtures();
  anchored = { anchors: [], userAnchors: [{ id: 'user', name: 'agency.pem', pem: fixtures.anchorPem }] };
}, 120_000);
afterAll(async () => {
  await engine.close();
});

const verify = (bytes: Uint8Array, trust: TrustConfig | null, name: string): Promise<Verdict> =>
  verifyAsset(bytes, { engine, trust, name, at: '2026-01-01T00:00:00Z' });

describe('a trusted manifest with an ingredient signed by a signer on no list', () => {
  it.each([
    ['a JPEG whose ingredient was trusted when added', 'jpeg', 'unlisted-source.jpg'],
    ['an MP4 whose ingredient was trusted when added', 'mp4', 'unlisted-source.mp4'],
    [
      'a JPEG whose ingredient was already untrusted when added',
      'jpegRecordedUntrusted',
      'unlisted-source.jpg',
    ],
  ] as const)('%s is verified and the reason names the ingredient', async (_what, key, title) => {
    const verdict = await verify(fixtures[key], anchored, title);
    expect(verdict.trust).toBe('verified');
    expect(verdict.signer?.trustList).toBe('agency.pem');
    expect(verdict.evidence[0]).toBe(
      `Signed by Example News Agency (trusted: the certificate chains to agency.pem); one of its ingredients (“${title}”) is signed by Unlisted Studio, on no list.`,
    );
    expect(verdict.credits.map((c) => [c.title, c.trust, c.signer])).toEqual([
      [title, 'untrusted', 'Unlisted Studio'],
    ]);
    expect(verdict.credits[0]!.codes.map((c) => c.code)).toEqual(['signingCredential.untrusted']);
  });

  it('without the anchor the file is untrusted and the reason blames no list, not the ingredient', async () => {
    const verdict = await verify(fixtures.jpeg, null, 'agency-edit.jpg');
    expect(verdict.trust).toBe('untrusted');
    expect(verdict.evidence[0]).toBe(
      'The credential is intact, but no trust list is in force, so no signer can be verified.',
    );
  });

  it('the ingredient alone reads untrusted under the agency anchor', async () => {
    const verdict = await verify(fixtures.ingredientJpeg, anchored, 'unlisted-source.jpg');
    expect(verdict.trust).toBe('untrusted');
    expect(verdict.evidence[0]).toBe(
      'The credential is intact, but its signer Unlisted Studio (issued by Unlisted Studio Root CA) is on no trust list in force.',
    );
  });
});
