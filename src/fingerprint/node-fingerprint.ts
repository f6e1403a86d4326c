// Fingerprints of media files in Node: picks the algorithms for the file's kind and decodes it.
import { readFile } from 'node:fs/promises';
import { detectMediaType } from '../verify/media-type.ts';
import { audioChromaWords, wordsToHex } from './audio-chroma.ts';
import { fingerprintKeyframes, fingerprintPixels } from './image.ts';
import { decodeAudio, decodeImage, decodeVideoFrames, FingerprintError } from './node-decode.ts';
import type { Fingerprint } from './types.ts';

export { FingerprintError } from './node-decode.ts';

/** Largest file fingerprinted, in bytes. */
export const MAX_FINGERPRINT_BYTES = 512 * 1024 * 1024;

/** Kinds of media with a fingerprint, from a media type. */
export type FingerprintKind = 'image' | 'audio' | 'video';

export function fingerprintKind(mediaType: string): FingerprintKind | undefined {
  const type = mediaType.toLowerCase().split(';')[0]!.trim();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return undefined;
}

async function audioFingerprint(bytes: Uint8Array): Promise<Fingerprint> {
  const words = audioChromaWords(await decodeAudio(bytes));
  if (words.length === 0)
    throw new FingerprintError('decode-failed', 'the audio is too short to fingerprint (under 0.4 s)');
  return { algorithm: 'audio-chroma', value: wordsToHex(words), bits: words.length * 32 };
}

/**
 * Fingerprints of a file's content: `pdq` and `pdq64` for images, `audio-chroma` for audio,
 * `video-keyframes` (plus `audio-chroma` of the soundtrack when it decodes) for video.
 * Throws FingerprintError for unsupported or undecodable media.
 */
export async function fingerprintBytes(bytes: Uint8Array, mediaType: string): Promise<Fingerprint[]> {
  if (bytes.length > MAX_FINGERPRINT_BYTES) {
    throw new FingerprintError('too-large', `file is larger than ${MAX_FINGERPRINT_BYTES} bytes`);
  }
  const kind = fingerprintKind(mediaType);
  switch (kind) {
    case 'image':
      return fingerprintPixels(await decodeImage(bytes));
    case 'audio':
      return [await audioFingerprint(bytes)];
    case 'video': {
      const frames = await decodeVideoFrames(bytes);
      if (frames.length === 0)
        throw new FingerprintError('decode-failed', 'the video has no decodable frames');
      const result = [fingerprintKeyframes(frames)];
      // The soundtrack is a bonus: silent videos and unusual audio codecs still get the frame fingerprint.
      const soundtrack = await audioFingerprint(bytes).catch(() => undefined);
      if (soundtrack) result.push(soundtrack);
      return result;
    }
    default:
      throw new FingerprintError(
        'unsupported-media',
        `no fingerprint for ${mediaType}: images, audio and video are supported`,
      );
  }
}

/** Fingerprints of a file, its type sniffed from its bytes (falling back to its name). */
export async function fingerprintFile(path: string): Promise<Fingerprint[]> {
  const bytes = new Uint8Array(await readFile(path));
  const { mediaType } = detectMediaType(bytes, path);
  return fingerprintBytes(bytes, mediaType);
}
