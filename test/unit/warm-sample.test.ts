// The warm-up sample every build ships: the verifier host reads it while it starts, so it must take the
// full path a page's signed media takes (an intact credential, read and checked, on no trust list).
import { afterAll, describe, expect, it } from 'vitest';
import { WARM_SAMPLE_FILE, warmSample } from '../../scripts/warm-sample.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';

const engine = createNodeEngine({ size: 1, timeoutMs: 60_000 });
afterAll(() => engine.close());

describe('warm-up sample', () => {
  it('is a small signed JPEG whose credential is intact and whose signer is on no trust list', async () => {
    const bytes = await warmSample();
    const verdict = await verifyAsset(bytes, { engine, name: WARM_SAMPLE_FILE });
    expect({
      small: bytes.length < 16 * 1024,
      trust: verdict.trust,
      origin: verdict.origin,
      mediaType: verdict.mediaType,
      signer: verdict.signer?.name,
      codes: verdict.codes.map((code) => code.code),
    }).toEqual({
      small: true,
      trust: 'untrusted',
      origin: 'human-capture',
      mediaType: 'image/jpeg',
      signer: 'Provenance Lens warm-up sample',
      codes: ['signingCredential.untrusted'],
    });
  });
});
