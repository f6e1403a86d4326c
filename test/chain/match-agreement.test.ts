// `provlens match` and the registry's near search decide by one rule: on the benchmark's own transformations
// of generated pictures, a copy is found on a real chain exactly when match calls it the same content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_TRANSFORMS } from '../../bench/robustness.ts';
import { fingerprintPixels } from '../../src/fingerprint/image.ts';
import { matchContent } from '../../src/fingerprint/match.ts';
import { fingerprintBytes } from '../../src/fingerprint/node-fingerprint.ts';
import type { Fingerprint } from '../../src/fingerprint/types.ts';
import { onChainFingerprints } from '../../src/registry/node-files.ts';
import { detectMediaType } from '../../src/verify/media-type.ts';
import { syntheticScene } from '../fingerprint/scenes.ts';
import { media, startTestChain, type TestChain } from './chain.ts';

const SEEDS = [11, 12, 13];

let t: TestChain;
const originals: { id: string; fingerprints: Fingerprint[] }[] = [];

beforeAll(async () => {
  t = await startTestChain();
  for (const seed of SEEDS) {
    const fingerprints = fingerprintPixels(syntheticScene(seed));
    const { id } = await t.registry.register(
      media({ title: `scene ${seed}`, softBindings: onChainFingerprints(fingerprints) }),
    );
    originals.push({ id, fingerprints });
  }
}, 300_000); // solc, anvil and three registrations: slow on a loaded machine

afterAll(async () => {
  await t?.stop();
});

/** Every decision, "transformation: copy of scene i vs original j → same?", from each side. */
const byMatch: string[] = [];
const bySearch: string[] = [];

describe('match and the registry search agree', () => {
  it.each(Object.keys(IMAGE_TRANSFORMS))(
    'on every copy made by "%s"',
    async (name) => {
      const transform = IMAGE_TRANSFORMS[name]!;
      const fromMatch: string[] = [];
      const fromSearch: string[] = [];
      for (const [index, seed] of SEEDS.entries()) {
        const bytes = new Uint8Array(await transform(syntheticScene(seed)));
        const copy = await fingerprintBytes(bytes, detectMediaType(bytes).mediaType);
        const found = await t.registry.lookup({ sha256: 'ff'.repeat(32), fingerprints: copy });
        const near = new Set(found.filter((m) => m.match === 'near').map((m) => m.record.id));
        for (const [other, original] of originals.entries()) {
          const pair = `${name}: copy of scene ${index} vs original ${other} →`;
          fromMatch.push(`${pair} ${matchContent(original.fingerprints, copy)?.same ?? false}`);
          fromSearch.push(`${pair} ${near.has(original.id)}`);
        }
      }
      byMatch.push(...fromMatch);
      bySearch.push(...fromSearch);
      expect(fromSearch).toEqual(fromMatch);
    },
    120_000,
  );

  it('decided both ways on this set: copies found and unrelated pictures not', () => {
    const decisions = byMatch.map((row) => row.endsWith('true'));
    expect([decisions.length, decisions.includes(true), decisions.includes(false)]).toEqual([
      Object.keys(IMAGE_TRANSFORMS).length * SEEDS.length * SEEDS.length,
      true,
      true,
    ]);
    expect(bySearch).toEqual(byMatch);
  });
});
