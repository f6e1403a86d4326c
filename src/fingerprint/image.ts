// Image fingerprints from decoded pixels; platform-free so the extension can feed it canvas ImageData.
import { type PixelImage, pdqFromLuma, pdqFromPixels } from './pdq.ts';
import { pdq64Hex } from './pdq64.ts';
import type { Fingerprint } from './types.ts';

/** PDQ and pdq64 of decoded pixels (grey, RGB or RGBA; e.g. an ImageData from a canvas). */
export function fingerprintPixels(image: PixelImage): Fingerprint[] {
  const pdq = pdqFromPixels(image);
  return [
    { algorithm: 'pdq', value: pdq.hex, bits: 256, quality: pdq.quality },
    { algorithm: 'pdq64', value: pdq64Hex(pdq.dct), bits: 64, quality: pdq.quality },
  ];
}

/** Frames below this PDQ quality (black, blank or faded frames) are left out of a video fingerprint. */
export const KEYFRAME_MIN_QUALITY = 20;

/** Key-frame fingerprint of a video from luminance planes of frames sampled at fixed times. */
export function fingerprintKeyframes(
  frames: { luma: Float32Array; width: number; height: number }[],
): Fingerprint {
  if (frames.length === 0) throw new RangeError('a video fingerprint needs at least one frame');
  const hashed = frames.map((frame) => pdqFromLuma(frame.luma, frame.width, frame.height));
  const informative = hashed.filter((h) => h.quality >= KEYFRAME_MIN_QUALITY);
  const kept = informative.length > 0 ? informative : hashed;
  return {
    algorithm: 'video-keyframes',
    value: kept.map((h) => h.hex).join(''),
    bits: 256 * kept.length,
    quality: Math.min(...kept.map((h) => h.quality)),
  };
}
