// Known-answer vectors: expected hashes and qualities were produced by the reference C++ PDQ
// (ThreatExchange pdq/cpp, pdqHash256FromFloatLuma) from the same pixels, built outside this project.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { lumaFromPixels, pdqFromPixels } from '../../src/fingerprint/pdq.ts';
import { pdq64Hex } from '../../src/fingerprint/pdq64.ts';
import { syntheticScene } from './scenes.ts';

const CORPUS_FILES = resolve(process.cwd(), '../shared/corpus/files');

describe('PDQ matches the reference implementation bit for bit', () => {
  const scenes: [seed: number, width: number, height: number, hex: string, quality: number][] = [
    [1, 480, 360, 'd0038f223e08f0649ff81f1ef0fbb7f31e0fb07ee7f7041f107c31e7200f401c', 100],
    [2, 480, 360, 'cc6773990666732a3a67235d38ce42b939ccc439318dce70718ace7233d6ce33', 55],
    [3, 640, 480, 'ee48ed20ed0be84b9900a90b8d0b781b9127b52ba17b762752b753ab91bfce54', 43],
    [4, 1024, 768, 'd6d80769a34cb72d25696936df2622745696a5b23b37b720214b5a93d1b3cccc', 79],
    [5, 64, 64, '52aae202a96ba58bb56ba9eb2ab36ad58a5462d04e39b085969d55e5d45e71cb', 100],
    [6, 37, 29, '6754c636974f71b9290c9ad255e4afac5253cd52d4b0aa19ff789ed659232805', 100],
    [7, 301, 997, 'cb9126cea5cf897381f364ed50bd9336685824d9b1365b76448994a95b666b56', 50],
    [8, 5, 5, '318cce73ce73318cb48d29ca358cd6b5cb72ce73318cce73ce73318c348d294a', 51],
    [9, 2000, 1500, '4c616fcc44f874a7e4e556cecec9b8d9d433ad84463d61e02e73870754ae5a1c', 62],
  ];
  for (const [seed, width, height, hex, quality] of scenes) {
    it(`scene ${seed} (${width}x${height} RGB)`, () => {
      const result = pdqFromPixels(syntheticScene(seed, width, height));
      expect([result.hex, result.quality]).toEqual([hex, quality]);
    });
  }

  it('a grey image (one channel)', () => {
    const scene = syntheticScene(2, 480, 360);
    const grey = new Uint8Array(480 * 360);
    for (let i = 0; i < grey.length; i++) {
      grey[i] = Math.round((scene.data[i * 3]! + scene.data[i * 3 + 1]! + scene.data[i * 3 + 2]!) / 3);
    }
    const result = pdqFromPixels({ width: 480, height: 360, channels: 1, data: grey });
    expect([result.hex, result.quality]).toEqual([
      'c667fb990c66f58a8c47ab5d7aa2423d39c6c4313185ce70718ace7233d4cc75',
      47,
    ]);
  });

  const pngs: [file: string, hex: string][] = [
    ['ts-amazon-titan-g1.png', 'e3c43e4f0e1a83c3f9e064b8c4b09b24b2f0684bc67c1696fd9b4b2f93233ec9'],
    ['rs-repro-sundae-ice-cream.png', '559e62678c55e66f9ab33911dd88ccc825426ccc8374b33381be6ee398438dbe'],
  ];
  for (const [file, hex] of pngs) {
    it(`corpus ${file} (lossless PNG pixels)`, async () => {
      const bytes = await readFile(resolve(CORPUS_FILES, file));
      const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const result = pdqFromPixels({ width: info.width, height: info.height, channels: 3, data });
      expect([result.hex, result.quality]).toEqual([hex, 100]);
    });
  }
});

describe('PDQ edge cases', () => {
  it('gives an all-zero hash and quality 0 below 5 pixels a side, as the reference does', () => {
    const result = pdqFromPixels({
      width: 4,
      height: 40,
      channels: 3,
      data: new Uint8Array(4 * 40 * 3).fill(90),
    });
    expect([result.hex, result.quality]).toEqual(['0'.repeat(64), 0]);
  });

  it('gives quality 0 for a flat image', () => {
    expect(
      pdqFromPixels({ width: 100, height: 80, channels: 1, data: new Uint8Array(8000).fill(128) }).quality,
    ).toBe(0);
  });

  it('composites transparent pixels over white', () => {
    const luma = lumaFromPixels({
      width: 2,
      height: 1,
      channels: 4,
      data: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 255]),
    });
    expect(Array.from(luma)).toEqual([255, 0]);
  });

  it('refuses a pixel buffer shorter than its dimensions', () => {
    expect(() => pdqFromPixels({ width: 10, height: 10, channels: 3, data: new Uint8Array(299) })).toThrow(
      'pixel buffer holds 299 bytes, 10x10x3 needs 300',
    );
  });
});

describe('pdq64', () => {
  it('sets bit k when the DCT coefficient at row k/8, column k%8 is above the 8x8 block median', () => {
    const { dct } = pdqFromPixels(syntheticScene(1, 480, 360));
    const block = Array.from({ length: 64 }, (_, k) => dct[(k >> 3) * 16 + (k & 7)]!);
    const median = [...block].sort((a, b) => a - b)[31]!;
    const expected = block.reduce((bits, v, k) => (v > median ? bits | (1n << BigInt(k)) : bits), 0n);
    expect(pdq64Hex(dct)).toBe(expected.toString(16).padStart(16, '0'));
    expect(pdq64Hex(dct)).toBe('0f06f31f3ce70f08');
  });

  it('sets exactly half of its bits', () => {
    const hex = pdq64Hex(pdqFromPixels(syntheticScene(4, 640, 480)).dct);
    const ones = BigInt(`0x${hex}`).toString(2).replaceAll('0', '').length;
    expect(ones).toBe(32);
  });
});
