// Compact 64-bit image hash derived from PDQ's DCT, sized for on-chain multi-index Hamming search
// (four 16-bit chunks, one indexed event topic each).
import { bytesToHex } from '@noble/hashes/utils.js';
import { lowerMedian } from './pdq.ts';

/** Side of the block of lowest DCT frequencies the 64 bits come from. */
const BLOCK = 8;

/**
 * The 8x8 lowest frequencies of PDQ's 16x16 DCT, each compared with their own median: low frequencies
 * change least under resizing, compression and small crops.
 */
export function pdq64FromDct(dct: Float32Array): Uint8Array {
  if (dct.length !== 256) throw new RangeError(`PDQ DCT has 256 coefficients, got ${dct.length}`);
  const block = new Float32Array(BLOCK * BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    for (let j = 0; j < BLOCK; j++) block[i * BLOCK + j] = dct[i * 16 + j]!;
  }
  const median = lowerMedian(block);
  const bytes = new Uint8Array(8);
  for (let k = 0; k < block.length; k++) {
    if (block[k]! > median) bytes[7 - (k >> 3)]! |= 1 << (k & 7);
  }
  return bytes;
}

export function pdq64Hex(dct: Float32Array): string {
  return bytesToHex(pdq64FromDct(dct));
}
