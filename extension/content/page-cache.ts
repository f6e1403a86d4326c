// Media the page has already downloaded, read again from the browser's HTTP cache by the content script
// (which shares the page's cache partition; the extension's own requests do not): same-origin only, never
// from the network. A file whose headers show no manifest sends only those headers; one that may carry a
// credential sends its bytes. Anything else (not cached, another origin, too large) is left to the extension,
// which downloads the file itself.
import { headersSuffice, sniffHeaders } from '../../src/verify/sniff.ts';
import { streamedBody } from '../../src/verify/streamed-body.ts';
import { MAX_INLINE_BYTES, type ReportedMedia } from '../platform/messages.ts';

/** What the page's copy gives the extension: its headers (with the whole size) or its whole bytes. */
export type CachedMedia = Pick<ReportedMedia, 'head' | 'size' | 'bytes' | 'mediaType'>;

/** Larger files are left to the extension's own download: their bytes would weigh on the page's messages. */
const MAX_PAGE_BYTES = 1024 * 1024;
/**
 * Up to this size bytes are encoded here, in well under a millisecond; larger ones by a FileReader, off the
 * page's main thread. A Blob is registered with (and read back from) the browser process: on a page of
 * hundreds of images that round trip, not the encoding, was the cost.
 */
const ENCODE_HERE_BYTES = 64 * 1024;

/** The browser's own btoa, a chunk of bytes at a time (a base64 library costs every page its start-up). */
function base64Here(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 8192)
    binary += String.fromCharCode(...bytes.subarray(at, at + 8192));
  return btoa(binary);
}

const encoded = (bytes: Uint8Array): Promise<string> | string =>
  bytes.length <= ENCODE_HERE_BYTES
    ? base64Here(bytes)
    : base64Of(new Blob([bytes as Uint8Array<ArrayBuffer>]));

/**
 * Base64 of a blob, encoded off the page's main thread. Firefox gives content scripts the page's own buffer
 * for a page's blob, which they may not slice as a typed array; a data: URL arrives as a plain string.
 */
export function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export function sameOrigin(src: string, pageUrl: string): boolean {
  try {
    const url = new URL(src);
    return /^https?:$/.test(url.protocol) && url.origin === new URL(pageUrl).origin;
  } catch {
    return false;
  }
}

export async function readFromPageCache(src: string, signal: AbortSignal): Promise<CachedMedia | undefined> {
  if (!sameOrigin(src, location.href)) return undefined;
  let response: Response;
  try {
    // only-if-cached never touches the network; it needs mode same-origin.
    response = await fetch(src, {
      cache: 'only-if-cached',
      mode: 'same-origin',
      credentials: 'same-origin',
      signal,
    });
  } catch {
    return undefined;
  }
  if (!response.ok || response.status !== 200) {
    void response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const declared = response.headers.get('content-type') ?? undefined;
  const mediaType = declared ? { mediaType: declared.split(';')[0]?.trim() ?? declared } : {};
  const body = streamedBody(response, MAX_PAGE_BYTES);
  try {
    const found = await sniffHeaders(body.read, body.totalSize);
    const size = found.totalSize;
    if (headersSuffice(found) && size !== undefined && size <= MAX_INLINE_BYTES) {
      body.cancel();
      return {
        head: await encoded(found.prefix),
        size,
        ...mediaType,
      };
    }
    if (size !== undefined && size > MAX_PAGE_BYTES) {
      body.cancel();
      return undefined;
    }
    const bytes = await body.all();
    return { bytes: await encoded(bytes), ...mediaType };
  } catch {
    body.cancel(); // too large (BodyTooLargeError) or the read failed: the extension downloads it
    return undefined;
  }
}
