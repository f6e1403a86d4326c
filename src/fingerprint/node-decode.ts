// Node-only decoding for fingerprints: images with sharp, audio with audio-decode (pure JS/wasm), video
// frames with the ffmpeg command when it is installed.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import decodeAudioBytes from 'audio-decode';
import sharp from 'sharp';
import type { DecodedAudio } from './audio-chroma.ts';
import type { PixelImage } from './pdq.ts';

/** Why a file could not be fingerprinted, in words a person can act on. */
export class FingerprintError extends Error {
  override readonly name = 'FingerprintError';
  constructor(
    readonly code: 'unsupported-media' | 'decode-failed' | 'decoder-missing' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

/** Largest image decoded (pixels): larger ones are refused rather than exhausting memory. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Video frames are sampled this many seconds apart, from the start. */
export const VIDEO_FRAME_INTERVAL_SECONDS = 1;
/** Most frames sampled from one video (the first two minutes at one per second). */
export const VIDEO_MAX_FRAMES = 120;
/** Side of the square grey frames ffmpeg hands over; PDQ reduces them to 64x64 anyway. */
const VIDEO_FRAME_SIDE = 256;
const FFMPEG_TIMEOUT_MS = 60_000;

/** Decodes an image to RGBA, upright per its EXIF orientation; animated images give their first frame. */
export async function decodeImage(bytes: Uint8Array): Promise<PixelImage> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'none' })
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      channels: 4,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (/pixel limit/i.test(reason ?? '')) {
      throw new FingerprintError('too-large', `image is larger than ${MAX_IMAGE_PIXELS} pixels`);
    }
    throw new FingerprintError('decode-failed', `could not decode the image: ${reason}`);
  }
}

/** Decodes WAV, MP3, FLAC, M4A/AAC, Ogg and the audio track of MP4 to float samples. */
export async function decodeAudio(bytes: Uint8Array): Promise<DecodedAudio> {
  let decoded: { sampleRate: number; channelData: Float32Array[] };
  try {
    decoded = await decodeAudioBytes(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FingerprintError('decode-failed', `could not decode the audio: ${reason}`);
  }
  const samples = decoded.channelData[0]?.length ?? 0;
  if (samples === 0 || !(decoded.sampleRate > 0)) {
    throw new FingerprintError('decode-failed', 'the audio decoded to no samples');
  }
  return { sampleRate: decoded.sampleRate, channelData: decoded.channelData };
}

function runFfmpeg(args: string[], maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), FFMPEG_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) child.kill('SIGKILL');
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new FingerprintError(
              'decoder-missing',
              'video fingerprints need the ffmpeg command (e.g. apt-get install ffmpeg)',
            )
          : error,
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks));
      else {
        const reason = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
        reject(new FingerprintError('decode-failed', `could not decode the video: ${reason}`));
      }
    });
  });
}

export interface VideoFrame {
  luma: Float32Array;
  width: number;
  height: number;
}

/**
 * Grey frames sampled every VIDEO_FRAME_INTERVAL_SECONDS from the first video stream, scaled to a
 * square (PDQ ignores aspect ratio). Needs the ffmpeg command; the file goes through a private
 * temporary folder because MP4 demuxing needs to seek.
 */
export async function decodeVideoFrames(bytes: Uint8Array): Promise<VideoFrame[]> {
  const folder = await mkdtemp(join(tmpdir(), 'provlens-video-'));
  try {
    const input = join(folder, 'input');
    await writeFile(input, bytes);
    const frameBytes = VIDEO_FRAME_SIDE * VIDEO_FRAME_SIDE;
    const raw = await runFfmpeg(
      [
        '-v',
        'error',
        '-nostdin',
        '-i',
        input,
        '-map',
        '0:v:0',
        '-an',
        '-sn',
        '-vf',
        `fps=1/${VIDEO_FRAME_INTERVAL_SECONDS},scale=${VIDEO_FRAME_SIDE}:${VIDEO_FRAME_SIDE}:flags=area,format=gray`,
        '-frames:v',
        String(VIDEO_MAX_FRAMES),
        '-f',
        'rawvideo',
        'pipe:1',
      ],
      frameBytes * VIDEO_MAX_FRAMES,
    );
    const frames: VideoFrame[] = [];
    for (let offset = 0; offset + frameBytes <= raw.length; offset += frameBytes) {
      const luma = new Float32Array(frameBytes);
      for (let i = 0; i < frameBytes; i++) luma[i] = raw[offset + i]!;
      frames.push({ luma, width: VIDEO_FRAME_SIDE, height: VIDEO_FRAME_SIDE });
    }
    return frames;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
