// One download per medium: the response body is read as the sniff asks for it, and the full verification
// reuses the same bytes. A file whose headers show no manifest is cancelled before the rest arrives.
import type { RangeReader } from './sniff.ts';

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

export interface StreamedBody {
  /** Bytes [offset, offset + length) once they have arrived; fewer at the end of the body. */
  read: RangeReader;
  /** The whole size: Content-Length (when the body is not re-encoded), or the length once the body ended. */
  totalSize(): number | undefined;
  /** The whole body (what was already read is kept, not downloaded again). */
  all(): Promise<Uint8Array>;
  /** Stops the download: nothing more is read. */
  cancel(): void;
}

export function streamedBody(response: Response, maxBytes: number): StreamedBody {
  const encoding = response.headers.get('content-encoding');
  const lengthHeader = response.headers.get('content-length');
  // A compressed body arrives decoded, so its Content-Length says nothing about the bytes we read.
  const declared =
    (!encoding || encoding === 'identity') && lengthHeader !== null && /^\d+$/.test(lengthHeader.trim())
      ? Number(lengthHeader)
      : undefined;
  const reader = response.body?.getReader();
  let buffer = new Uint8Array(Math.min(declared ?? 64 * 1024, maxBytes));
  let received = 0;
  let ended = reader === undefined;
  let pumping: Promise<void> | undefined;

  const append = (chunk: Uint8Array): void => {
    if (received + chunk.length > maxBytes)
      throw new BodyTooLargeError('the file is too large to verify here');
    if (received + chunk.length > buffer.length) {
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(buffer.length * 2, received + chunk.length)));
      grown.set(buffer.subarray(0, received));
      buffer = grown;
    }
    buffer.set(chunk, received);
    received += chunk.length;
  };

  /** Reads chunks until `wanted` bytes have arrived or the body ended; one pump at a time. */
  const fill = async (wanted: number): Promise<void> => {
    while (!ended && received < wanted) {
      pumping ??= (async () => {
        const step = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
        if (step.done) ended = true;
        else append(step.value);
      })().finally(() => {
        pumping = undefined;
      });
      await pumping;
    }
  };

  return {
    async read(offset, length) {
      await fill(offset + length);
      return buffer.slice(Math.min(offset, received), Math.min(offset + length, received));
    },
    totalSize: () => declared ?? (ended ? received : undefined),
    async all() {
      await fill(Number.POSITIVE_INFINITY);
      return buffer.length === received ? buffer : buffer.slice(0, received);
    },
    cancel() {
      if (ended) return;
      ended = true;
      void reader?.cancel().catch(() => undefined);
    },
  };
}
