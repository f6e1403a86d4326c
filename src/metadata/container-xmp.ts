// The XMP packet of WebP (RIFF `XMP ` chunk) and HEIF/AVIF files (an `application/rdf+xml` item of the
// `meta` box, or a top-level XMP `uuid` box), which exifr does not read; exifr's own XMP parser then reads it.
// Hand-written on purpose: the maintained library that finds these (ExifReader) parses XMP with a DOM
// parser, which Web Workers (where verification runs) lack, and it would duplicate exifr in the bundle.
// The walk only follows declared sizes, checks every bound and gives up quietly on anything odd.
import { concatBytes } from '@noble/hashes/utils.js';

const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';
const MAX_BOXES = 4096;
const MAX_XMP_BYTES = 4 * 1024 * 1024;

interface Box {
  type: string;
  /** First byte after the box header. */
  start: number;
  /** First byte after the box. */
  end: number;
}

const ascii = (b: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));

function uint(b: Uint8Array, offset: number, size: number): number | undefined {
  if (size === 0) return 0;
  if (offset < 0 || offset + size > b.length) return undefined;
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (b[offset + i] ?? 0);
  return value;
}

/** The boxes between `start` and `end` (ISO-BMFF: 32-bit size, 4-byte type, 64-bit size when size is 1). */
function boxes(b: Uint8Array, start: number, end: number): Box[] {
  const found: Box[] = [];
  let offset = start;
  while (offset + 8 <= end && found.length < MAX_BOXES) {
    let size = uint(b, offset, 4) ?? 0;
    const type = ascii(b, offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      size = uint(b, offset + 8, 8) ?? 0;
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) break;
    found.push({ type, start: offset + header, end: offset + size });
    offset += size;
  }
  return found;
}

function webpXmp(b: Uint8Array): Uint8Array | undefined {
  const end = Math.min(
    b.length,
    8 + (b[4] ?? 0) + ((b[5] ?? 0) << 8) + ((b[6] ?? 0) << 16) + (b[7] ?? 0) * 2 ** 24,
  );
  let offset = 12;
  for (let n = 0; offset + 8 <= end && n < MAX_BOXES; n++) {
    const id = ascii(b, offset, offset + 4);
    const size =
      (b[offset + 4] ?? 0) +
      ((b[offset + 5] ?? 0) << 8) +
      ((b[offset + 6] ?? 0) << 16) +
      (b[offset + 7] ?? 0) * 2 ** 24;
    if (offset + 8 + size > end) return undefined;
    if (id === 'XMP ') return b.subarray(offset + 8, offset + 8 + size);
    offset += 8 + size + (size % 2); // chunks are padded to an even length
  }
  return undefined;
}

/** Item id of the XMP item in `iinf` (an `infe` of type `mime` with content type application/rdf+xml). */
function xmpItemId(b: Uint8Array, iinf: Box): number | undefined {
  const version = b[iinf.start] ?? 0;
  const entries = iinf.start + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(b, entries, iinf.end)) {
    if (infe.type !== 'infe') continue;
    const infeVersion = b[infe.start] ?? 0;
    if (infeVersion < 2) continue;
    const idSize = infeVersion === 3 ? 4 : 2;
    const id = uint(b, infe.start + 4, idSize);
    const typeAt = infe.start + 4 + idSize + 2;
    if (ascii(b, typeAt, typeAt + 4) !== 'mime') continue;
    const nameEnd = b.indexOf(0, typeAt + 4);
    if (nameEnd < 0 || nameEnd >= infe.end) continue;
    const typeEnd = b.indexOf(0, nameEnd + 1);
    const contentType = ascii(b, nameEnd + 1, typeEnd < 0 || typeEnd > infe.end ? infe.end : typeEnd);
    if (contentType === 'application/rdf+xml') return id;
  }
  return undefined;
}

/** The bytes of item `wanted`, located by `iloc` in the file (construction method 0) or in `idat` (1). */
function itemBytes(b: Uint8Array, iloc: Box, wanted: number, idat: Box | undefined): Uint8Array | undefined {
  const version = b[iloc.start] ?? 0;
  let at = iloc.start + 4;
  const sizes = uint(b, at, 2);
  if (sizes === undefined) return undefined;
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 0xf;
  const baseOffsetSize = (sizes >> 4) & 0xf;
  const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
  at += 2;
  const countSize = version === 2 ? 4 : 2;
  const count = uint(b, at, countSize) ?? 0;
  at += countSize;
  for (let i = 0; i < count && i < MAX_BOXES; i++) {
    const idSize = version === 2 ? 4 : 2;
    const id = uint(b, at, idSize);
    at += idSize;
    let method = 0;
    if (version === 1 || version === 2) {
      method = (uint(b, at, 2) ?? 0) & 0xf;
      at += 2;
    }
    at += 2; // data_reference_index
    const base = uint(b, at, baseOffsetSize);
    at += baseOffsetSize;
    const extents = uint(b, at, 2);
    at += 2;
    if (id === undefined || base === undefined || extents === undefined) return undefined;
    const parts: Uint8Array[] = [];
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      const offset = uint(b, at, offsetSize);
      at += offsetSize;
      const length = uint(b, at, lengthSize);
      at += lengthSize;
      if (offset === undefined || length === undefined) return undefined;
      if (id !== wanted) continue;
      const origin = method === 1 ? idat?.start : method === 0 ? 0 : undefined;
      if (origin === undefined) return undefined;
      const from = origin + base + offset;
      const to = length === 0 ? (method === 1 && idat ? idat.end : b.length) : from + length;
      if (to > b.length || to - from > MAX_XMP_BYTES) return undefined;
      parts.push(b.subarray(from, to));
    }
    if (id !== wanted) continue;
    return parts.length === 1 ? parts[0] : concatBytes(...parts);
  }
  return undefined;
}

function bmffXmp(b: Uint8Array): Uint8Array | undefined {
  const top = boxes(b, 0, b.length);
  for (const box of top) {
    if (box.type !== 'uuid') continue;
    const id = Array.from(b.subarray(box.start, box.start + 16), (x) => x.toString(16).padStart(2, '0')).join(
      '',
    );
    if (id === XMP_UUID) return b.subarray(box.start + 16, box.end);
  }
  const meta = top.find((box) => box.type === 'meta');
  if (!meta) return undefined;
  const children = boxes(b, meta.start + 4, meta.end); // meta is a full box: version and flags first
  const iinf = children.find((box) => box.type === 'iinf');
  const iloc = children.find((box) => box.type === 'iloc');
  if (!iinf || !iloc) return undefined;
  const item = xmpItemId(b, iinf);
  if (item === undefined) return undefined;
  return itemBytes(
    b,
    iloc,
    item,
    children.find((box) => box.type === 'idat'),
  );
}

/** The XMP packet of a WebP or HEIF/AVIF file, or undefined (other formats, none, or a damaged container). */
export function containerXmp(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < 16) return undefined;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return webpXmp(bytes);
  if (ascii(bytes, 4, 8) === 'ftyp') return bmffXmp(bytes);
  return undefined;
}
