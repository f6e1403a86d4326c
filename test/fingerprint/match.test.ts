import { describe, expect, it } from 'vitest';
import {
  compareFingerprints,
  hamming64,
  hamming256,
  hammingHex,
  PDQ_MATCH_THRESHOLD,
  pdq64Chunks,
  videoKeyframeDistance,
} from '../../src/fingerprint/match.ts';
import type { Fingerprint } from '../../src/fingerprint/types.ts';

const pdq = (value: string): Fingerprint => ({ algorithm: 'pdq', value, bits: 256 });

describe('Hamming distances', () => {
  it('counts differing bits of 64-bit hex values', () => {
    expect(hamming64('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hamming64('00000000000000f0', '0000000000000001')).toBe(5);
  });

  it('accepts bigints for 64-bit values', () => {
    expect(hamming64(0b1011n, 0b0001n)).toBe(2);
  });

  it('counts differing bits of 256-bit PDQ hashes', () => {
    expect(hamming256('0'.repeat(64), `${'f'.repeat(8)}${'0'.repeat(56)}`)).toBe(32);
  });

  it('refuses hashes of different lengths', () => {
    expect(() => hammingHex('ab', 'abc')).toThrow('hashes differ in length (2 vs 3 hex digits)');
  });

  it('refuses a malformed 64-bit value', () => {
    expect(() => hamming64('xyz', '0000000000000000')).toThrow('a 64-bit hash is 16 lower-case hex digits');
  });
});

describe('pdq64 chunks for on-chain search', () => {
  it('splits a 64-bit hash into four 16-bit numbers, most significant first', () => {
    expect(pdq64Chunks('0001abcd8000ffff')).toEqual([0x0001, 0xabcd, 0x8000, 0xffff]);
  });
});

describe('compareFingerprints', () => {
  it('calls PDQ hashes at the threshold the same image', () => {
    const a = '0'.repeat(64);
    const b = BigInt(`0x${'f'.repeat(PDQ_MATCH_THRESHOLD / 4)}`)
      .toString(16)
      .padStart(64, '0');
    expect(compareFingerprints(pdq(a), pdq(b))).toEqual({
      algorithm: 'pdq',
      distance: PDQ_MATCH_THRESHOLD,
      threshold: PDQ_MATCH_THRESHOLD,
      same: true,
    });
  });

  it('calls PDQ hashes one bit past the threshold different', () => {
    const a = '0'.repeat(64);
    const b = (2n ** BigInt(PDQ_MATCH_THRESHOLD + 1) - 1n).toString(16).padStart(64, '0');
    expect(compareFingerprints(pdq(a), pdq(b)).same).toBe(false);
  });

  it('refuses to compare different algorithms', () => {
    expect(() =>
      compareFingerprints(pdq('0'.repeat(64)), { algorithm: 'audio-chroma', value: '00000000', bits: 32 }),
    ).toThrow('cannot compare a pdq fingerprint with a audio-chroma fingerprint');
  });
});

describe('video key-frame distance', () => {
  it('is the median distance from each frame of the shorter video to its nearest frame in the longer', () => {
    const zero = '0'.repeat(64);
    const ones = 'f'.repeat(64);
    const four = `f${'0'.repeat(63)}`;
    // Frames of a: zero (nearest 0), four (nearest 4), ones (nearest 0 to the ones frame) → median 0.
    expect(videoKeyframeDistance(`${zero}${four}${ones}`, `${zero}${ones}${zero}${zero}`)).toBe(0);
    expect(videoKeyframeDistance(`${four}${four}`, `${zero}${zero}${zero}`)).toBe(4);
  });
});
