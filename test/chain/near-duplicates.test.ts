import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hammingDistance64, nearBuckets, RegistryClient } from '../../src/registry/client.ts';
import { RegistryInputError } from '../../src/registry/errors.ts';
import { countingProvider, media, startTestChain, type TestChain } from './chain.ts';

let t: TestChain;
beforeAll(async () => {
  t = await startTestChain();
});
afterAll(async () => {
  await t?.stop();
});

/** `base` with the given bit positions (0 = least significant) flipped, as 16 hex digits. */
function flip(base: bigint, bits: number[]): string {
  let v = base;
  for (const b of bits) v ^= 1n << BigInt(b);
  return v.toString(16).padStart(16, '0');
}

describe('multi-index buckets (pure)', () => {
  it('radius 0 gives the 4 exact chunks with their positions', () => {
    expect(nearBuckets(0x0123456789abcdefn, 0).map((b) => b.toString(16))).toEqual([
      '123',
      '14567',
      '289ab',
      '3cdef',
    ]);
  });

  it('radius 1 gives 17 buckets per chunk, radius 2 gives 137', () => {
    expect([nearBuckets(0n, 1).length, nearBuckets(0n, 2).length]).toEqual([4 * 17, 4 * 137]);
  });

  it('hamming distance counts differing bits of 64-bit values', () => {
    expect([
      hammingDistance64(0n, 0xffffffffffffffffn),
      hammingDistance64(0xf0n, 0x0fn),
      hammingDistance64(5n, 5n),
    ]).toEqual([64, 8, 0]);
  });
});

describe('near-duplicate search with eth_getLogs topic filters', () => {
  const base = 0x9b2fe4a1c3d5e7f0n;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const variants: Record<string, number[]> = {
      same: [],
      d3: [1, 20, 40], // 3 bits in three chunks: each other chunk still exact
      d8: [0, 1, 16, 17, 32, 33, 48, 49], // 2 bits in every chunk: no chunk exact, found by radius 2
      d9: [0, 1, 2, 16, 17, 32, 33, 48, 49], // one bit over the threshold
    };
    for (const [name, bits] of Object.entries(variants)) {
      const { id } = await t.registry.register(
        media({ title: name, softBindings: [{ algorithm: 'pdq64', value: flip(base, bits) }] }),
      );
      ids[name] = id;
    }
    // The same value under another algorithm name must not match a pdq64 query.
    ids.other = (
      await t.registry.register(
        media({ title: 'other', softBindings: [{ algorithm: 'other64', value: flip(base, []) }] }),
      )
    ).id;
  });

  it('emits four SoftBindingChunk events per fingerprint, one per 16-bit chunk', async () => {
    const logs = await t.registry.contract.queryFilter(
      t.registry.contract.filters.SoftBindingChunk!(null, null, ids.same),
    );
    expect(logs.map((l) => (l as unknown as { args: { bucket: bigint } }).args.bucket.toString(16))).toEqual([
      '9b2f',
      '1e4a1',
      '2c3d5',
      '3e7f0',
    ]);
  });

  it('finds every record within distance 8 and none beyond, closest first', async () => {
    const found = await t.registry.findNearDuplicates(flip(base, []), { threshold: 8 });
    expect(found.map((c) => [c.id, c.distance])).toEqual([
      [ids.same, 0],
      [ids.d3, 3],
      [ids.d8, 8],
    ]);
  });

  it('with threshold 3 only exact-chunk buckets are asked and the distance-3 copy is still found', async () => {
    const found = await t.registry.findNearDuplicates(flip(base, []), { threshold: 3 });
    expect(found.map((c) => c.id)).toEqual([ids.same, ids.d3]);
  });

  it('threshold 8 costs the head block and 5 getLogs (sent together in one batch)', async () => {
    const provider = countingProvider(t.chain.rpcUrl, t.chain.chainId);
    const reader = new RegistryClient(t.registry.address, provider);
    await reader.findNearDuplicates(flip(base, []), { threshold: 8 });
    // The head block bounds the ranges; 548 buckets in groups of 128 → 5 getLogs.
    expect(provider.requests).toEqual(['eth_blockNumber', ...Array(5).fill('eth_getLogs')]);
    provider.destroy();
  });

  it('a lookup by fingerprint returns near matches with distance, threshold and algorithm', async () => {
    const reader = new RegistryClient(t.registry.address, t.provider, { nearThreshold: 8 });
    const matches = await reader.lookup({
      sha256: 'ee'.repeat(32),
      fingerprints: [{ algorithm: 'pdq64', value: flip(base, [63]), bits: 64 }],
    });
    expect(matches.map((m) => [m.match, m.record.title, m.distance, m.threshold, m.algorithm])).toEqual([
      ['near', 'same', 1, 8, 'pdq64'],
      ['near', 'd3', 4, 8, 'pdq64'],
    ]);
  });

  it('refuses a threshold the bucket scheme cannot serve (16 bits or more)', async () => {
    await expect(t.registry.findNearDuplicates(flip(base, []), { threshold: 16 })).rejects.toThrow(
      RegistryInputError,
    );
  });
});
