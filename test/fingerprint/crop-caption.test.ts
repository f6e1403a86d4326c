// The crop- and caption-resistant search hashes: pdq64-centre (centre 90% of each side) and
// pdq64-trimmed (without a caption band), compared the way a registry look-up compares them.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { centreOf, fingerprintPixels, withoutCaptionBand } from '../../src/fingerprint/image.ts';
import { hamming64, nearSearchDistance, PDQ64_MATCH_THRESHOLD } from '../../src/fingerprint/match.ts';
import { decodeImage } from '../../src/fingerprint/node-decode.ts';
import type { PixelImage } from '../../src/fingerprint/pdq.ts';
import type { Fingerprint } from '../../src/fingerprint/types.ts';
import { syntheticScene } from './scenes.ts';

const raw = (image: PixelImage) =>
  sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
const value = (fps: Fingerprint[], algorithm: string) => fps.find((f) => f.algorithm === algorithm)?.value;

const scene = syntheticScene(1004, 640, 330);
const original = fingerprintPixels(scene);

async function captioned(image: PixelImage, bar: number): Promise<PixelImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${bar}">
    <rect width="100%" height="100%" fill="#111"/>
    <text x="10" y="${Math.round(bar * 0.65)}" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(bar * 0.45)}"
      fill="#fff">Shared from somewhere · photo caption here</text></svg>`;
  const extended = await raw(image).extend({ bottom: bar, background: '#111111' }).png().toBuffer();
  const jpeg = await sharp(extended)
    .composite([{ input: Buffer.from(svg), left: 0, top: image.height }])
    .jpeg({ quality: 85 })
    .toBuffer();
  return decodeImage(new Uint8Array(jpeg));
}

describe('pdq64-centre', () => {
  it('is the pdq64 of the centre 90% of each side', () => {
    const centre = centreOf(scene);
    expect([centre.width, centre.height]).toEqual([576, 298]);
    expect(value(original, 'pdq64-centre')).toBe(value(fingerprintPixels(centre), 'pdq64'));
  });

  it('finds a copy cropped by 5% at every edge that plain pdq64 misses', async () => {
    const cropped = await decodeImage(
      new Uint8Array(
        await raw(scene).extract({ left: 32, top: 16, width: 576, height: 298 }).jpeg().toBuffer(),
      ),
    );
    const copy = fingerprintPixels(cropped);
    expect(hamming64(value(copy, 'pdq64')!, value(original, 'pdq64')!)).toBeGreaterThan(
      PDQ64_MATCH_THRESHOLD,
    );
    expect(nearSearchDistance(copy, original)).toBeLessThanOrEqual(4);
  });
});

describe('pdq64-trimmed', () => {
  it('finds the height of a dark caption bar with white text at the bottom', async () => {
    const copy = await captioned(scene, 40);
    expect(withoutCaptionBand(copy)?.height).toBe(330);
  });

  it('lets a captioned copy match its original, which plain pdq64 does not', async () => {
    const copy = fingerprintPixels(await captioned(scene, 40));
    expect(hamming64(value(copy, 'pdq64')!, value(original, 'pdq64')!)).toBeGreaterThan(
      PDQ64_MATCH_THRESHOLD,
    );
    expect(nearSearchDistance(copy, original)).toBeLessThanOrEqual(4);
  });

  it('is absent for a picture without a band', () => {
    expect([withoutCaptionBand(scene), value(original, 'pdq64-trimmed')]).toEqual([undefined, undefined]);
  });

  it('leaves a band taller than 30% of the picture alone (it is part of the picture)', async () => {
    const tall = await decodeImage(
      new Uint8Array(await raw(scene).extend({ bottom: 200, background: '#111111' }).png().toBuffer()),
    );
    expect(withoutCaptionBand(tall)).toBeUndefined();
  });
});

describe('the search does not confuse different pictures', () => {
  it('keeps an unrelated scene, cropped or captioned, beyond the threshold', async () => {
    const other = syntheticScene(2077, 640, 330);
    const copies = [
      fingerprintPixels(other),
      fingerprintPixels(centreOf(other)),
      fingerprintPixels(await captioned(other, 40)),
    ];
    for (const copy of copies)
      expect(nearSearchDistance(copy, original)).toBeGreaterThan(PDQ64_MATCH_THRESHOLD);
  });
});
