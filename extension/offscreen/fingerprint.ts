// Image fingerprints in the browser: the browser's own decoder (createImageBitmap) and an OffscreenCanvas
// turn bytes into pixels, then the same platform-free PDQ/pdq64 code as the CLI hashes them.
import { fingerprintPixels } from '../../src/fingerprint/image.ts';
import type { Fingerprint } from '../../src/fingerprint/types.ts';

/** Largest image decoded (pixels), as in the CLI: larger ones are refused rather than exhausting memory. */
export const MAX_BROWSER_IMAGE_PIXELS = 100_000_000;

/** Why an image could not be fingerprinted in the browser. */
export class BrowserFingerprintError extends Error {
  override readonly name = 'BrowserFingerprintError';
  constructor(
    readonly code: 'unsupported-media' | 'decode-failed' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

/**
 * PDQ and pdq64 of an image's bytes. EXIF orientation is applied and alpha is kept unpremultiplied, as the
 * Node decoder does, so the hashes match the CLI's up to small decoder differences (JPEG upsampling).
 */
export async function fingerprintImageBytes(bytes: Uint8Array, mediaType: string): Promise<Fingerprint[]> {
  const type = mediaType.toLowerCase().split(';')[0]!.trim();
  if (!type.startsWith('image/')) {
    throw new BrowserFingerprintError('unsupported-media', `no image fingerprint for ${mediaType}`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'default',
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BrowserFingerprintError('decode-failed', `the browser could not decode the image: ${reason}`);
  }
  try {
    const { width, height } = bitmap;
    if (width * height > MAX_BROWSER_IMAGE_PIXELS) {
      throw new BrowserFingerprintError(
        'too-large',
        `image is larger than ${MAX_BROWSER_IMAGE_PIXELS} pixels`,
      );
    }
    if (width === 0 || height === 0) throw new BrowserFingerprintError('decode-failed', 'the image is empty');
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new BrowserFingerprintError('decode-failed', 'no 2D canvas is available');
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, width, height, { colorSpace: 'srgb' });
    return fingerprintPixels({ width, height, channels: 4, data: pixels.data });
  } finally {
    bitmap.close();
  }
}
