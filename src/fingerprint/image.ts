// Image fingerprints from decoded pixels; platform-free so the extension can feed it canvas ImageData.
import { lumaFromPixels, type PixelImage, pdqFromLuma, pdqFromPixels } from './pdq.ts';
import { pdq64Hex } from './pdq64.ts';
import type { Fingerprint } from './types.ts';

/**
 * Side of the centre region behind `pdq64-centre`, as a fraction of each side: a copy cropped by up to
 * this much overall (5% off every edge) still looks like the original's centre.
 */
export const CENTRE_FRACTION = 0.9;
/** A caption bar or letterbox band is trimmed for `pdq64-trimmed` when it is this tall (of the height). */
export const BAND_MIN_FRACTION = 0.04;
export const BAND_MAX_FRACTION = 0.3;
/** Grey levels a band pixel may stray from the band's colour (JPEG ringing around caption text). */
const BAND_TOLERANCE = 20;
/** The edge row of a band is plain: nearly all of it is the band's colour. */
const BAND_EDGE_SHARE = 0.9;
/** Rows crossing caption text still show the band's colour in this share of their pixels. */
const BAND_ROW_SHARE = 0.2;
/** Beyond a band, the picture starts abruptly: few pixels of the band's colour in the next rows. */
const BAND_BEYOND_SHARE = 0.25;
const BAND_BEYOND_ROWS = 3;

/** A rectangle of an image, copied (same channels). */
export function cropPixels(
  image: PixelImage,
  region: { left: number; top: number; width: number; height: number },
): PixelImage {
  const { channels } = image;
  const data = new Uint8Array(region.width * region.height * channels);
  for (let y = 0; y < region.height; y++) {
    const from = ((region.top + y) * image.width + region.left) * channels;
    data.set(image.data.subarray(from, from + region.width * channels), y * region.width * channels);
  }
  return { width: region.width, height: region.height, channels, data };
}

/** The centred region `fraction` of each side of the image. */
export function centreOf(image: PixelImage, fraction = CENTRE_FRACTION): PixelImage {
  const left = Math.round((image.width * (1 - fraction)) / 2);
  const top = Math.round((image.height * (1 - fraction)) / 2);
  return cropPixels(image, { left, top, width: image.width - 2 * left, height: image.height - 2 * top });
}

function rowMedian(luma: Float32Array, width: number, row: number): number {
  const histogram = new Uint32Array(256);
  for (let x = 0; x < width; x++)
    histogram[Math.min(255, Math.max(0, Math.round(luma[row * width + x]!)))]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen * 2 >= width) return v;
  }
  return 255;
}

function shareNear(luma: Float32Array, width: number, row: number, colour: number): number {
  let near = 0;
  for (let x = 0; x < width; x++) if (Math.abs(luma[row * width + x]! - colour) <= BAND_TOLERANCE) near++;
  return near / width;
}

/**
 * Rows of a band added at one edge (a caption bar with text, a letterbox): a plain edge row, rows that
 * keep the band's colour, then an abrupt change to the picture. 0 when the edge has no such band (a
 * picture's own dark background fades out gradually, so it is left alone).
 */
function bandHeight(luma: Float32Array, width: number, height: number, fromBottom: boolean): number {
  const rowAt = (i: number) => (fromBottom ? height - 1 - i : i);
  const colour = rowMedian(luma, width, rowAt(0));
  if (shareNear(luma, width, rowAt(0), colour) < BAND_EDGE_SHARE) return 0;
  let rows = 1;
  while (rows < height && shareNear(luma, width, rowAt(rows), colour) >= BAND_ROW_SHARE) rows++;
  if (rows + BAND_BEYOND_ROWS > height) return 0;
  let beyond = 0;
  for (let i = 0; i < BAND_BEYOND_ROWS; i++) beyond += shareNear(luma, width, rowAt(rows + i), colour);
  return beyond / BAND_BEYOND_ROWS <= BAND_BEYOND_SHARE ? rows : 0;
}

/**
 * The image without a flat band added at its bottom or else its top (a caption bar), or undefined
 * when it has none of a plausible height. Used as an extra look-up probe: a band that belongs to the
 * picture only costs one more comparison.
 */
export function withoutCaptionBand(image: PixelImage): PixelImage | undefined {
  const { width, height } = image;
  if (width < 16 || height < 16) return undefined;
  const luma = lumaFromPixels(image);
  const plausible = (rows: number) =>
    rows >= height * BAND_MIN_FRACTION && rows <= height * BAND_MAX_FRACTION;
  // Captions sit at the bottom far more often than at the top; a picture with a plain top edge (sky, a
  // white page) must not lose it when the band is at the bottom, so only one edge is trimmed.
  const bottom = bandHeight(luma, width, height, true);
  if (plausible(bottom)) return cropPixels(image, { left: 0, top: 0, width, height: height - bottom });
  const top = bandHeight(luma, width, height, false);
  if (plausible(top)) return cropPixels(image, { left: 0, top, width, height: height - top });
  return undefined;
}

function pdq64Of(image: PixelImage): string {
  return pdq64Hex(pdqFromPixels(image).dct);
}

/**
 * PDQ and pdq64 of decoded pixels (grey, RGB or RGBA; e.g. an ImageData from a canvas), plus the
 * crop-resistant `pdq64-centre` and, when the image has a caption band, `pdq64-trimmed`.
 */
export function fingerprintPixels(image: PixelImage): Fingerprint[] {
  const pdq = pdqFromPixels(image);
  const fingerprints: Fingerprint[] = [
    { algorithm: 'pdq', value: pdq.hex, bits: 256, quality: pdq.quality },
    { algorithm: 'pdq64', value: pdq64Hex(pdq.dct), bits: 64, quality: pdq.quality },
  ];
  if (pdq.quality === 0) return fingerprints; // too small or blank: derived hashes say nothing more
  fingerprints.push({ algorithm: 'pdq64-centre', value: pdq64Of(centreOf(image)), bits: 64 });
  const trimmed = withoutCaptionBand(image);
  if (trimmed) fingerprints.push({ algorithm: 'pdq64-trimmed', value: pdq64Of(trimmed), bits: 64 });
  return fingerprints;
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
