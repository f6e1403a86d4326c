// The generated fixtures read back exactly as FIXTURES says, with the project's test anchor and without.
import { statSync } from 'node:fs';
import exifr from 'exifr';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ensureFixtures,
  FIXTURES,
  type FixtureSpec,
  type GeneratedFixtures,
  UNSIGNED_XMP_CLAIMS,
} from '../../demo/media/generate.ts';
import { decodePixels } from '../../demo/media/sources.ts';
import { pdqFromPixels } from '../../src/fingerprint/pdq.ts';
import { initNodeEngine } from '../../src/sign/node-engine.ts';
import { WasmReader, wasmBlob } from '../../src/verify/engine/wasm.ts';
import { assertionData, readBack } from './read-back.ts';

let fixtures: GeneratedFixtures;

function hammingHex(a: string, b: string): number {
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = Number.parseInt(a[i] ?? '0', 16) ^ Number.parseInt(b[i] ?? '0', 16);
    for (; x; x >>= 1) bits += x & 1;
  }
  return bits;
}

beforeAll(async () => {
  fixtures = await ensureFixtures();
}, 180_000);

const all = Object.values(FIXTURES);
const signed = all.filter((spec) => spec.anchored.validationState !== null);
const unsigned = all.filter((spec) => spec.anchored.validationState === null);

describe.each(signed)('$file', (spec: FixtureSpec) => {
  it('reads with the test anchor as FIXTURES says', async () => {
    const read = await readBack(fixtures.read(spec.file), spec.mediaType, fixtures.settings.anchored);
    expect({ state: read.state, failureCodes: read.failureCodes }).toEqual({
      state: spec.anchored.validationState,
      failureCodes: spec.anchored.failureCodes,
    });
  });

  it('reads with no anchors as FIXTURES says', async () => {
    const read = await readBack(fixtures.read(spec.file), spec.mediaType, fixtures.settings.unanchored);
    expect({ state: read.state, failureCodes: read.failureCodes }).toEqual({
      state: spec.unanchored.validationState,
      failureCodes: spec.unanchored.failureCodes,
    });
  });

  it('states its actions, source types, ingredients and signer', async () => {
    const read = await readBack(fixtures.read(spec.file), spec.mediaType, fixtures.settings.anchored);
    expect(read.actions.map((a) => a.action)).toEqual(spec.actions);
    expect(read.actions.flatMap((a) => (a.digitalSourceType ? [a.digitalSourceType] : []))).toEqual(
      spec.digitalSourceTypes,
    );
    expect(
      (read.active.ingredients ?? []).map((i) => ({ title: i.title, relationship: i.relationship })),
    ).toEqual(spec.ingredients);
    expect(read.active.signature_info?.common_name).toBe(spec.signer);
  });
});

describe.each(unsigned)('$file', (spec: FixtureSpec) => {
  it('has no Content Credentials', async () => {
    initNodeEngine();
    await expect(
      WasmReader.fromBlob(
        spec.mediaType,
        wasmBlob(fixtures.read(spec.file), spec.mediaType),
        fixtures.settings.anchored,
      ),
    ).rejects.toMatch('JumbfNotFound');
  });
});

describe('ingredients of composed fixtures', () => {
  it.each(['ai-edited.jpg', 'generative-fill.jpg', 'composite.jpg'] as const)(
    '%s: every ingredient manifest validates, and is trusted only with the anchor',
    async (file) => {
      const spec = FIXTURES[file];
      const anchored = await readBack(fixtures.read(file), spec.mediaType, fixtures.settings.anchored);
      const unanchored = await readBack(fixtures.read(file), spec.mediaType, fixtures.settings.unanchored);
      const deltaCodes = (read: typeof anchored) =>
        (read.store.validation_results?.ingredientDeltas ?? []).map((d) =>
          d.validationDeltas.failure.map((f) => f.code),
        );
      expect(deltaCodes(anchored)).toEqual(spec.ingredients.map(() => []));
      expect(deltaCodes(unanchored)).toEqual(spec.ingredients.map(() => ['signingCredential.untrusted']));
      expect((anchored.active.ingredients ?? []).every((i) => i.active_manifest !== undefined)).toBe(true);
    },
  );

  it('ai-edited.jpg carries the AI-generated ingredient with its trainedAlgorithmicMedia action', async () => {
    const read = await readBack(fixtures.read('ai-edited.jpg'), 'image/jpeg', fixtures.settings.anchored);
    const generated = read.active.ingredients?.find((i) => i.title === 'ai-generated.jpg');
    const manifest = read.store.manifests[generated?.active_manifest ?? ''];
    const actions = assertionData<{ actions: { action: string; digitalSourceType?: string }[] }>(
      manifest ?? {},
      'c2pa.actions.v2',
    );
    expect(actions?.actions).toEqual([
      {
        action: 'c2pa.created',
        digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
        softwareAgent: { name: 'Example Diffusion 2' },
        description: 'Generated from a text prompt',
        when: '2025-06-01T10:00:00Z',
      },
    ]);
  });
});

describe('what the fixtures carry', () => {
  it('human-capture.jpg has a PDQ soft binding equal to the hash of its own pixels', async () => {
    const bytes = fixtures.read('human-capture.jpg');
    const read = await readBack(bytes, 'image/jpeg', fixtures.settings.anchored);
    const pixels = await decodePixels(bytes);
    expect(assertionData(read.active, 'c2pa.soft-binding')).toEqual({
      alg: 'pdq',
      blocks: [{ scope: {}, value: pdqFromPixels({ ...pixels, channels: 3 }).hex }],
    });
  });

  it('human-capture.jpg names its creator and refuses AI training and mining', async () => {
    const read = await readBack(fixtures.read('human-capture.jpg'), 'image/jpeg', fixtures.settings.anchored);
    expect(assertionData(read.active, 'stds.schema-org.CreativeWork')).toEqual({
      '@context': 'http://schema.org/',
      '@type': 'CreativeWork',
      author: [{ '@type': 'Person', name: 'Alex Example' }],
    });
    expect(assertionData(read.active, 'cawg.training-mining')).toEqual({
      entries: {
        'cawg.ai_training': { use: 'notAllowed' },
        'cawg.ai_generative_training': { use: 'notAllowed' },
        'cawg.ai_inference': { use: 'notAllowed' },
        'cawg.data_mining': { use: 'notAllowed' },
      },
    });
  });

  it('signed images carry a JPEG thumbnail', async () => {
    const read = await readBack(fixtures.read('ai-generated.jpg'), 'image/jpeg', fixtures.settings.anchored);
    expect(read.active.thumbnail?.format).toBe('image/jpeg');
  });

  it('composite.jpg has a JPEG thumbnail for each of its three ingredients', async () => {
    const read = await readBack(fixtures.read('composite.jpg'), 'image/jpeg', fixtures.settings.anchored);
    expect(read.active.ingredients?.map((i) => i.thumbnail?.format)).toEqual([
      'image/jpeg',
      'image/jpeg',
      'image/jpeg',
    ]);
  });

  it('unsigned-ai-xmp.jpg states its unsigned IPTC claims in XMP', async () => {
    const xmp = await exifr.parse(Buffer.from(fixtures.read('unsigned-ai-xmp.jpg')), { xmp: true });
    expect({
      DigitalSourceType: xmp.DigitalSourceType,
      creator: xmp.creator,
      Credit: xmp.Credit,
      CreatorTool: xmp.CreatorTool,
    }).toEqual({
      DigitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      creator: UNSIGNED_XMP_CLAIMS.creator,
      Credit: UNSIGNED_XMP_CLAIMS.creditLine,
      CreatorTool: UNSIGNED_XMP_CLAIMS.software,
    });
  });

  it('stripped-copy.jpg is a smaller re-encode of human-capture.jpg with no metadata', async () => {
    const copy = fixtures.read('stripped-copy.jpg');
    const metadata = await sharp(copy).metadata();
    expect([metadata.width, metadata.height, metadata.xmp, metadata.exif]).toEqual([
      480,
      360,
      undefined,
      undefined,
    ]);
    const original = await decodePixels(fixtures.read('human-capture.jpg'));
    const reposted = await decodePixels(copy);
    const distance = hammingHex(
      pdqFromPixels({ ...original, channels: 3 }).hex,
      pdqFromPixels({ ...reposted, channels: 3 }).hex,
    );
    expect(distance).toBeLessThanOrEqual(31);
  });

  it('image fixtures of one scene match under PDQ (distance <= 31) and of different scenes do not', async () => {
    const images = all.filter((spec) => spec.mediaType.startsWith('image/'));
    const hashes = new Map<string, string>();
    for (const spec of images) {
      const pixels = await decodePixels(fixtures.read(spec.file));
      hashes.set(spec.file, pdqFromPixels({ ...pixels, channels: 3 }).hex);
    }
    const wrong: string[] = [];
    for (const [i, a] of images.entries()) {
      for (const b of images.slice(i + 1)) {
        const distance = hammingHex(hashes.get(a.file) ?? '', hashes.get(b.file) ?? '');
        if ((a.scene === b.scene) !== distance <= 31) wrong.push(`${a.file} ~ ${b.file}: ${distance}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('plain.jpg has no XMP, IPTC or EXIF metadata', async () => {
    expect(
      await exifr.parse(Buffer.from(fixtures.read('plain.jpg')), { xmp: true, iptc: true }),
    ).toBeUndefined();
  });

  it('tampered-pixels.jpg differs from human-capture.jpg in exactly one byte', () => {
    const original = fixtures.read('human-capture.jpg');
    const tampered = fixtures.read('tampered-pixels.jpg');
    expect(tampered.length).toBe(original.length);
    expect(original.filter((byte, i) => tampered[i] !== byte).length).toBe(1);
  });

  it('the test anchor is the same certificate on every run (seeded authority)', async () => {
    const again = await ensureFixtures();
    expect(again.testAnchorPem).toBe(fixtures.testAnchorPem);
    expect(fixtures.testAnchorPem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(fixtures.unlistedAnchorPem).not.toBe(fixtures.testAnchorPem);
  });

  it('ensureFixtures leaves a current cache untouched', async () => {
    const before = statSync(fixtures.path('human-capture.jpg')).mtimeMs;
    await ensureFixtures(fixtures.dir);
    expect(statSync(fixtures.path('human-capture.jpg')).mtimeMs).toBe(before);
  });
});
