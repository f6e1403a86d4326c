// Misuse: signing before the wasm engine is initialised says what to do (this file never initialises it).
import { describe, expect, it } from 'vitest';
import { coseSigner } from '../../src/sign/cose-signer.ts';
import { signMedia } from '../../src/sign/sign-media.ts';
import { createTestAuthority } from '../../src/sign/test-authority.ts';

describe('signMedia before the engine is initialised', () => {
  it('throws an error that says to initialise the engine', async () => {
    const authority = await createTestAuthority({ name: 'Not Ready', seed: 'not-ready' });
    const signer = coseSigner({
      certChainDer: authority.certChainDer,
      privateKey: authority.signer.privateKey,
    });
    await expect(
      signMedia({
        bytes: Uint8Array.of(0xff, 0xd8, 0xff, 0xd9),
        mediaType: 'image/jpeg',
        manifest: { title: 'x' },
        signer,
      }),
    ).rejects.toThrow('(initialise the engine first: initEngine, or initNodeEngine in Node)');
  });
});
