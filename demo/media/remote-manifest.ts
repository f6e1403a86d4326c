// A file whose only credential is a remote manifest: the JPEG carries just an XMP dcterms:provenance link
// to `url`, and the manifest store (signed by the fixtures' test authority) is served there as a .c2pa
// sidecar. Signed on demand (one small JPEG), since the link must name the server that serves it.
import 'reflect-metadata';
import { coseSigner } from '../../src/sign/cose-signer.ts';
import { initNodeEngine } from '../../src/sign/node-engine.ts';
import { signWithRemoteManifest } from '../../src/sign/sign-media.ts';
import { createTestAuthority } from '../../src/sign/test-authority.ts';
import { readerSettings } from './generate.ts';
import { sceneJpeg } from './sources.ts';

export async function remoteManifestFixture(
  url: string,
): Promise<{ asset: Uint8Array; manifest: Uint8Array }> {
  initNodeEngine();
  // The same seeded authority as the other fixtures: their test anchor makes this one trusted too.
  const authority = await createTestAuthority({
    name: 'Provenance Lens Test Signer',
    seed: 'provenance-lens fixtures 1',
  });
  return signWithRemoteManifest({
    url,
    bytes: await sceneJpeg(14),
    mediaType: 'image/jpeg',
    manifest: {
      title: 'remote-manifest.jpg',
      claimGenerator: { name: 'Provenance Lens Fixtures', version: '1' },
      actions: [
        {
          action: 'c2pa.created',
          digitalSourceType: 'digitalCapture',
          softwareAgent: 'Example Camera Firmware 3.1',
          when: '2025-06-01T10:00:00Z',
        },
      ],
    },
    signer: coseSigner({ certChainDer: authority.certChainDer, privateKey: authority.signer.privateKey }),
    settingsJson: readerSettings(authority.ca.certificatePem),
  });
}
