// Unsigned IPTC/XMP provenance claims (digital source type, creator, credit line, software) written into
// JPEG and PNG files. Readers must treat these as claims, never as proof: anyone can write them.
// Hand-written on purpose: no maintained browser-safe library inserts an XMP packet without re-encoding
// the image (sharp's withXmp is Node-only and re-encodes), and the container edits are a few bytes.
import { concatBytes } from '@noble/hashes/utils.js';
import { type DigitalSourceTypeName, digitalSourceTypeUri } from './sign-media.ts';

export interface UnsignedXmpClaims {
  digitalSourceType?: DigitalSourceTypeName | string;
  creator?: string;
  creditLine?: string;
  /** The tool that made the file (xmp:CreatorTool). */
  software?: string;
}

const XMP_JPEG_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_PNG_KEYWORD = 'XML:com.adobe.xmp';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function escapeXml(text: string): string {
  const entities: Record<string, string> = {
    '<': '&lt;',
    '>': '&gt;',
    '&': '&amp;',
    '"': '&quot;',
    "'": '&apos;',
  };
  return text.replace(/[<>&"']/g, (c) => entities[c] ?? c);
}

/** An XMP packet with the given claims (IPTC Extension, Dublin Core, Photoshop and XMP Basic namespaces). */
export function xmpPacket(claims: UnsignedXmpClaims): string {
  const attributes: string[] = [];
  if (claims.digitalSourceType) {
    attributes.push(
      `Iptc4xmpExt:DigitalSourceType="${escapeXml(digitalSourceTypeUri(claims.digitalSourceType))}"`,
    );
  }
  if (claims.creditLine) attributes.push(`photoshop:Credit="${escapeXml(claims.creditLine)}"`);
  if (claims.software) attributes.push(`xmp:CreatorTool="${escapeXml(claims.software)}"`);
  const creator = claims.creator
    ? `\n   <dc:creator><rdf:Seq><rdf:li>${escapeXml(claims.creator)}</rdf:li></rdf:Seq></dc:creator>\n  `
    : '';
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"',
    `    xmlns:xmp="http://ns.adobe.com/xap/1.0/"${attributes.map((a) => `\n    ${a}`).join('')}>${creator}</rdf:Description>`,
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array, at = 0): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** JPEG: one APP1 XMP segment after SOI and any APP0 (JFIF); an existing XMP segment is replaced. */
function jpegWithXmp(bytes: Uint8Array, packet: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('writeUnsignedXmp: not a JPEG (no SOI marker)');
  const header = ascii(XMP_JPEG_HEADER);
  const payloadLength = header.length + packet.length + 2;
  if (payloadLength > 0xffff)
    throw new Error('writeUnsignedXmp: the XMP packet is too large for one segment');
  const segment = concatBytes(
    Uint8Array.of(0xff, 0xe1, payloadLength >> 8, payloadLength & 0xff),
    header,
    packet,
  );
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let offset = 2;
  let inserted = false;
  // Walk the marker segments before the image data; everything from SOS on is copied unchanged.
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xda || marker === 0xd9) break;
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw new Error('writeUnsignedXmp: malformed JPEG segment');
    const isXmp = marker === 0xe1 && startsWith(bytes, header, offset + 4);
    if (!inserted && marker !== 0xe0) {
      kept.push(segment);
      inserted = true;
    }
    if (!isXmp) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  if (!inserted) kept.push(segment);
  kept.push(bytes.subarray(offset));
  return concatBytes(...kept);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(parts: Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const part of parts) {
    for (const byte of part) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function uint32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** PNG: an iTXt "XML:com.adobe.xmp" chunk after IHDR; an existing one is replaced. */
function pngWithXmp(bytes: Uint8Array, packet: Uint8Array): Uint8Array {
  if (!startsWith(bytes, Uint8Array.from(PNG_SIGNATURE))) throw new Error('writeUnsignedXmp: not a PNG');
  const type = ascii('iTXt');
  // keyword, NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL
  const data = concatBytes(ascii(XMP_PNG_KEYWORD), Uint8Array.of(0, 0, 0, 0, 0), packet);
  const chunk = concatBytes(uint32(data.length), type, data, uint32(crc32([type, data])));
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let offset = 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (offset + 12 <= bytes.length) {
    const end = offset + 12 + view.getUint32(offset);
    if (end > bytes.length) throw new Error('writeUnsignedXmp: malformed PNG chunk');
    const chunkType = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const isXmp = chunkType === 'iTXt' && startsWith(bytes, ascii(`${XMP_PNG_KEYWORD}\0`), offset + 8);
    if (!isXmp) kept.push(bytes.subarray(offset, end));
    if (chunkType === 'IHDR') kept.push(chunk);
    offset = end;
    if (chunkType === 'IEND') break;
  }
  return concatBytes(...kept);
}

/** Returns a copy of a JPEG or PNG carrying the given unsigned XMP claims. */
export function writeUnsignedXmp(
  bytes: Uint8Array,
  mediaType: string,
  claims: UnsignedXmpClaims,
): Uint8Array {
  const packet = new TextEncoder().encode(xmpPacket(claims));
  switch (mediaType.toLowerCase()) {
    case 'image/jpeg':
    case 'image/jpg':
      return jpegWithXmp(bytes, packet);
    case 'image/png':
      return pngWithXmp(bytes, packet);
    default:
      throw new Error(`writeUnsignedXmp: ${mediaType} is not supported (JPEG and PNG are)`);
  }
}
