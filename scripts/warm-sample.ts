// The warm-up sample the extension ships: a small JPEG with a Content Credential, signed at build time by a
// throwaway authority on no trust list. The verifier host reads it while it starts, so the wasm engine's
// code and the trust checks are compiled and warm before the first page's media arrives (a cold engine
// takes about twice as long over its first files).
import sharp from 'sharp';
import { coseSigner } from '../src/sign/cose-signer.ts';
import { initNodeEngine } from '../src/sign/node-engine.ts';
import { signMedia } from '../src/sign/sign-media.ts';
import { createTestAuthority } from '../src/sign/test-authority.ts';

/** Where the build puts it, at the root of each extension build; the host reads it from there. */
export const WARM_SAMPLE_FILE = 'warm-up.jpg';

/** A 96×64 gradient, signed as a capture with one action: the path most page media takes. */
export async function warmSample(): Promise<Uint8Array> {
  initNodeEngine();
  const width = 96;
  const height = 64;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels.set([x * 2, y * 3, 128], (y * width + x) * 3);
  const jpeg = new Uint8Array(
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  const authority = await createTestAuthority({
    name: 'Provenance Lens warm-up sample',
    seed: 'provenance-lens warm-up 1',
  });
  return signMedia({
    bytes: jpeg,
    mediaType: 'image/jpeg',
    manifest: {
      title: WARM_SAMPLE_FILE,
      claimGenerator: { name: 'Provenance Lens build', version: '1' },
      actions: [
        { action: 'c2pa.created', digitalSourceType: 'digitalCapture', when: '2026-01-01T00:00:00Z' },
      ],
    },
    signer: coseSigner({ certChainDer: authority.certChainDer, privateKey: authority.signer.privateKey }),
  });
}

// Run as a program, it writes the sample to stdout: builds make it in a process of their own, since the
// signing engine can be set up only once in a process and a build's process may have set up another.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(await warmSample());
}
