// One download per medium: the header sniff and the full verification share one response body.
import { describe, expect, it } from 'vitest';
import { sniffHeaders } from '../../src/verify/sniff.ts';
import { BodyTooLargeError, streamedBody } from '../../src/verify/streamed-body.ts';

/** A response whose body arrives in the given chunks, counting how many were pulled and whether it was cancelled. */
function chunkedResponse(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  let next = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[next++];
        if (!chunk) {
          controller.close();
          return;
        }
        seen.pulled += 1;
        controller.enqueue(chunk);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { response: new Response(body, { headers }), seen };
}

const bytes = (length: number, from = 0) => Uint8Array.from({ length }, (_, i) => (from + i) % 251);

describe('streamed body', () => {
  it('reads only the chunks a read needs', async () => {
    const { response, seen } = chunkedResponse([bytes(10), bytes(10, 10), bytes(10, 20)], {
      'content-length': '30',
    });
    const body = streamedBody(response, 1000);
    expect([...(await body.read(2, 5))]).toEqual([2, 3, 4, 5, 6]);
    expect(seen.pulled).toBe(1);
    expect([...(await body.read(8, 4))]).toEqual([8, 9, 10, 11]);
    expect(seen.pulled).toBe(2);
    expect(body.totalSize()).toBe(30);
  });

  it('gives the whole body once, keeping what was read before', async () => {
    const { response, seen } = chunkedResponse([bytes(10), bytes(10, 10), bytes(5, 20)]);
    const body = streamedBody(response, 1000);
    await body.read(0, 4);
    expect(body.totalSize()).toBeUndefined();
    const all = await body.all();
    expect([...all]).toEqual([...bytes(25)]);
    expect(seen.pulled).toBe(3);
    expect(body.totalSize()).toBe(25);
    expect([...(await body.read(23, 10))]).toEqual([23, 24]);
  });

  it('stops the download when cancelled', async () => {
    const { response, seen } = chunkedResponse([bytes(10), bytes(10, 10), bytes(10, 20)], {
      'content-length': '30',
    });
    const body = streamedBody(response, 1000);
    await body.read(0, 4);
    body.cancel();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBe(1);
  });

  it('refuses a body past the size limit', async () => {
    const { response } = chunkedResponse([bytes(10), bytes(10, 10)]);
    await expect(streamedBody(response, 15).all()).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('trusts no Content-Length of a re-encoded body', async () => {
    const { response } = chunkedResponse([bytes(10)], { 'content-length': '4', 'content-encoding': 'gzip' });
    const body = streamedBody(response, 1000);
    expect(body.totalSize()).toBeUndefined();
    expect((await body.all()).length).toBe(10);
  });

  it('lets the header sniff answer a JPEG without a manifest from its first block', async () => {
    // SOI, an APP0 segment, then the start of the scan: the sniff stops at SOS.
    const jpeg = new Uint8Array(64 * 1024);
    jpeg.set([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    ]);
    jpeg.set([0x00, 0x01, 0x00, 0x00, 0xff, 0xda, 0x00, 0x08], 16);
    const chunks = Array.from({ length: 8 }, (_, i) => jpeg.subarray(i * 8192, (i + 1) * 8192));
    const { response, seen } = chunkedResponse(chunks, { 'content-length': String(jpeg.length) });
    const body = streamedBody(response, 1 << 20);
    const found = await sniffHeaders(body.read, body.totalSize);
    expect(found.sniff.answer).toBe('no-manifest');
    expect(found.totalSize).toBe(jpeg.length);
    expect(seen.pulled).toBe(1);
  });
});
