// PDQ perceptual image hash, as published by Meta (ThreatExchange, "pdqhash-2017-10-09").
// Float arithmetic is rounded to 32 bits at every step (Math.fround) so hashes are bit-identical
// to the reference C++ implementation, which computes in `float`.

import { bytesToHex } from '@noble/hashes/utils.js';

const f = Math.fround;

/** Images smaller than this in either dimension get an all-zero hash and quality 0, as in the reference. */
export const PDQ_MIN_DIMENSION = 5;
const DOWNSAMPLED = 64;
const DCT_SIZE = 16;
const JAROSZ_PASSES = 2;
const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);

/** A decoded image: 8-bit samples, row-major, `channels` per pixel (1 grey, 3 RGB, 4 RGBA). */
export interface PixelImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export interface PdqResult {
  /** 256 bits; bit k is set when DCT coefficient k (row-major over 16x16) is above the median. */
  hash: Uint8Array;
  /** Lower-case hex in the reference's format (bit 255 first). */
  hex: string;
  /** 0-100: gradient energy of the 64x64 downsample; below 50 the reference advises not to trust matches. */
  quality: number;
  /** The 16x16 DCT coefficients the bits come from (row-major), for derived hashes. */
  dct: Float32Array;
}

// Row i, column j of the 16x64 DCT-II basis (frequencies 1..16; the DC term is skipped).
const DCT_MATRIX = (() => {
  const m = new Float32Array(DCT_SIZE * DOWNSAMPLED);
  const scale = f(Math.sqrt(2 / DOWNSAMPLED));
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DOWNSAMPLED; j++) {
      m[i * DOWNSAMPLED + j] = f(scale * Math.cos((Math.PI / 2 / DOWNSAMPLED) * (i + 1) * (2 * j + 1)));
    }
  }
  return m;
})();

/**
 * Luminance (Rec. 601 weights) of an image as 32-bit floats. Transparent pixels are composited over
 * white, so a transparent PNG and a screenshot of it on a white page hash alike (the reference has no
 * alpha handling; opaque images are unaffected).
 */
export function lumaFromPixels(image: PixelImage): Float32Array {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`image dimensions must be non-negative integers, got ${width}x${height}`);
  }
  if (data.length < width * height * channels) {
    throw new RangeError(
      `pixel buffer holds ${data.length} bytes, ${width}x${height}x${channels} needs ${width * height * channels}`,
    );
  }
  const n = width * height;
  const luma = new Float32Array(n);
  for (let p = 0, o = 0; p < n; p++, o += channels) {
    let y: number;
    if (channels >= 3) {
      y = f(f(f(LUMA_R * data[o]!) + f(LUMA_G * data[o + 1]!)) + f(LUMA_B * data[o + 2]!));
    } else {
      y = data[o]!;
    }
    const alpha = channels === 4 ? data[o + 3]! : channels === 2 ? data[o + 1]! : 255;
    if (alpha < 255) y = f((y * alpha + 255 * (255 - alpha)) / 255);
    luma[p] = y;
  }
  return luma;
}

/** Window of each of the two box-filter passes that blur a dimension before decimating it to 64. */
function jaroszWindow(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

// One-dimensional box filter with a window that shrinks at the edges (the reference's four phases).
function boxFilter1d(
  input: Float32Array,
  output: Float32Array,
  start: number,
  length: number,
  stride: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  const phase4 = half - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < phase1; i++) {
    sum = f(sum + input[ri]!);
    size++;
    ri += stride;
  }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[ri]!);
    size++;
    output[oi] = sum / size;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(sum + input[ri]!);
    sum = f(sum - input[li]!);
    output[oi] = sum / size;
    li += stride;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum = f(sum - input[li]!);
    size--;
    output[oi] = sum / size;
    li += stride;
    oi += stride;
  }
}

/**
 * boxFilter1d down every column at once, sweeping rows in memory order (a column at a time thrashes
 * the cache on large images). Each column sees the same operations in the same order, so results are
 * identical.
 */
function boxFilterColumns(
  input: Float32Array,
  output: Float32Array,
  width: number,
  height: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const sums = new Float32Array(width);
  let size = 0;
  let readRow = 0;
  let leftRow = 0;
  let writeRow = 0;
  const add = () => {
    const base = readRow++ * width;
    for (let x = 0; x < width; x++) sums[x] = sums[x]! + input[base + x]!;
    size++;
  };
  const subtract = () => {
    const base = leftRow++ * width;
    for (let x = 0; x < width; x++) sums[x] = sums[x]! - input[base + x]!;
    size--;
  };
  const write = () => {
    const base = writeRow++ * width;
    for (let x = 0; x < width; x++) output[base + x] = sums[x]! / size;
  };
  for (let i = 0; i < half - 1; i++) add();
  for (let i = 0; i < window - half + 1; i++) {
    add();
    write();
  }
  for (let i = 0; i < height - window; i++) {
    add();
    subtract();
    write();
  }
  for (let i = 0; i < half - 1; i++) {
    subtract();
    write();
  }
}

function downsampleTo64(luma: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(DOWNSAMPLED * DOWNSAMPLED);
  if (width === DOWNSAMPLED && height === DOWNSAMPLED) {
    out.set(luma);
    return out;
  }
  const a = Float32Array.from(luma);
  const b = new Float32Array(a.length);
  const windowAlongRows = jaroszWindow(width, DOWNSAMPLED);
  const windowAlongCols = jaroszWindow(height, DOWNSAMPLED);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let row = 0; row < height; row++) boxFilter1d(a, b, row * width, width, 1, windowAlongRows);
    boxFilterColumns(b, a, width, height, windowAlongCols);
  }
  // Sample at cell centres, not corners.
  for (let i = 0; i < DOWNSAMPLED; i++) {
    const srcRow = Math.floor(((i + 0.5) * height) / DOWNSAMPLED);
    for (let j = 0; j < DOWNSAMPLED; j++) {
      const srcCol = Math.floor(((j + 0.5) * width) / DOWNSAMPLED);
      out[i * DOWNSAMPLED + j] = a[srcRow * width + srcCol]!;
    }
  }
  return out;
}

// Counts significant gradients: flat or nearly empty images cannot be matched reliably.
function qualityOf(block: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < DOWNSAMPLED - 1; i++) {
    for (let j = 0; j < DOWNSAMPLED; j++) {
      const d = f(f(f(block[i * 64 + j]! - block[(i + 1) * 64 + j]!) * 100) / 255);
      gradientSum += Math.abs(Math.trunc(d));
    }
  }
  for (let i = 0; i < DOWNSAMPLED; i++) {
    for (let j = 0; j < DOWNSAMPLED - 1; j++) {
      const d = f(f(f(block[i * 64 + j]! - block[i * 64 + j + 1]!) * 100) / 255);
      gradientSum += Math.abs(Math.trunc(d));
    }
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

// B = D A D^T, keeping only the 16x16 lowest non-DC frequencies.
function dct64To16(block: Float32Array): Float32Array {
  const t = new Float32Array(DCT_SIZE * DOWNSAMPLED);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DOWNSAMPLED; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLED; k++) {
        sum = f(sum + f(DCT_MATRIX[i * 64 + k]! * block[k * 64 + j]!));
      }
      t[i * 64 + j] = sum;
    }
  }
  const out = new Float32Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLED; k++) {
        sum = f(sum + f(t[i * 64 + k]! * DCT_MATRIX[j * 64 + k]!));
      }
      out[i * DCT_SIZE + j] = sum;
    }
  }
  return out;
}

/** The lower median (element (n+1)/2 in sorted order), as the reference's Torben selection returns. */
export function lowerMedian(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor((sorted.length + 1) / 2) - 1]!;
}

/** Bits above the median; bit k lives in byte 31 - (k >> 3) so the bytes read as the reference's hex. */
function bitsAboveMedian(values: Float32Array): Uint8Array {
  const median = lowerMedian(values);
  const bytes = new Uint8Array(values.length / 8);
  for (let k = 0; k < values.length; k++) {
    if (values[k]! > median) bytes[bytes.length - 1 - (k >> 3)]! |= 1 << (k & 7);
  }
  return bytes;
}

/** PDQ hash of a luminance plane (row-major, `width * height` floats). */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqResult {
  if (luma.length < width * height) {
    throw new RangeError(
      `luma plane holds ${luma.length} values, ${width}x${height} needs ${width * height}`,
    );
  }
  if (width < PDQ_MIN_DIMENSION || height < PDQ_MIN_DIMENSION) {
    const hash = new Uint8Array(32);
    return { hash, hex: bytesToHex(hash), quality: 0, dct: new Float32Array(DCT_SIZE * DCT_SIZE) };
  }
  const block = downsampleTo64(luma, width, height);
  const quality = qualityOf(block);
  const dct = dct64To16(block);
  const hash = bitsAboveMedian(dct);
  return { hash, hex: bytesToHex(hash), quality, dct };
}

/** PDQ hash of decoded pixels (grey, RGB or RGBA). */
export function pdqFromPixels(image: PixelImage): PdqResult {
  return pdqFromLuma(lumaFromPixels(image), image.width, image.height);
}
