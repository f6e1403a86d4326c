// Large media without a manifest, generated once per machine into the temp folder (sharp, ffmpeg).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const DIR = path.join(tmpdir(), 'provlens-bench-media');

function cached(name: string): { file: string; ready: boolean } {
  mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, name);
  return { file, ready: existsSync(file) && statSync(file).size > 0 };
}

/** A ~3 MB baseline JPEG of noise (noise does not compress, so the size is predictable). */
export async function plainJpeg(): Promise<string> {
  const { file, ready } = cached('plain-3mb.jpg');
  if (ready) return file;
  const side = 1920;
  const pixels = new Uint8Array(side * side * 3);
  let seed = 12345;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = seed >>> 24;
  }
  const jpeg = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  writeFileSync(`${file}.part`, jpeg);
  renameSync(`${file}.part`, file);
  return file;
}

/** A ~20 MB H.264 MP4 (moov after mdat, as most encoders write it). */
export function plainMp4(): string {
  const { file, ready } = cached('plain-20mb.mp4');
  if (ready) return file;
  const part = `${file}.part.mp4`;
  const run = spawnSync(
    'ffmpeg',
    [
      '-y',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1280x720:rate=30',
      '-t',
      '20',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-b:v',
      '8M',
      '-maxrate',
      '8M',
      '-bufsize',
      '8M',
      '-pix_fmt',
      'yuv420p',
      part,
    ],
    { encoding: 'utf8' },
  );
  if (run.error || run.status !== 0)
    throw new Error(`ffmpeg could not make the MP4 (is it installed?): ${run.error?.message ?? run.stderr}`);
  renameSync(part, file);
  return file;
}

/** A 100 MB 16-bit stereo WAV of a tone: a large file any engine must walk. */
export function largeWav(): string {
  const { file, ready } = cached('large-100mb.wav');
  if (ready) return file;
  const dataBytes = 100 * 1024 * 1024;
  const bytes = Buffer.alloc(44 + dataBytes);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(36 + dataBytes, 4);
  bytes.write('WAVEfmt ', 8, 'ascii');
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20); // PCM
  bytes.writeUInt16LE(2, 22);
  bytes.writeUInt32LE(44_100, 24);
  bytes.writeUInt32LE(44_100 * 4, 28);
  bytes.writeUInt16LE(4, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write('data', 36, 'ascii');
  bytes.writeUInt32LE(dataBytes, 40);
  for (let i = 44; i + 1 < bytes.length; i += 2)
    bytes.writeInt16LE(Math.round(8000 * Math.sin((i / 4) * 0.0627)), i);
  writeFileSync(`${file}.part`, bytes);
  renameSync(`${file}.part`, file);
  return file;
}
