// Unsigned XMP in WebP and AVIF files (which exifr cannot find on its own): metadata-only verdicts, and no
// claim at all from damaged containers. The files are made here with sharp, which writes the XMP itself.
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerXmp } from '../../src/metadata/container-xmp.ts';
import { readMetadataClaims } from '../../src/metadata/index.ts';
import { type UnsignedXmpClaims, xmpPacket } from '../../src/sign/unsigned-xmp.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import { sniffBytes } from '../../src/verify/sniff.ts';

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const AI_CLAIMS: UnsignedXmpClaims = {
  digitalSourceType: 'trainedAlgorithmicMedia',
  creator: 'Ana & Bo',
  software: 'Example Diffusion 2',
};
const CAPTURE_CLAIMS: UnsignedXmpClaims = { digitalSourceType: 'digitalCapture', creator: 'Kim Lens' };

let engine: Engine;
let aiWebp: Uint8Array;
let captureAvif: Uint8Array;
let plainWebp: Uint8Array;

const picture = () =>
  sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40, g: 120, b: 90 } } });
const bytesOf = async (image: Sharp) => new Uint8Array(await image.toBuffer());

/** An ISO-BMFF box: 32-bit size, type, payload. */
function box(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(
    Uint8Array.from(type, (c) => c.charCodeAt(0)),
    4,
  );
  out.set(payload, 8);
  return out;
}

beforeAll(async () => {
  engine = createNodeEngine({ timeoutMs: 15_000 });
  aiWebp = await bytesOf(picture().webp().withXmp(xmpPacket(AI_CLAIMS)));
  captureAvif = await bytesOf(picture().avif().withXmp(xmpPacket(CAPTURE_CLAIMS)));
  plainWebp = await bytesOf(picture().webp());
}, 60_000);

afterAll(async () => {
  await engine.close();
});

describe('XMP in WebP and AVIF', () => {
  it('gives a WebP with unsigned AI metadata a metadata-only, AI-generated verdict', async () => {
    const verdict = await verifyAsset(aiWebp, { engine, trust: null });
    expect({
      trust: verdict.trust,
      origin: verdict.origin,
      aiDerived: verdict.aiDerived,
      originProven: verdict.originProven,
      mediaType: verdict.mediaType,
      metadata: verdict.metadata,
      digitalSourceTypes: verdict.digitalSourceTypes,
      evidence: verdict.evidence,
    }).toEqual({
      trust: 'metadata-only',
      origin: 'ai-generated',
      aiDerived: true,
      originProven: false,
      mediaType: 'image/webp',
      metadata: {
        digitalSourceType: `${IPTC}trainedAlgorithmicMedia`,
        creator: 'Ana & Bo',
        software: 'Example Diffusion 2',
      },
      digitalSourceTypes: [
        { uri: `${IPTC}trainedAlgorithmicMedia`, from: 'unsigned XMP Iptc4xmpExt:DigitalSourceType' },
      ],
      evidence: [
        'Unsigned metadata says it is AI-generated (IPTC trainedAlgorithmicMedia).',
        'This is an unsigned claim: anyone can write or remove it.',
        'Unsigned metadata names the creator “Ana & Bo”.',
      ],
    });
  });

  it('gives an AVIF with unsigned capture metadata a metadata-only, human-capture verdict', async () => {
    const verdict = await verifyAsset(captureAvif, { engine, trust: null });
    expect({
      trust: verdict.trust,
      origin: verdict.origin,
      aiDerived: verdict.aiDerived,
      mediaType: verdict.mediaType,
      metadata: verdict.metadata,
    }).toEqual({
      trust: 'metadata-only',
      origin: 'human-capture',
      aiDerived: false,
      mediaType: 'image/avif',
      metadata: { digitalSourceType: `${IPTC}digitalCapture`, creator: 'Kim Lens' },
    });
  });

  it('reads the XMP uuid box some HEIF writers use instead of an item', async () => {
    const uuid = Uint8Array.from(Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex'));
    const packet = new TextEncoder().encode(xmpPacket(AI_CLAIMS));
    const withBox = new Uint8Array([
      ...(await bytesOf(picture().avif())),
      ...box('uuid', new Uint8Array([...uuid, ...packet])),
    ]);
    expect(await readMetadataClaims(withBox)).toEqual({
      digitalSourceType: `${IPTC}trainedAlgorithmicMedia`,
      creator: 'Ana & Bo',
      software: 'Example Diffusion 2',
    });
  });

  it('finds nothing in a WebP without XMP', async () => {
    const verdict = await verifyAsset(plainWebp, { engine, trust: null });
    expect({ trust: verdict.trust, origin: verdict.origin }).toEqual({ trust: 'none', origin: 'unknown' });
  });

  it('tells the header sniff that an AVIF may carry XMP in its meta box', () => {
    expect(sniffBytes(captureAvif)).toMatchObject({
      answer: 'no-manifest',
      xmp: true,
      mediaType: 'image/avif',
    });
  });

  it('reads the whole packet or nothing from every truncated copy, and never throws', () => {
    for (const file of [aiWebp, captureAvif]) {
      const packet = containerXmp(file);
      expect(packet?.length).toBeGreaterThan(100);
      for (let cut = 0; cut < file.length; cut += 3) {
        const found = containerXmp(file.subarray(0, cut));
        if (found) expect(found).toEqual(packet);
      }
    }
  });

  it('reads no claim from a WebP whose XMP chunk declares more bytes than the file has', async () => {
    const damaged = new Uint8Array(aiWebp);
    const at = damaged.length - (containerXmp(aiWebp)?.length ?? 0) - 4;
    damaged.set([0xff, 0xff, 0xff, 0x7f], at); // the XMP chunk declares more bytes than the file has
    expect(containerXmp(damaged)).toBeUndefined();
    expect((await verifyAsset(damaged, { engine, trust: null })).trust).toBe('none');
  });
});
