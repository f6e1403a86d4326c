// Deterministic synthetic images and sounds for fingerprint tests and the robustness benchmark.
import type { PixelImage } from '../../src/fingerprint/pdq.ts';

/** mulberry32: a small seeded PRNG, so every run draws the same scenes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An RGB scene: a two-colour gradient background, a handful of filled circles, rectangles and
 * triangles, and mild pixel noise, all drawn from `seed`.
 */
export function syntheticScene(seed: number, width = 480, height = 360): PixelImage {
  const random = seededRandom(seed);
  const colour = (): [number, number, number] => [random() * 255, random() * 255, random() * 255];
  const data = new Uint8Array(width * height * 3);
  const from = colour();
  const to = colour();
  const angle = random() * Math.PI * 2;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const span = Math.abs(dx) * width + Math.abs(dy) * height;
  const shapes = Array.from({ length: 4 + Math.floor(random() * 6) }, () => ({
    kind: Math.floor(random() * 3),
    cx: random() * width,
    cy: random() * height,
    size: (0.08 + random() * 0.3) * Math.min(width, height),
    rotation: random() * Math.PI,
    rgb: colour(),
  })).map((shape) => ({ ...shape, cos: Math.cos(shape.rotation), sin: Math.sin(shape.rotation) }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(
        1,
        Math.max(0, (x * dx + y * dy + (dx < 0 ? -dx * width : 0) + (dy < 0 ? -dy * height : 0)) / span),
      );
      let rgb: [number, number, number] = [
        from[0] + (to[0] - from[0]) * t,
        from[1] + (to[1] - from[1]) * t,
        from[2] + (to[2] - from[2]) * t,
      ];
      for (const shape of shapes) {
        const px = x - shape.cx;
        const py = y - shape.cy;
        const u = px * shape.cos + py * shape.sin;
        const v = -px * shape.sin + py * shape.cos;
        const inside =
          shape.kind === 0
            ? u * u + v * v < shape.size * shape.size
            : shape.kind === 1
              ? Math.abs(u) < shape.size && Math.abs(v) < shape.size * 0.6
              : v > -shape.size * 0.5 && Math.abs(u) < (shape.size - v) * 0.6 && v < shape.size;
        if (inside) rgb = shape.rgb;
      }
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        data[o + c] = Math.max(0, Math.min(255, Math.round(rgb[c as 0 | 1 | 2] + (random() - 0.5) * 24)));
      }
    }
  }
  return { width, height, channels: 3, data };
}

/**
 * A mono test tune at `sampleRate`: a seeded sequence of notes (two partials each, with an attack and
 * decay) over soft noise, so different seeds give different melodies.
 */
export function syntheticTune(seed: number, seconds: number, sampleRate = 22050): Float32Array {
  const random = seededRandom(seed);
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  let start = 0;
  while (start < samples.length) {
    const duration = Math.round((0.15 + random() * 0.45) * sampleRate);
    const midi = 48 + Math.floor(random() * 36);
    const second = midi + [3, 4, 7, 12][Math.floor(random() * 4)]!;
    const f1 = 440 * 2 ** ((midi - 69) / 12);
    const f2 = 440 * 2 ** ((second - 69) / 12);
    const amplitude = 0.2 + random() * 0.25;
    for (let i = 0; i < duration && start + i < samples.length; i++) {
      const t = i / sampleRate;
      const envelope = Math.min(1, i / (0.01 * sampleRate)) * Math.exp(-3 * (i / duration));
      samples[start + i] =
        amplitude * envelope * (Math.sin(2 * Math.PI * f1 * t) + 0.5 * Math.sin(2 * Math.PI * f2 * t)) +
        (random() - 0.5) * 0.02;
    }
    start += duration;
  }
  return samples;
}

/** A 16-bit mono PCM WAV file of `samples` (clipped to [-1, 1]). */
export function wavFile(samples: Float32Array, sampleRate: number): Uint8Array {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0);
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36);
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), 44 + i * 2);
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
