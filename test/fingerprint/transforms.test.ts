// Match / no-match on transformed copies: generated scenes, corpus photos read in place, audio, video.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AUDIO_SECONDS_PER_WORD,
  audioBitErrorRate,
  audioChromaWords,
  wordsToHex,
} from '../../src/fingerprint/audio-chroma.ts';
import { fingerprintPixels } from '../../src/fingerprint/image.ts';
import { compareFingerprints } from '../../src/fingerprint/match.ts';
import { fingerprintBytes, fingerprintFile } from '../../src/fingerprint/node-fingerprint.ts';
import type { PixelImage } from '../../src/fingerprint/pdq.ts';
import type { Fingerprint, FingerprintAlgorithm } from '../../src/fingerprint/types.ts';
import { syntheticScene, syntheticTune, wavFile } from './scenes.ts';

const CORPUS_FILES = resolve(process.cwd(), '../shared/corpus/files');
const scratch = mkdtempSync(join(tmpdir(), 'provlens-fp-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const pick = (fps: Fingerprint[], algorithm: FingerprintAlgorithm): Fingerprint =>
  fps.find((fp) => fp.algorithm === algorithm)!;
const raw = (image: PixelImage) =>
  sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
const same = async (a: Uint8Array, b: Uint8Array, type: string, algorithm: FingerprintAlgorithm) =>
  compareFingerprints(
    pick(await fingerprintBytes(a, type), algorithm),
    pick(await fingerprintBytes(b, type), algorithm),
  ).same;

describe('images: copies of a generated scene', () => {
  const scene = syntheticScene(21, 640, 480);
  const original = fingerprintPixels(scene);
  const copies: [string, () => Promise<Buffer>][] = [
    ['a JPEG at quality 50', () => raw(scene).jpeg({ quality: 50 }).toBuffer()],
    ['a half-size PNG', () => raw(scene).resize(320).png().toBuffer()],
    ['a WebP', () => raw(scene).webp({ quality: 75 }).toBuffer()],
    [
      'a 5% centred crop',
      () => raw(scene).extract({ left: 16, top: 12, width: 608, height: 456 }).png().toBuffer(),
    ],
  ];
  for (const [name, make] of copies) {
    it(`matches ${name} by pdq and pdq64`, async () => {
      const copy = await fingerprintBytes(new Uint8Array(await make()), 'image/png');
      expect([
        compareFingerprints(pick(original, 'pdq'), pick(copy, 'pdq')).same,
        compareFingerprints(pick(original, 'pdq64'), pick(copy, 'pdq64')).same,
      ]).toEqual([true, true]);
    });
  }

  it('does not match a different scene', () => {
    const other = fingerprintPixels(syntheticScene(22, 640, 480));
    expect([
      compareFingerprints(pick(original, 'pdq'), pick(other, 'pdq')).same,
      compareFingerprints(pick(original, 'pdq64'), pick(other, 'pdq64')).same,
    ]).toEqual([false, false]);
  });

  it('does not match the scene with a caption bar added (a known PDQ limit)', async () => {
    const captioned = await raw(scene).extend({ bottom: 60, background: '#111111' }).png().toBuffer();
    const copy = await fingerprintBytes(new Uint8Array(captioned), 'image/png');
    expect(compareFingerprints(pick(original, 'pdq'), pick(copy, 'pdq')).same).toBe(false);
  });
});

describe('images: corpus files read in place', () => {
  const file = (name: string) => join(CORPUS_FILES, name);

  it('matches a signed JPEG with its AVIF twin', async () => {
    const [a, b] = [
      await fingerprintFile(file('ms-cards_trusted.jpg')),
      await fingerprintFile(file('ms-cards_trusted.avif')),
    ];
    expect(compareFingerprints(pick(a, 'pdq'), pick(b, 'pdq')).same).toBe(true);
  });

  it('matches an edited version of a photograph with its source', async () => {
    const [a, b] = [
      await fingerprintFile(file('pt-adobe-20220124-A.jpg')),
      await fingerprintFile(file('rs-CACA.jpg')),
    ];
    expect(compareFingerprints(pick(a, 'pdq'), pick(b, 'pdq')).same).toBe(true);
  });

  it('matches a photo re-encoded as JPEG quality 60 at a third of its size', async () => {
    const bytes = readFileSync(file('pt-nikon-20221019-building.jpg'));
    const meta = await sharp(bytes).metadata();
    const copy = await sharp(bytes)
      .rotate()
      .resize(Math.round((meta.width ?? 300) / 3))
      .jpeg({ quality: 60 })
      .toBuffer();
    expect(await same(new Uint8Array(bytes), new Uint8Array(copy), 'image/jpeg', 'pdq')).toBe(true);
  });

  it('tells two different AI images apart', async () => {
    const [a, b] = [
      await fingerprintFile(file('rs-cai.jpg')),
      await fingerprintFile(file('ms-bing_creator_cloud_surfing_puppy.jpg')),
    ];
    expect(compareFingerprints(pick(a, 'pdq'), pick(b, 'pdq')).same).toBe(false);
  });
});

let ffmpegRuns = 0;
function ffmpeg(input: Uint8Array, args: string[]): Uint8Array {
  const run = ffmpegRuns++;
  const [source, target] = [join(scratch, `in-${run}`), join(scratch, `out-${run}`)];
  writeFileSync(source, input);
  const result = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', source, ...args, target]);
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
  return new Uint8Array(readFileSync(target));
}

describe('audio', () => {
  const tune = syntheticTune(7, 20);
  const original = wavFile(tune, 22050);

  it('matches the same tune at half the volume with no bit errors', () => {
    const quiet = tune.map((s) => s * 0.5);
    const a = audioChromaWords({ sampleRate: 22050, channelData: [tune] });
    const b = audioChromaWords({ sampleRate: 22050, channelData: [quiet] });
    expect(audioBitErrorRate(a, b, 0, 1).bitErrorRate).toBe(0);
  });

  it('aligns a copy with its first 3 seconds cut at an offset of 3 s', () => {
    const a = audioChromaWords({ sampleRate: 22050, channelData: [tune] });
    const b = audioChromaWords({ sampleRate: 22050, channelData: [tune.subarray(3 * 22050)] });
    const alignment = audioBitErrorRate(a, b, 40, 40);
    expect(Math.round(alignment.offsetWords * AUDIO_SECONDS_PER_WORD)).toBe(3);
  });

  it('matches an MP3 re-encode at 64 kbit/s', async () => {
    const mp3 = ffmpeg(original, ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3']);
    expect(await same(original, mp3, 'audio/mpeg', 'audio-chroma')).toBe(true);
  });

  it('matches an M4A (AAC) re-encode with 2 seconds trimmed from the start', async () => {
    const m4a = ffmpeg(original, ['-ss', '2', '-c:a', 'aac', '-b:a', '96k', '-f', 'ipod']);
    expect(await same(original, m4a, 'audio/mp4', 'audio-chroma')).toBe(true);
  });

  it('matches a FLAC copy', async () => {
    const flac = ffmpeg(original, ['-c:a', 'flac', '-f', 'flac']);
    expect(await same(original, flac, 'audio/flac', 'audio-chroma')).toBe(true);
  });

  it('does not match a different tune', async () => {
    expect(await same(original, wavFile(syntheticTune(8, 20), 22050), 'audio/wav', 'audio-chroma')).toBe(
      false,
    );
  });

  it('matches a signed corpus MP3 with its unsigned source at distance 0', async () => {
    const [a, b] = [
      await fingerprintFile(join(CORPUS_FILES, 'ms-cicadas.mp3')),
      await fingerprintFile(join(CORPUS_FILES, 'ms-cicadas_trusted.mp3')),
    ];
    expect(compareFingerprints(pick(a, 'audio-chroma'), pick(b, 'audio-chroma'))).toMatchObject({
      distance: 0,
      same: true,
    });
  });
});

describe('video', () => {
  // A 6-second clip panning slowly across a generated scene, encoded with ffmpeg.
  function clip(seed: number): Uint8Array {
    const scene = syntheticScene(seed, 480, 360);
    const frames: Buffer[] = [];
    for (let f = 0; f < 6 * 10; f++) {
      const shift = f * 2;
      const frame = Buffer.alloc(320 * 240 * 3);
      for (let y = 0; y < 240; y++) {
        const from = ((y + 40) * 480 + shift) * 3;
        frame.set(scene.data.subarray(from, from + 320 * 3), y * 320 * 3);
      }
      frames.push(frame);
    }
    const rawPath = join(scratch, `clip-${seed}.rgb`);
    const mp4Path = join(scratch, `clip-${seed}.mp4`);
    writeFileSync(rawPath, Buffer.concat(frames));
    const result = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      '320x240',
      '-r',
      '10',
      '-i',
      rawPath,
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      mp4Path,
    ]);
    if (result.status !== 0) throw new Error(result.stderr.toString());
    return new Uint8Array(readFileSync(mp4Path));
  }

  it('matches a half-size, low-bitrate re-encode by key frames', async () => {
    const original = clip(31);
    const copy = ffmpeg(original, [
      '-vf',
      'scale=160:120',
      '-c:v',
      'libx264',
      '-crf',
      '38',
      '-f',
      'matroska',
    ]);
    expect(await same(original, copy, 'video/mp4', 'video-keyframes')).toBe(true);
  });

  it('does not match a clip of another scene', async () => {
    expect(await same(clip(31), clip(32), 'video/mp4', 'video-keyframes')).toBe(false);
  });

  it('matches a signed corpus video with its unsigned source at distance 0', async () => {
    const [a, b] = [
      await fingerprintFile(join(CORPUS_FILES, 'rs-video1.mp4')),
      await fingerprintFile(join(CORPUS_FILES, 'rs-video1_no_manifest.mp4')),
    ];
    expect(compareFingerprints(pick(a, 'video-keyframes'), pick(b, 'video-keyframes'))).toMatchObject({
      distance: 0,
      same: true,
    });
  });
});

describe('errors', () => {
  it('refuses a media type without a fingerprint', async () => {
    await expect(fingerprintBytes(new Uint8Array([1, 2, 3]), 'application/pdf')).rejects.toThrow(
      'no fingerprint for application/pdf: images, audio and video are supported',
    );
  });

  it('says an unreadable image could not be decoded', async () => {
    await expect(fingerprintFile(join(CORPUS_FILES, 'rs-tiff_poc.tiff'))).rejects.toMatchObject({
      code: 'decode-failed',
    });
  });

  it('writes hex words of 8 digits per audio frame', () => {
    expect(wordsToHex(new Uint32Array([0xdeadbeef, 1]))).toBe('deadbeef00000001');
  });
});
