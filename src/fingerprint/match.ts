// Distances between fingerprints and the thresholds that call two files the same content.
// Thresholds were chosen with bench/robustness.ts (see the README table): each one keeps false
// matches at or below 0.1% on the benchmark set while recalling as many transformed copies as it can.
import { AUDIO_SECONDS_PER_WORD, audioBitErrorRate, wordsFromHex } from './audio-chroma.ts';
import type { Fingerprint, FingerprintAlgorithm, MatchResult } from './types.ts';

/**
 * Largest PDQ Hamming distance (of 256 bits) still called the same image. Meta's conservative default
 * is 31; on the benchmark the nearest unrelated pair was 86 bits apart, and 60 doubles recall on small
 * crops and rotations with no false match.
 */
export const PDQ_MATCH_THRESHOLD = 60;
/**
 * Largest pdq64 Hamming distance (of 64 bits) still called the same image. pdq64 (almost) always has 32 bits
 * set, so distances are even; at 12 some 16-bit chunk is within 3 bits of the original's.
 */
export const PDQ64_MATCH_THRESHOLD = 12;
/** Largest audio bit error rate still called the same recording (benchmark: copies <= 0.07, unrelated >= 0.39). */
export const AUDIO_MATCH_THRESHOLD = 0.25;
/** Largest median key-frame PDQ distance still called the same video. */
export const VIDEO_MATCH_THRESHOLD = PDQ_MATCH_THRESHOLD;
/** How far an audio copy may be shifted against the original (trimmed start) and still align. */
export const AUDIO_MAX_OFFSET_SECONDS = 12;
/** Shortest overlap two recordings must share for a match to count. */
export const AUDIO_MIN_OVERLAP_SECONDS = 5;

export const MATCH_THRESHOLDS: Readonly<Record<FingerprintAlgorithm, number>> = {
  pdq: PDQ_MATCH_THRESHOLD,
  pdq64: PDQ64_MATCH_THRESHOLD,
  'pdq64-centre': PDQ64_MATCH_THRESHOLD,
  'pdq64-trimmed': PDQ64_MATCH_THRESHOLD,
  'audio-chroma': AUDIO_MATCH_THRESHOLD,
  'video-keyframes': VIDEO_MATCH_THRESHOLD,
};

const HEX = /^[0-9a-f]*$/;
const POPCOUNT_NIBBLE = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Hamming distance between two equal-length lower-case hex strings. */
export function hammingHex(a: string, b: string): number {
  if (a.length !== b.length)
    throw new RangeError(`hashes differ in length (${a.length} vs ${b.length} hex digits)`);
  if (!HEX.test(a) || !HEX.test(b)) throw new RangeError('hashes must be lower-case hex');
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    distance += POPCOUNT_NIBBLE[Number.parseInt(a[i]!, 16) ^ Number.parseInt(b[i]!, 16)]!;
  }
  return distance;
}

/** Hamming distance between two 64-bit values (bigint or 16 hex digits). */
export function hamming64(a: bigint | string, b: bigint | string): number {
  const toBig = (v: bigint | string): bigint => {
    if (typeof v === 'bigint') return BigInt.asUintN(64, v);
    if (!/^[0-9a-f]{16}$/.test(v)) throw new RangeError('a 64-bit hash is 16 lower-case hex digits');
    return BigInt(`0x${v}`);
  };
  let x = toBig(a) ^ toBig(b);
  let distance = 0;
  while (x !== 0n) {
    x &= x - 1n;
    distance++;
  }
  return distance;
}

/** Hamming distance between two 256-bit PDQ hashes (64 hex digits each). */
export function hamming256(a: string, b: string): number {
  if (a.length !== 64 || b.length !== 64) throw new RangeError('a PDQ hash is 64 hex digits');
  return hammingHex(a, b);
}

/**
 * The one rule for "is this image a copy of that one", used by the registry's near search and by
 * `provlens match`: each 64-bit hash of the copy (the probe: pdq64, and pdq64-trimmed when the copy has a
 * caption bar or letterbox band) is compared with the original's pdq64 and pdq64-centre; the copy matches
 * when the closest pair is within PDQ64_MATCH_THRESHOLD bits. A copy cropped at the edges looks like the
 * original's centre; a copy with a caption bar looks like the original once the bar is trimmed.
 */
export const NEAR_SEARCH: Readonly<Partial<Record<FingerprintAlgorithm, readonly FingerprintAlgorithm[]>>> = {
  pdq64: ['pdq64', 'pdq64-centre'],
  'pdq64-trimmed': ['pdq64', 'pdq64-centre'],
};

/** Smallest distance between any probe of a copy and any searched hash of an original (Infinity if none). */
export function nearSearchDistance(copy: readonly Fingerprint[], original: readonly Fingerprint[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const probe of copy) {
    const searched = NEAR_SEARCH[probe.algorithm];
    if (!searched || probe.bits !== 64) continue;
    for (const stored of original) {
      if (stored.bits === 64 && searched.includes(stored.algorithm))
        best = Math.min(best, hamming64(probe.value, stored.value));
    }
  }
  return best;
}

/**
 * The four 16-bit chunks of a 64-bit hash, as indexed on-chain. By pigeonhole, a hash within distance
 * d of the query has some chunk within floor(d / 4) bits of the query's chunk at the same position.
 */
export function pdq64Chunks(hex: string): [number, number, number, number] {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new RangeError('a 64-bit hash is 16 lower-case hex digits');
  const chunk = (i: number): number => Number.parseInt(hex.slice(i * 4, i * 4 + 4), 16);
  return [chunk(0), chunk(1), chunk(2), chunk(3)];
}

/**
 * Key-frame distance: for each frame of the shorter video, the nearest frame of the other; the median
 * of those nearest distances (robust to a few frames lost to trimming or fades).
 */
export function videoKeyframeDistance(a: string, b: string): number {
  if (a.length === 0 || b.length === 0 || a.length % 64 !== 0 || b.length % 64 !== 0) {
    throw new RangeError('a video-keyframes value is one or more 64-hex-digit PDQ hashes');
  }
  const frames = (v: string): string[] =>
    Array.from({ length: v.length / 64 }, (_, i) => v.slice(i * 64, i * 64 + 64));
  const [shorter, longer] = a.length <= b.length ? [frames(a), frames(b)] : [frames(b), frames(a)];
  const nearest = shorter
    .map((frame) => Math.min(...longer.map((other) => hamming256(frame, other))))
    .sort((x, y) => x - y);
  return nearest[Math.floor((nearest.length - 1) / 2)]!;
}

/** Distance between two audio-chroma values: the bit error rate at their best alignment. */
export function audioDistance(a: string, b: string): number {
  const alignment = audioBitErrorRate(
    wordsFromHex(a),
    wordsFromHex(b),
    Math.round(AUDIO_MAX_OFFSET_SECONDS / AUDIO_SECONDS_PER_WORD),
    Math.round(AUDIO_MIN_OVERLAP_SECONDS / AUDIO_SECONDS_PER_WORD),
  );
  return Math.round(alignment.bitErrorRate * 10000) / 10000;
}

/** Distance between two fingerprints of the same algorithm, in that algorithm's unit. */
export function fingerprintDistance(a: Fingerprint, b: Fingerprint): number {
  if (a.algorithm !== b.algorithm) {
    throw new TypeError(`cannot compare a ${a.algorithm} fingerprint with a ${b.algorithm} fingerprint`);
  }
  switch (a.algorithm) {
    case 'pdq':
      return hamming256(a.value, b.value);
    case 'pdq64':
    case 'pdq64-centre':
    case 'pdq64-trimmed':
      return hamming64(a.value, b.value);
    case 'audio-chroma':
      return audioDistance(a.value, b.value);
    case 'video-keyframes':
      return videoKeyframeDistance(a.value, b.value);
  }
}

/** Compares two fingerprints of the same algorithm against that algorithm's threshold. */
export function compareFingerprints(a: Fingerprint, b: Fingerprint): MatchResult {
  const distance = fingerprintDistance(a, b);
  const threshold = MATCH_THRESHOLDS[a.algorithm];
  return { algorithm: a.algorithm, distance, threshold, same: distance <= threshold };
}

/** Whether `copy` is an image copy of `original` by the near-search rule (NEAR_SEARCH); undefined without 64-bit hashes. */
export function matchImageCopy(
  original: readonly Fingerprint[],
  copy: readonly Fingerprint[],
): MatchResult | undefined {
  const distance = nearSearchDistance(copy, original);
  if (!Number.isFinite(distance)) return undefined;
  return {
    algorithm: 'pdq64',
    distance,
    threshold: PDQ64_MATCH_THRESHOLD,
    same: distance <= PDQ64_MATCH_THRESHOLD,
  };
}

/**
 * Whether `copy` shows the content of `original`: images by the near-search rule, video by key frames,
 * audio by chroma. Undefined when the two are not of the same kind.
 */
export function matchContent(
  original: readonly Fingerprint[],
  copy: readonly Fingerprint[],
): MatchResult | undefined {
  const image = matchImageCopy(original, copy);
  if (image) return image;
  for (const algorithm of ['video-keyframes', 'audio-chroma'] as const) {
    const a = original.find((fp) => fp.algorithm === algorithm);
    const b = copy.find((fp) => fp.algorithm === algorithm);
    if (a && b) return compareFingerprints(a, b);
  }
  return undefined;
}
