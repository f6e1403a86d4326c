// Cheap check for an embedded C2PA manifest before any wasm work: walks only the container headers a
// format needs (JPEG segments, PNG chunks, RIFF chunks, ISO-BMFF boxes, ID3 frames, GIF blocks, TIFF IFD0,
// SVG text) and says 'manifest' | 'no-manifest' | 'unknown'. Platform-free: callers supply the bytes or a
// range reader (HTTP Range request, Blob.slice, file handle).
import { concatBytes } from '@noble/hashes/utils.js';

export type SniffAnswer = 'manifest' | 'no-manifest' | 'unknown';

export type SniffFormat =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'wav'
  | 'avi'
  | 'riff'
  | 'bmff'
  | 'mp3'
  | 'tiff'
  | 'svg'
  | 'c2pa'
  | 'unknown';

export interface SniffResult {
  answer: SniffAnswer;
  format: SniffFormat;
  /** Media type as C2PA readers name it, when the container tells. */
  mediaType?: string;
  /** Whether an XMP packet was seen in the walked headers (it may carry IPTC AI metadata or a remote manifest URL). */
  xmp: boolean;
  /** Bytes the walk asked for (before any read-ahead the reader does). */
  bytesRead: number;
  /** One line saying what decided the answer. */
  reason: string;
}

/** Reads up to `length` bytes at `offset`; returns fewer at end of file and an empty array past it. */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array> | Uint8Array;

export interface SniffOptions {
  /** Most header reads a walk may do before answering 'unknown' (guards files with thousands of boxes). */
  maxReads?: number;
  /** Most bytes a text scan (SVG) may read before answering 'unknown'. */
  maxScanBytes?: number;
}

const DEFAULT_MAX_READS = 2048;
const DEFAULT_MAX_SCAN = 4 * 1024 * 1024;

interface ReadRequest {
  offset: number;
  length: number;
}

type Walk = Generator<ReadRequest, Omit<SniffResult, 'bytesRead'>, Uint8Array>;

const ascii = (bytes: Uint8Array, start = 0, end = bytes.length): string =>
  String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));

const u16be = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u16le = (b: Uint8Array, o: number): number => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32be = (b: Uint8Array, o: number): number => u16be(b, o) * 0x10000 + u16be(b, o + 2);
const u32le = (b: Uint8Array, o: number): number => u16le(b, o) + u16le(b, o + 2) * 0x10000;
const syncsafe = (b: Uint8Array, o: number): number =>
  (((b[o] ?? 0) & 0x7f) << 21) |
  (((b[o + 1] ?? 0) & 0x7f) << 14) |
  (((b[o + 2] ?? 0) & 0x7f) << 7) |
  ((b[o + 3] ?? 0) & 0x7f);

function indexOf(haystack: Uint8Array, needle: string, from = 0): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    if (haystack[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

const C2PA_UUID = 'd8fec3d61b0e483c92975828877ec481';
const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

type Done = Omit<SniffResult, 'bytesRead'>;

/** What a walk learns about one file as it goes (XMP seen, the media type) and how it answers. */
class Walked {
  xmp = false;
  constructor(
    readonly format: SniffFormat,
    public mediaType?: string,
  ) {}
  answer(answer: SniffAnswer, reason: string): Done {
    const { format, xmp, mediaType } = this;
    return mediaType === undefined
      ? { answer, format, reason, xmp }
      : { answer, format, reason, xmp, mediaType };
  }
}

function* walkJpeg(): Walk {
  const seen = new Walked('jpeg', 'image/jpeg');
  let offset = 2;
  for (;;) {
    const head = yield { offset, length: 4 };
    if (head.length < 2) return seen.answer('unknown', 'file ends before the image data');
    if (head[0] !== 0xff) return seen.answer('unknown', `no segment marker at byte ${offset}`);
    const marker = head[1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9)
      return seen.answer('no-manifest', 'no APP11 C2PA segment before the image data');
    if (head.length < 4) return seen.answer('unknown', 'file ends inside a segment header');
    const length = u16be(head, 2);
    if (marker === 0xeb || marker === 0xe1) {
      // APP11: "JP" En Z, then a JUMBF superbox whose description box carries the 'c2pa' type.
      const body = yield { offset: offset + 4, length: Math.min(length - 2, 40) };
      if (
        marker === 0xeb &&
        ascii(body, 0, 2) === 'JP' &&
        indexOf(body, 'jumb') >= 0 &&
        indexOf(body, 'c2pa') >= 0
      )
        return seen.answer('manifest', 'APP11 segment holds a C2PA JUMBF box');
      if (marker === 0xe1 && ascii(body, 0, 28) === 'http://ns.adobe.com/xap/1.0/') seen.xmp = true;
    }
    offset += 2 + length;
  }
}

function* walkPng(): Walk {
  const seen = new Walked('png', 'image/png');
  let offset = 8;
  for (;;) {
    const head = yield { offset, length: 8 };
    if (head.length < 8) return seen.answer('no-manifest', 'no caBX chunk before the end');
    const length = u32be(head, 0);
    const type = ascii(head, 4, 8);
    if (type === 'caBX') return seen.answer('manifest', 'caBX chunk holds a C2PA manifest');
    if (type === 'IEND') return seen.answer('no-manifest', 'no caBX chunk before IEND');
    if (type === 'iTXt') {
      const keyword = yield { offset: offset + 8, length: 17 };
      if (ascii(keyword) === 'XML:com.adobe.xmp') seen.xmp = true;
    }
    offset += 12 + length;
  }
}

function* walkRiff(form: string): Walk {
  const format: SniffFormat =
    form === 'WEBP' ? 'webp' : form === 'WAVE' ? 'wav' : form === 'AVI ' ? 'avi' : 'riff';
  const seen = new Walked(
    format,
    format === 'webp'
      ? 'image/webp'
      : format === 'wav'
        ? 'audio/wav'
        : format === 'avi'
          ? 'video/avi'
          : undefined,
  );
  let offset = 12;
  for (;;) {
    const head = yield { offset, length: 8 };
    if (head.length < 8) return seen.answer('no-manifest', 'no C2PA chunk in the RIFF file');
    const id = ascii(head, 0, 4);
    const size = u32le(head, 4);
    if (id === 'C2PA') return seen.answer('manifest', 'RIFF C2PA chunk holds a manifest');
    if (id === 'XMP ' || id === '_PMX') seen.xmp = true;
    offset += 8 + size + (size % 2);
  }
}

function bmffMediaType(brand: string): string {
  if (/^(heic|heix|heim|heis|hevc|hevx)$/.test(brand)) return 'image/heic';
  if (/^(mif1|msf1)$/.test(brand)) return 'image/heif';
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
  if (brand === 'qt  ') return 'video/quicktime';
  return 'video/mp4';
}

function* walkBmff(): Walk {
  const seen = new Walked('bmff');
  let offset = 0;
  for (;;) {
    const head = yield { offset, length: 32 };
    if (head.length < 8) return seen.answer('no-manifest', 'no C2PA uuid box at the top level');
    const type = ascii(head, 4, 8);
    let size = u32be(head, 0);
    let headerSize = 8;
    if (size === 1) {
      size = u32be(head, 8) * 0x100000000 + u32be(head, 12);
      headerSize = 16;
    }
    if (type === 'ftyp') seen.mediaType = bmffMediaType(ascii(head, 8, 12));
    if (type === 'uuid') {
      const id = hex(head.subarray(headerSize, headerSize + 16));
      if (id === C2PA_UUID) return seen.answer('manifest', 'C2PA uuid box at the top level');
      if (id === XMP_UUID) seen.xmp = true;
    }
    // HEIF/AVIF keep XMP as an item of the meta box, its bytes anywhere in the file.
    if (type === 'meta') seen.xmp = true;
    if (size === 0) return seen.answer('no-manifest', 'last box runs to the end without a C2PA uuid box');
    if (size < headerSize)
      return seen.answer('unknown', `box '${type}' declares a size smaller than its header`);
    offset += size;
  }
}

function* walkId3(): Walk {
  const header = yield { offset: 0, length: 10 };
  const version = header[3] ?? 0;
  const flags = header[5] ?? 0;
  const end = 10 + syncsafe(header, 6);
  const seen = new Walked('mp3', 'audio/mpeg');
  let offset = 10;
  if (flags & 0x40 && version >= 3) {
    const ext = yield { offset, length: 4 };
    offset += version === 4 ? syncsafe(ext, 0) : 4 + u32be(ext, 0);
  }
  const idLength = version === 2 ? 3 : 4;
  const headLength = version === 2 ? 6 : 10;
  while (offset + headLength <= end) {
    const head = yield { offset, length: headLength + 64 };
    if (head.length < headLength || head[0] === 0) break; // padding
    const id = ascii(head, 0, idLength);
    const size =
      version === 2
        ? ((head[3] ?? 0) << 16) | u16be(head, 4)
        : version === 4
          ? syncsafe(head, 4)
          : u32be(head, 4);
    const body = head.subarray(headLength);
    if (id === 'GEOB' || id === 'GEO') {
      // GEOB: text encoding byte, then the MIME type as a NUL-terminated Latin-1 string.
      if (
        ascii(body, 1, 1 + 'application/x-c2pa-manifest-store'.length) === 'application/x-c2pa-manifest-store'
      )
        return seen.answer('manifest', 'ID3 GEOB frame holds a C2PA manifest store');
    }
    if ((id === 'PRIV' || id === 'PRV') && ascii(body, 0, 4) === 'XMP\0') seen.xmp = true;
    if (size === 0) break;
    offset += headLength + size;
  }
  return seen.answer('no-manifest', 'no C2PA GEOB frame in the ID3 tag');
}

function* walkGif(): Walk {
  const screen = yield { offset: 6, length: 7 };
  const seen = new Walked('gif', 'image/gif');
  let offset = 13;
  const packed = screen[4] ?? 0;
  if (packed & 0x80) offset += 3 * 2 ** ((packed & 0x07) + 1);
  for (;;) {
    const head = yield { offset, length: 14 };
    const kind = head[0];
    if (kind === undefined || kind === 0x3b)
      return seen.answer('no-manifest', 'no C2PA application extension in the GIF');
    if (kind === 0x21) {
      if (head[1] === 0xff && head[2] === 0x0b) {
        const app = ascii(head, 3, 11);
        if (app === 'C2PA_GIF') return seen.answer('manifest', 'C2PA application extension');
        if (app === 'XMP Data') seen.xmp = true;
      }
      offset += 2;
    } else if (kind === 0x2c) {
      const local = head[9] ?? 0;
      offset += 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0) + 1; // descriptor, colour table, LZW size
    } else {
      return seen.answer('unknown', `unexpected GIF block 0x${kind.toString(16)} at byte ${offset}`);
    }
    // Data sub-blocks: a length byte then that many bytes, until a zero length.
    for (;;) {
      const len = yield { offset, length: 1 };
      if (len.length === 0) return seen.answer('unknown', 'file ends inside a GIF block');
      offset += 1 + (len[0] ?? 0);
      if (len[0] === 0) break;
    }
  }
}

function* walkTiff(little: boolean): Walk {
  const u16 = little ? u16le : u16be;
  const u32 = little ? u32le : u32be;
  const seen = new Walked('tiff', 'image/tiff');
  const header = yield { offset: 4, length: 4 };
  const ifd = u32(header, 0);
  const countBytes = yield { offset: ifd, length: 2 };
  if (countBytes.length < 2) return seen.answer('unknown', 'first IFD lies past the end of the file');
  const count = u16(countBytes, 0);
  const entries = yield { offset: ifd + 2, length: count * 12 };
  for (let i = 0; i + 12 <= entries.length; i += 12) {
    const tag = u16(entries, i);
    if (tag === 0xcd41) return seen.answer('manifest', 'IFD0 has the C2PA manifest tag');
    if (tag === 700) seen.xmp = true;
  }
  return seen.answer('no-manifest', 'IFD0 has no C2PA manifest tag');
}

function* scanText(format: SniffFormat, mediaType: string, maxScan: number): Walk {
  const seen = new Walked(format, mediaType);
  const chunk = 64 * 1024;
  let carry = '';
  for (let offset = 0; offset < maxScan; offset += chunk) {
    const bytes = yield { offset, length: chunk };
    const text = carry + ascii(bytes);
    if (text.includes('<c2pa:manifest')) return seen.answer('manifest', 'c2pa:manifest element');
    if (text.includes('x:xmpmeta')) seen.xmp = true;
    if (bytes.length < chunk) return seen.answer('no-manifest', 'no c2pa:manifest element');
    carry = text.slice(-32);
  }
  return seen.answer('unknown', `no c2pa:manifest element in the first ${maxScan} bytes`);
}

function* walkAny(maxScan: number): Walk {
  const magic = yield { offset: 0, length: 16 };
  const text = ascii(magic, 0, 16);
  if (magic[0] === 0xff && magic[1] === 0xd8) return yield* walkJpeg();
  if (text.startsWith('\x89PNG\r\n\x1a\n')) return yield* walkPng();
  if (text.startsWith('RIFF')) return yield* walkRiff(text.slice(8, 12));
  if (text.startsWith('GIF8')) return yield* walkGif();
  if (text.startsWith('II*\0')) return yield* walkTiff(true);
  if (text.startsWith('MM\0*')) return yield* walkTiff(false);
  if (text.startsWith('ID3')) return yield* walkId3();
  if (text.slice(4, 8) === 'ftyp') return yield* walkBmff();
  if (text.slice(4, 8) === 'jumb')
    return new Walked('c2pa', 'application/c2pa').answer('manifest', 'standalone C2PA manifest store');
  if (magic[0] === 0xff && ((magic[1] ?? 0) & 0xe0) === 0xe0)
    return new Walked('mp3', 'audio/mpeg').answer('no-manifest', 'MPEG audio frames with no ID3 tag');
  if (/^(\xef\xbb\xbf)?\s*<(\?xml|svg|!--|!DOCTYPE svg)/i.test(text))
    return yield* scanText('svg', 'image/svg+xml', maxScan);
  if (['styp', 'moof', 'sidx', 'moov', 'mdat', 'free'].includes(text.slice(4, 8))) return yield* walkBmff();
  return new Walked('unknown').answer('unknown', 'format not recognised');
}

/** A walk stopped before it could tell the format. */
const unanswered = (reason: string, bytesRead: number): SniffResult => ({
  ...new Walked('unknown').answer('unknown', reason),
  bytesRead,
});

/** Sniffs through a range reader, reading only the headers the format needs. */
export async function sniffManifest(read: RangeReader, options: SniffOptions = {}): Promise<SniffResult> {
  const maxReads = options.maxReads ?? DEFAULT_MAX_READS;
  const walk = walkAny(options.maxScanBytes ?? DEFAULT_MAX_SCAN);
  let bytesRead = 0;
  let step = walk.next(new Uint8Array(0));
  for (let reads = 0; !step.done; reads++) {
    if (reads >= maxReads) return unanswered(`gave up after ${maxReads} header reads`, bytesRead);
    const { offset, length } = step.value;
    const bytes = offset < 0 || length <= 0 ? new Uint8Array(0) : await read(offset, length);
    bytesRead += bytes.length;
    step = walk.next(bytes);
  }
  return { ...step.value, bytesRead };
}

/**
 * Sniffs the first bytes of a file. With `complete` false (only a prefix is at hand), a walk that needs
 * bytes past the prefix answers 'unknown'.
 */
export function sniffBytes(bytes: Uint8Array, complete = true, options: SniffOptions = {}): SniffResult {
  const maxReads = options.maxReads ?? DEFAULT_MAX_READS;
  const walk = walkAny(options.maxScanBytes ?? DEFAULT_MAX_SCAN);
  let bytesRead = 0;
  let step = walk.next(new Uint8Array(0));
  for (let reads = 0; !step.done; reads++) {
    const { offset, length } = step.value;
    if (reads >= maxReads) return unanswered(`gave up after ${maxReads} header reads`, bytesRead);
    const slice = offset < 0 || length <= 0 ? new Uint8Array(0) : bytes.subarray(offset, offset + length);
    if (!complete && slice.length < length) return unanswered(`needs bytes past ${bytes.length}`, bytesRead);
    bytesRead += slice.length;
    step = walk.next(slice);
  }
  return { ...step.value, bytesRead };
}

/**
 * Wraps a slow reader (network Range requests) so that nearby header reads share one request:
 * each miss fetches a whole aligned block.
 */
export function blockReader(read: RangeReader, blockSize = 16 * 1024): RangeReader {
  const blocks = new Map<number, Promise<Uint8Array>>();
  const block = (index: number): Promise<Uint8Array> => {
    let hit = blocks.get(index);
    if (!hit) {
      hit = Promise.resolve(read(index * blockSize, blockSize));
      blocks.set(index, hit);
    }
    return hit;
  };
  return async (offset, length) => {
    const first = Math.floor(offset / blockSize);
    const last = Math.floor((offset + length - 1) / blockSize);
    const parts: Uint8Array[] = [];
    for (let i = first; i <= last; i++) {
      const b = await block(i);
      const start = i === first ? offset - i * blockSize : 0;
      const end = i === last ? offset + length - i * blockSize : blockSize;
      parts.push(b.subarray(start, end));
      if (b.length < blockSize) break; // end of file
    }
    return parts.length === 1 ? (parts[0] ?? new Uint8Array(0)) : concatBytes(...parts);
  };
}

/** What a range sniff of a remote file found, with the leading bytes that hold its headers. */
export interface HeaderSniff {
  sniff: SniffResult;
  /** Size of the whole file, from Content-Range (undefined when the server did not say). */
  totalSize: number | undefined;
  /** Bytes 0..n of the file: every header the walk looked at lies inside (capped at `maxPrefix`). */
  prefix: Uint8Array;
  /** Whether `prefix` covers every byte the walk asked for (false when capped). */
  prefixCoversWalk: boolean;
}

/** Thrown when a server answers a Range request with the whole file: range sniffing does not pay there. */
export class RangeNotSupportedError extends Error {
  override readonly name = 'RangeNotSupportedError';
}

/**
 * A range reader over HTTP: each read is a `Range: bytes=a-b` request through the given fetch (so the
 * caller picks credentials and cache mode). Throws RangeNotSupportedError on a 200 answer, and a plain
 * Error on other failures.
 */
export function httpRangeReader(
  url: string,
  fetchRange: (url: string, range: string) => Promise<Response>,
): { read: RangeReader; totalSize(): number | undefined } {
  let total: number | undefined;
  const read: RangeReader = async (offset, length) => {
    if (total !== undefined && offset >= total) return new Uint8Array(0);
    const response = await fetchRange(url, `bytes=${offset}-${offset + length - 1}`);
    if (response.status === 416) {
      void response.body?.cancel();
      return new Uint8Array(0);
    }
    if (response.status === 200) {
      void response.body?.cancel();
      throw new RangeNotSupportedError('the server ignores Range requests');
    }
    if (response.status !== 206) {
      void response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const size = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
    if (size !== undefined) total = Number(size);
    return new Uint8Array(await response.arrayBuffer()).subarray(0, length);
  };
  return { read, totalSize: () => total };
}

/**
 * Sniffs through a (slow) range reader in blocks, then returns the leading bytes up to the last header the
 * walk read, so metadata parsers can run on the headers without the rest of the file.
 */
export async function sniffHeaders(
  read: RangeReader,
  totalSize: () => number | undefined,
  options: SniffOptions & { blockSize?: number; maxPrefix?: number } = {},
): Promise<HeaderSniff> {
  const blockSize = options.blockSize ?? 8 * 1024;
  const maxPrefix = options.maxPrefix ?? 1024 * 1024;
  const blocks = blockReader(read, blockSize);
  let furthest = 0;
  const sniff = await sniffManifest(async (offset, length) => {
    furthest = Math.max(furthest, offset + length);
    return blocks(offset, length);
  }, options);
  const total = totalSize();
  const wanted = Math.min(furthest, total ?? furthest);
  const end = Math.min(wanted, maxPrefix);
  const prefix = end > 0 ? await blocks(0, end) : new Uint8Array(0);
  return { sniff, totalSize: total, prefix, prefixCoversWalk: end >= wanted };
}

/**
 * Whether a file's headers settle its verdict: no manifest, and no XMP beyond what was read nor an XMP
 * link to a remote manifest (the engine decides those). The whole size must be known as well.
 */
export function headersSuffice(found: HeaderSniff): boolean {
  if (found.sniff.answer !== 'no-manifest' || found.totalSize === undefined) return false;
  if (!found.sniff.xmp) return true;
  return found.prefixCoversWalk && xmpProvenanceUrl(found.prefix) === undefined;
}

/**
 * The remote manifest an XMP packet in `bytes` links to (dcterms:provenance), if any: such a file has no
 * embedded credential, but is not "without credentials" either.
 */
export function xmpProvenanceUrl(bytes: Uint8Array): string | undefined {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const match = /dcterms:provenance\s*=\s*["']([^"']{1,2048})["']|<dcterms:provenance>([^<]{1,2048})</.exec(
    text,
  );
  return (match?.[1] ?? match?.[2])?.trim();
}
