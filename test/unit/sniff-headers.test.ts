import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../demo/media/generate.ts';
import {
  type HeaderSniff,
  headersSuffice,
  httpRangeReader,
  RangeNotSupportedError,
  type SniffResult,
  sniffHeaders,
} from '../../src/verify/sniff.ts';

/** A fetch stand-in for one file that honours `Range: bytes=a-b` (or ignores it), counting bytes sent. */
function serve(file: Uint8Array, honoursRange = true) {
  const sent = { bytes: 0, requests: 0 };
  const fetchRange = async (_url: string, range: string): Promise<Response> => {
    sent.requests += 1;
    const match = /^bytes=(\d+)-(\d+)$/.exec(range);
    if (!honoursRange || !match) {
      sent.bytes += file.length;
      return new Response(file as Uint8Array<ArrayBuffer>, { status: 200 });
    }
    const start = Number(match[1]);
    if (start >= file.length) return new Response(null, { status: 416 });
    const end = Math.min(file.length - 1, Number(match[2]));
    const part = file.slice(start, end + 1);
    sent.bytes += part.length;
    return new Response(part, {
      status: 206,
      headers: { 'content-range': `bytes ${start}-${end}/${file.length}` },
    });
  };
  return { fetchRange, sent };
}

const noisyJpeg = async (): Promise<Uint8Array> => {
  const side = 600;
  let seed = 7;
  const pixels = new Uint8Array(side * side * 3).map(() => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 24;
  });
  return new Uint8Array(
    await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
      .withExif({ IFD0: { Software: 'Example Editor 1.0' } })
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
};

describe('sniffHeaders over HTTP Range requests', () => {
  it('rejects a JPEG without a manifest after reading its headers only', async () => {
    const jpeg = await noisyJpeg();
    const { fetchRange, sent } = serve(jpeg);
    const { read, totalSize } = httpRangeReader('https://example.org/a.jpg', fetchRange);
    const found = await sniffHeaders(read, totalSize, { blockSize: 4096 });
    expect(found.sniff.answer).toBe('no-manifest');
    expect(found.totalSize).toBe(jpeg.length);
    expect(found.prefixCoversWalk).toBe(true);
    expect(sent.bytes).toBe(4096);
    expect(jpeg.length).toBeGreaterThan(50 * 4096);
  });

  it('returns the leading bytes up to the start of the image data, EXIF included', async () => {
    const jpeg = await noisyJpeg();
    const { fetchRange } = serve(jpeg);
    const { read, totalSize } = httpRangeReader('https://example.org/a.jpg', fetchRange);
    const found = await sniffHeaders(read, totalSize, { blockSize: 4096 });
    const sos = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xda);
    expect(found.prefix.length).toBe(sos + 4);
    expect(Buffer.from(found.prefix).equals(Buffer.from(jpeg.subarray(0, sos + 4)))).toBe(true);
    expect(Buffer.from(found.prefix).includes('Example Editor 1.0')).toBe(true);
  });

  it('finds the manifest of a signed fixture', async () => {
    const fixtures = await ensureFixtures();
    const { fetchRange } = serve(fixtures.read('human-capture.jpg'));
    const { read, totalSize } = httpRangeReader('https://example.org/b.jpg', fetchRange);
    expect((await sniffHeaders(read, totalSize)).sniff.answer).toBe('manifest');
  });

  it('caps the prefix and says so when the headers lie further in than allowed', async () => {
    const jpeg = await noisyJpeg();
    const { fetchRange } = serve(jpeg);
    const { read, totalSize } = httpRangeReader('https://example.org/a.jpg', fetchRange);
    const found = await sniffHeaders(read, totalSize, { blockSize: 64, maxPrefix: 64 });
    expect(found.prefix.length).toBe(64);
    expect(found.prefixCoversWalk).toBe(false);
  });

  it('gives up with RangeNotSupportedError when the server sends the whole file', async () => {
    const { fetchRange } = serve(await noisyJpeg(), false);
    const { read, totalSize } = httpRangeReader('https://example.org/a.jpg', fetchRange);
    await expect(sniffHeaders(read, totalSize)).rejects.toBeInstanceOf(RangeNotSupportedError);
  });

  it('fails with the HTTP status for other answers', async () => {
    const { read, totalSize } = httpRangeReader(
      'https://example.org/gone.jpg',
      async () => new Response('gone', { status: 404 }),
    );
    await expect(sniffHeaders(read, totalSize)).rejects.toThrow('HTTP 404');
  });
});

describe('whether the headers settle a verdict', () => {
  const found = (
    over: Partial<HeaderSniff> & { answer?: SniffResult['answer']; xmp?: boolean },
  ): HeaderSniff => ({
    sniff: {
      answer: over.answer ?? 'no-manifest',
      format: 'jpeg',
      reason: 'r',
      xmp: over.xmp ?? false,
      bytesRead: 8,
    },
    totalSize: 'totalSize' in over ? over.totalSize : 1000,
    prefix: over.prefix ?? new Uint8Array(8),
    prefixCoversWalk: over.prefixCoversWalk ?? true,
  });
  const link = new TextEncoder().encode('<x dcterms:provenance="https://example.org/m.c2pa"/>');

  it('settles a file without a manifest or XMP whose size is known, and nothing else', () => {
    expect(headersSuffice(found({}))).toBe(true);
    expect(headersSuffice(found({ answer: 'manifest' }))).toBe(false);
    expect(headersSuffice(found({ totalSize: undefined }))).toBe(false);
    expect(headersSuffice(found({ xmp: true }))).toBe(true);
    expect(headersSuffice(found({ xmp: true, prefixCoversWalk: false }))).toBe(false);
    expect(headersSuffice(found({ xmp: true, prefix: link }))).toBe(false);
  });
});
