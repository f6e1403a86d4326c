// CAWG identities in every format the Builder signs here: PNG (whose manifest chunk is checksummed),
// WebP, WAV and MP4 (whose hard binding is a BMFF hash), each read back by the engine with its identity
// valid and its signer trusted through the project's test authority.
import CRC32 from 'crc-32';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chordsWav, testPatternMp4 } from '../../demo/media/sources.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import type { TrustConfig } from '../../src/verify/trust.ts';
import { type IdentityFixtures, makeIdentityFixtures, NAMED_ACTOR } from './identity-fixtures.ts';

let engine: Engine;
let fixtures: IdentityFixtures;
let anchored: TrustConfig;

beforeAll(async () => {
  engine = createNodeEngine({ timeoutMs: 60_000 });
  fixtures = await makeIdentityFixtures();
  anchored = { anchors: [], userAnchors: [{ id: 'user', name: 'Test anchors', pem: fixtures.anchorsPem }] };
}, 120_000);

afterAll(async () => {
  await engine.close();
});

const image = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 200, g: 120, b: 40 } } });

/** Every PNG chunk's CRC-32, checked as a strict decoder checks it: the chunks whose CRC is wrong. */
function badPngChunks(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const bad: string[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (CRC32.buf(png.subarray(at + 4, at + 8 + length)) >>> 0 !== view.getUint32(at + 8 + length))
      bad.push(type);
    at += 12 + length;
  }
  return bad;
}

async function identityOf(bytes: Uint8Array) {
  const verdict = await verifyAsset(bytes, { engine, trust: anchored });
  return {
    trust: verdict.trust,
    identities: verdict.identities?.map(({ status, name, signerTrusted, covers }) => ({
      status,
      name,
      signerTrusted,
      covers,
    })),
  };
}

/** What every format must read back as: trusted, with one valid identity covering its hard binding. */
const validIdentity = (hardBinding: string) => ({
  trust: 'verified',
  identities: [
    { status: 'valid', name: NAMED_ACTOR, signerTrusted: true, covers: [hardBinding, 'c2pa.actions.v2'] },
  ],
});

describe('CAWG X.509 identities beyond JPEG', () => {
  it('signs a PNG, with every chunk checksum right', async () => {
    const signed = await fixtures.signOther(new Uint8Array(await image().png().toBuffer()), 'image/png');
    expect({ badChunks: badPngChunks(signed), ...(await identityOf(signed)) }).toEqual({
      badChunks: [],
      ...validIdentity('c2pa.hash.data'),
    });
  });

  it('signs a WebP', async () => {
    const signed = await fixtures.signOther(new Uint8Array(await image().webp().toBuffer()), 'image/webp');
    expect(await identityOf(signed)).toEqual(validIdentity('c2pa.hash.data'));
  });

  it('signs a WAV', async () => {
    const signed = await fixtures.signOther(chordsWav(0.5), 'audio/wav');
    expect(await identityOf(signed)).toEqual(validIdentity('c2pa.hash.data'));
  });

  it('signs an MP4, referencing its BMFF hard binding', async () => {
    const signed = await fixtures.signOther(testPatternMp4(), 'video/mp4');
    expect(await identityOf(signed)).toEqual(validIdentity('c2pa.hash.bmff.v3'));
  }, 60_000);
});
