// Every IPTC digital source type gives the same origin whether a signed credential or unsigned XMP states it.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coseSigner, type SignerDefinition } from '../../src/sign/cose-signer.ts';
import { initNodeEngine } from '../../src/sign/node-engine.ts';
import { signMedia } from '../../src/sign/sign-media.ts';
import { createTestAuthority } from '../../src/sign/test-authority.ts';
import { writeUnsignedXmp } from '../../src/sign/unsigned-xmp.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';

// The IPTC vocabulary (cv.iptc.org/newscodes/digitalsourcetype) and the origin each term states.
const EXPECTED: Record<string, string> = {
  trainedAlgorithmicMedia: 'ai-generated',
  compositeWithTrainedAlgorithmicMedia: 'ai-composite',
  algorithmicMedia: 'computer-generated',
  algorithmicallyEnhanced: 'computer-generated',
  compositeSynthetic: 'computer-generated',
  dataDrivenMedia: 'computer-generated',
  screenCapture: 'computer-generated',
  virtualRecording: 'computer-generated',
  digitalCapture: 'human-capture',
  computationalCapture: 'human-capture',
  compositeCapture: 'human-capture',
  negativeFilm: 'human-capture',
  positiveFilm: 'human-capture',
  print: 'human-capture',
  digitalCreation: 'human-made',
  digitalArt: 'human-made',
  humanEdits: 'human-made',
  minorHumanEdits: 'human-made',
  composite: 'human-made',
};

let engine: Engine;
let signer: SignerDefinition;
let jpeg: Uint8Array;

beforeAll(async () => {
  initNodeEngine();
  engine = createNodeEngine({ size: 1 });
  const authority = await createTestAuthority({ name: 'Source Terms Test', seed: 'source-terms' });
  signer = coseSigner({ certChainDer: authority.certChainDer, privateKey: authority.signer.privateKey });
  jpeg = new Uint8Array(
    await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: 90, g: 30, b: 160 } } })
      .jpeg()
      .toBuffer(),
  );
});

afterAll(() => engine.close());

describe('IPTC digital source types', () => {
  it.each(Object.entries(EXPECTED))('%s states %s, signed or unsigned', async (term, origin) => {
    const unsigned = await verifyAsset(writeUnsignedXmp(jpeg, 'image/jpeg', { digitalSourceType: term }), {
      engine,
    });
    const signed = await verifyAsset(
      await signMedia({
        bytes: jpeg,
        mediaType: 'image/jpeg',
        manifest: { title: `${term}.jpg`, actions: [{ action: 'c2pa.created', digitalSourceType: term }] },
        signer,
      }),
      { engine },
    );
    expect({ unsigned: [unsigned.trust, unsigned.origin], signed: [signed.trust, signed.origin] }).toEqual({
      unsigned: ['metadata-only', origin],
      signed: ['untrusted', origin],
    });
  });
});
