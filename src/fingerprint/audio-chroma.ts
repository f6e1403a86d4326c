// Chroma-based audio fingerprint in the style of Chromaprint: the spectrum folded onto the 12 pitch
// classes, smoothed over time, and turned into one 32-bit word per frame by sign comparisons, which
// are blind to volume and survive lossy re-encoding. Match two fingerprints with `audioBitErrorRate`.

/** Sample rate the audio is resampled to before analysis (the band of interest ends at 3.5 kHz). */
export const AUDIO_ANALYSIS_RATE = 11025;
/** Samples per analysis frame (~0.37 s) and hop between frames (~0.124 s, two-thirds overlap). */
export const AUDIO_FRAME_SIZE = 4096;
export const AUDIO_FRAME_HOP = 1365;
/** Seconds of audio per fingerprint word. */
export const AUDIO_SECONDS_PER_WORD = AUDIO_FRAME_HOP / AUDIO_ANALYSIS_RATE;
/** Longest stretch analysed: bounds time and memory on long or hostile files. */
export const AUDIO_MAX_SECONDS = 600;

const MIN_FREQUENCY = 28;
const MAX_FREQUENCY = 3520;
const CHROMA_BANDS = 12;
const SMOOTHING = [0.25, 0.75, 1, 0.75, 0.25];
// Frames whose spectrum carries almost no energy (silence) are treated as all-zero chroma.
const SILENCE_ENERGY = 1e-9;

/** Decoded audio: one Float32Array of samples in [-1, 1] per channel. */
export interface DecodedAudio {
  sampleRate: number;
  channelData: Float32Array[];
}

function mixToMono(audio: DecodedAudio, maxSamples: number): Float32Array {
  const channels = audio.channelData;
  if (channels.length === 0) throw new RangeError('audio has no channels');
  const length = Math.min(maxSamples, ...channels.map((c) => c.length));
  const mono = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) mono[i]! += channel[i]! / channels.length;
  }
  return mono;
}

/** Band-limited resampling with a Hann-windowed sinc kernel (8 zero crossings each side). */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0))
    throw new RangeError(`sample rates must be positive, got ${fromRate}→${toRate}`);
  if (fromRate === toRate) return Float32Array.from(input);
  const ratio = fromRate / toRate;
  const cutoff = Math.min(1, 1 / ratio) * 0.95;
  const halfWidth = Math.ceil(8 / cutoff);
  const output = new Float32Array(Math.floor(input.length / ratio));
  for (let n = 0; n < output.length; n++) {
    const centre = n * ratio;
    const first = Math.max(0, Math.ceil(centre - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(centre + halfWidth));
    let sum = 0;
    for (let k = first; k <= last; k++) {
      const x = k - centre;
      const window = 0.5 + 0.5 * Math.cos((Math.PI * x) / (halfWidth + 1));
      const arg = Math.PI * cutoff * x;
      const sinc = arg === 0 ? 1 : Math.sin(arg) / arg;
      sum += input[k]! * cutoff * sinc * window;
    }
    output[n] = sum;
  }
  return output;
}

// In-place iterative radix-2 FFT over separate real and imaginary arrays.
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
      }
    }
  }
}

// Pitch class of each FFT bin in the analysed band, or -1 outside it.
const BIN_CHROMA = (() => {
  const bins = new Int8Array(AUDIO_FRAME_SIZE / 2).fill(-1);
  for (let i = 1; i < bins.length; i++) {
    const frequency = (i * AUDIO_ANALYSIS_RATE) / AUDIO_FRAME_SIZE;
    if (frequency < MIN_FREQUENCY || frequency > MAX_FREQUENCY) continue;
    const octave = Math.log2(frequency / (440 / 16));
    bins[i] = Math.floor((octave - Math.floor(octave)) * CHROMA_BANDS) % CHROMA_BANDS;
  }
  return bins;
})();

const HANN = (() => {
  const w = new Float64Array(AUDIO_FRAME_SIZE);
  for (let i = 0; i < w.length; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (w.length - 1));
  return w;
})();

/** Per-frame chroma vectors (12 values each, unit length or zero), smoothed over time. */
export function chromaFrames(samples: Float32Array): Float64Array[] {
  const frameCount =
    samples.length < AUDIO_FRAME_SIZE
      ? 0
      : 1 + Math.floor((samples.length - AUDIO_FRAME_SIZE) / AUDIO_FRAME_HOP);
  const raw: Float64Array[] = [];
  const re = new Float64Array(AUDIO_FRAME_SIZE);
  const im = new Float64Array(AUDIO_FRAME_SIZE);
  for (let frame = 0; frame < frameCount; frame++) {
    const offset = frame * AUDIO_FRAME_HOP;
    for (let i = 0; i < AUDIO_FRAME_SIZE; i++) re[i] = samples[offset + i]! * HANN[i]!;
    im.fill(0);
    fft(re, im);
    const chroma = new Float64Array(CHROMA_BANDS);
    for (let i = 1; i < AUDIO_FRAME_SIZE / 2; i++) {
      const band = BIN_CHROMA[i]!;
      if (band >= 0) chroma[band]! += re[i]! * re[i]! + im[i]! * im[i]!;
    }
    raw.push(chroma);
  }
  const half = (SMOOTHING.length - 1) / 2;
  return raw.map((_, t) => {
    const smoothed = new Float64Array(CHROMA_BANDS);
    for (let k = 0; k < SMOOTHING.length; k++) {
      const source = raw[Math.min(raw.length - 1, Math.max(0, t + k - half))]!;
      for (let c = 0; c < CHROMA_BANDS; c++) smoothed[c]! += SMOOTHING[k]! * source[c]!;
    }
    let energy = 0;
    for (const v of smoothed) energy += v;
    if (energy < SILENCE_ENERGY) return new Float64Array(CHROMA_BANDS);
    // Square-root compression keeps loud partials from hiding the rest; unit length hides volume.
    let norm = 0;
    for (let c = 0; c < CHROMA_BANDS; c++) {
      smoothed[c] = Math.sqrt(smoothed[c]!);
      norm += smoothed[c]! * smoothed[c]!;
    }
    norm = Math.sqrt(norm);
    for (let c = 0; c < CHROMA_BANDS; c++) smoothed[c]! /= norm;
    return smoothed;
  });
}

/**
 * One 32-bit word per frame: 12 bits say whether each pitch class grows from the previous frames to
 * the next ones, 12 whether it is stronger than its neighbour, and 8 compare pitch classes a minor
 * third apart — all sign tests, so gain and mild spectral colouring leave them unchanged.
 */
export function wordsFromChroma(chroma: Float64Array[]): Uint32Array {
  const words = new Uint32Array(chroma.length);
  const at = (t: number): Float64Array => chroma[Math.min(chroma.length - 1, Math.max(0, t))]!;
  for (let t = 0; t < chroma.length; t++) {
    const before = [at(t - 2), at(t - 1)];
    const after = [at(t + 1), at(t + 2)];
    const now = [at(t - 1), at(t), at(t + 1)];
    const mean = (frames: Float64Array[], c: number): number => {
      let s = 0;
      for (const f of frames) s += f[c % CHROMA_BANDS]!;
      return s / frames.length;
    };
    let word = 0;
    for (let c = 0; c < CHROMA_BANDS; c++) {
      if (mean(after, c) > mean(before, c)) word |= 1 << c;
      if (mean(now, c) > mean(now, c + 1)) word |= 1 << (12 + c);
    }
    for (let c = 0; c < 8; c++) {
      if (mean(now, c) > mean(now, c + 3)) word |= 1 << (24 + c);
    }
    words[t] = word >>> 0;
  }
  return words;
}

/** Fingerprint words of decoded audio (at most AUDIO_MAX_SECONDS from the start). */
export function audioChromaWords(audio: DecodedAudio): Uint32Array {
  const mono = mixToMono(audio, Math.ceil(AUDIO_MAX_SECONDS * audio.sampleRate));
  const samples = resample(mono, audio.sampleRate, AUDIO_ANALYSIS_RATE);
  return wordsFromChroma(chromaFrames(samples));
}

export function wordsToHex(words: Uint32Array): string {
  let hex = '';
  for (const w of words) hex += w.toString(16).padStart(8, '0');
  return hex;
}

export function wordsFromHex(hex: string): Uint32Array {
  if (hex.length % 8 !== 0 || !/^[0-9a-f]*$/i.test(hex)) {
    throw new RangeError('an audio-chroma value is lower-case hex, 8 digits per word');
  }
  const words = new Uint32Array(hex.length / 8);
  for (let i = 0; i < words.length; i++) words[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return words;
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export interface AudioAlignment {
  /** Fraction of differing bits over the overlap at the best offset (0 = identical, ~0.5 = unrelated). */
  bitErrorRate: number;
  /** Offset of b relative to a in words (positive: b starts later in a). */
  offsetWords: number;
  overlapWords: number;
}

/**
 * Best alignment of two fingerprints: slides one over the other by up to `maxOffsetWords` and keeps the
 * offset with the lowest bit error rate, so a copy trimmed by a few seconds still lines up. Offsets
 * whose overlap is shorter than `minOverlapWords` (or than the shorter fingerprint) are not considered.
 */
export function audioBitErrorRate(
  a: Uint32Array,
  b: Uint32Array,
  maxOffsetWords: number,
  minOverlapWords: number,
): AudioAlignment {
  const needed = Math.min(minOverlapWords, a.length, b.length);
  let best: AudioAlignment = { bitErrorRate: 1, offsetWords: 0, overlapWords: 0 };
  if (needed === 0) return best;
  for (let offset = -maxOffsetWords; offset <= maxOffsetWords; offset++) {
    const startA = Math.max(0, offset);
    const startB = Math.max(0, -offset);
    const overlap = Math.min(a.length - startA, b.length - startB);
    if (overlap < needed) continue;
    let errors = 0;
    for (let i = 0; i < overlap; i++) errors += popcount32(a[startA + i]! ^ b[startB + i]!);
    const rate = errors / (overlap * 32);
    if (rate < best.bitErrorRate) best = { bitErrorRate: rate, offsetWords: offset, overlapWords: overlap };
  }
  return best;
}
