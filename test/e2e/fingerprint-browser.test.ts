// The extension's image fingerprints (browser decoder + OffscreenCanvas) agree with the CLI's (sharp):
// the module is bundled with vite and run in a plain page of Debian's Chromium.
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../demo/media/generate.ts';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/find-browser.ts';
import { hamming64, hamming256 } from '../../src/fingerprint/match.ts';
import { fingerprintBytes } from '../../src/fingerprint/node-fingerprint.ts';
import type { Fingerprint } from '../../src/fingerprint/types.ts';
import { syntheticScene } from '../fingerprint/scenes.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** What the bundled script puts on `window`. */
interface BundledModule {
  fingerprintImageBytes(bytes: Uint8Array, mediaType: string): Promise<Fingerprint[]>;
}

let browser: Browser;
let page: Page;

async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'error',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: path.join(ROOT, 'extension/offscreen/fingerprint.ts'),
        formats: ['iife'],
        name: 'ProvlensFingerprint',
        fileName: () => 'fingerprint.js',
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  for (const output of outputs.flatMap((o) => o.output)) if (output.type === 'chunk') return output.code;
  throw new Error('vite produced no script');
}

async function inBrowser(bytes: Uint8Array, mediaType: string): Promise<Fingerprint[]> {
  return page.evaluate(
    async ({ base64, type }) => {
      const binary = atob(base64);
      const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      const module = (window as unknown as { ProvlensFingerprint: BundledModule }).ProvlensFingerprint;
      return module.fingerprintImageBytes(data, type);
    },
    { base64: Buffer.from(bytes).toString('base64'), type: mediaType },
  );
}

function scene(seed: number, width: number, height: number) {
  const image = syntheticScene(seed, width, height);
  return sharp(Buffer.from(image.data), { raw: { width, height, channels: 3 } });
}

/** Node's and the browser's fingerprints of the same bytes: which algorithms, and how far apart each is. */
async function compare(bytes: Uint8Array, mediaType: string) {
  const [node, browserHashes] = await Promise.all([
    fingerprintBytes(bytes, mediaType),
    inBrowser(bytes, mediaType),
  ]);
  const distances: Record<string, number> = {};
  for (const fp of browserHashes) {
    const twin = node.find((n) => n.algorithm === fp.algorithm);
    distances[fp.algorithm] = !twin
      ? -1
      : fp.bits === 256
        ? hamming256(twin.value, fp.value)
        : hamming64(twin.value, fp.value);
  }
  return { algorithms: node.map((f) => f.algorithm), distances };
}

/** Identical hashes for every algorithm Node computes. */
const IDENTICAL = {
  algorithms: ['pdq', 'pdq64', 'pdq64-centre'],
  distances: { pdq: 0, pdq64: 0, 'pdq64-centre': 0 },
};

beforeAll(async () => {
  const code = await bundle();
  browser = await chromium.launch({
    executablePath: findChromium() ?? 'chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>fingerprint</title>');
  await page.addScriptTag({ content: code });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('fingerprintImageBytes in Chromium', () => {
  it('a PNG hashes exactly as in Node (pdq and pdq64 identical)', async () => {
    const png = new Uint8Array(await scene(11, 480, 360).png().toBuffer());
    expect(await compare(png, 'image/png')).toEqual(IDENTICAL);
  });

  it('a lossless WebP hashes exactly as in Node', async () => {
    const webp = new Uint8Array(await scene(12, 400, 300).webp({ lossless: true }).toBuffer());
    expect(await compare(webp, 'image/webp')).toEqual(IDENTICAL);
  });

  it('a partly transparent PNG hashes exactly as in Node (composited over white in both)', async () => {
    const { data, info } = await scene(13, 320, 240)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    for (let i = 3; i < data.length; i += 4) data[i] = (i >> 2) % 320 < 160 ? 255 : 0;
    const png = new Uint8Array(
      await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
        .png()
        .toBuffer(),
    );
    expect(await compare(png, 'image/png')).toEqual(IDENTICAL);
  });

  it('a PNG with a caption bar gives the same pdq64-trimmed as in Node', async () => {
    const png = new Uint8Array(
      await scene(14, 480, 320).extend({ bottom: 40, background: '#111111' }).png().toBuffer(),
    );
    expect(await compare(png, 'image/png')).toEqual({
      algorithms: ['pdq', 'pdq64', 'pdq64-centre', 'pdq64-trimmed'],
      distances: { pdq: 0, pdq64: 0, 'pdq64-centre': 0, 'pdq64-trimmed': 0 },
    });
  });

  // Chromium and sharp both decode JPEG with libjpeg-turbo (same IDCT and upsampling), so even lossy
  // files give identical pixels and identical hashes.
  it('generated JPEGs at quality 90, 70 and 50 hash exactly as in Node', async () => {
    const results = [];
    for (const [seed, quality] of [
      [21, 90],
      [22, 70],
      [23, 50],
    ] as const) {
      const jpeg = new Uint8Array(await scene(seed, 512, 384).jpeg({ quality }).toBuffer());
      results.push(await compare(jpeg, 'image/jpeg'));
    }
    expect(results).toEqual([IDENTICAL, IDENTICAL, IDENTICAL]);
  });

  it('the signed fixture human-capture.jpg hashes exactly as in Node', async () => {
    const fixtures = await ensureFixtures();
    expect(await compare(fixtures.read('human-capture.jpg'), 'image/jpeg')).toEqual(IDENTICAL);
  });

  it('bytes that are no image are refused with a decode error', async () => {
    const refused = await page.evaluate(async () => {
      const module = (window as unknown as { ProvlensFingerprint: BundledModule }).ProvlensFingerprint;
      try {
        await module.fingerprintImageBytes(new Uint8Array([1, 2, 3, 4]), 'image/png');
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    });
    expect(refused).toBe('decode-failed');
  });
});
