// Generated hostile files: each is small on disk but lies about itself (huge declared lengths, deep
// nesting, self-referencing credentials, endless remote manifests, oversized metadata) to check that
// verification stays bounded in time and memory and says clearly why a file could not be read.
import sharp from 'sharp';

const C2PA_JUMD_UUID = [
  0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];
const C2PA_BMFF_UUID = 'd8fec3d61b0e483c92975828877ec481';
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const u16be = (n: number) => new Uint8Array([(n >>> 8) & 0xff, n & 0xff]);
const u32be = (n: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0);
  return out;
};
const u32le = (n: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
};
const u64be = (n: bigint) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
};

/** A small real JPEG to carry hostile segments (decodable, so only the inserted part is hostile). */
export async function baseJpeg(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 32, height: 24, channels: 3, background: '#5a7' } })
      .jpeg()
      .toBuffer(),
  );
}

export async function basePng(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 32, height: 24, channels: 3, background: '#a75' } })
      .png()
      .toBuffer(),
  );
}

/** Inserts whole segments (marker included) right after a JPEG's SOI marker. */
export function jpegWithSegments(jpeg: Uint8Array, segments: Uint8Array[]): Uint8Array {
  return concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** A JPEG segment: marker, 16-bit length (which counts itself), body. */
export function segment(marker: number, body: Uint8Array): Uint8Array {
  if (body.length + 2 > 0xffff) throw new Error(`segment body of ${body.length} bytes does not fit`);
  return concat([new Uint8Array([0xff, marker]), u16be(body.length + 2), body]);
}

/** APP11 segments carrying JUMBF bytes, split as the JPEG-1 JUMBF embedding does (same En, rising Z). */
export function app11Segments(jumbf: Uint8Array): Uint8Array[] {
  const header = jumbf.subarray(0, 8); // every continuation repeats the first box header
  const out: Uint8Array[] = [];
  const room = 0xffff - 2 - 8;
  for (let offset = 0, z = 1; offset < jumbf.length; z++) {
    const take = offset === 0 ? room : room - 8;
    const chunk = jumbf.subarray(offset, offset + take);
    out.push(
      segment(
        0xeb,
        concat([ascii('JP'), u16be(0x0001), u32be(z), offset === 0 ? new Uint8Array(0) : header, chunk]),
      ),
    );
    offset += take;
  }
  return out;
}

/** A JUMBF description box with the C2PA type and a label. */
export function jumd(label: string): Uint8Array {
  const body = concat([new Uint8Array(C2PA_JUMD_UUID), new Uint8Array([0x03]), ascii(`${label}\0`)]);
  return concat([u32be(8 + body.length), ascii('jumd'), body]);
}

/** A JUMBF superbox around `content` with the given label; `declared` overrides its length field. */
export function jumbBox(label: string, content: Uint8Array, declared?: { lbox: number; xlbox?: bigint }) {
  const inner = concat([jumd(label), content]);
  if (declared?.xlbox !== undefined) return concat([u32be(1), ascii('jumb'), u64be(declared.xlbox), inner]);
  return concat([u32be(declared?.lbox ?? 8 + inner.length), ascii('jumb'), inner]);
}

/** `depth` superboxes nested inside each other, the innermost empty (built in one pass: no copying per level). */
export function nestedJumbf(depth: number): Uint8Array {
  const outer = jumd('c2pa');
  const inner = jumd('n');
  const headers = Array.from({ length: depth }, (_, level) => (level === 0 ? outer : inner));
  const total = headers.reduce((n, h) => n + 8 + h.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const header of headers) {
    view.setUint32(at, total - at);
    out.set(ascii('jumb'), at + 4);
    out.set(header, at + 8);
    at += 8 + header.length;
  }
  return out;
}

/** A JPEG whose C2PA superbox declares 2^32-16 bytes (LBox) or 2^64-1 bytes (XLBox) but holds ~60. */
export async function jpegHugeJumbfLength(kind: 'lbox' | 'xlbox'): Promise<Uint8Array> {
  const claim = jumbBox('c2pa.claim', new Uint8Array(16));
  const store =
    kind === 'lbox'
      ? jumbBox('c2pa', claim, { lbox: 0xfffffff0 })
      : jumbBox('c2pa', claim, { lbox: 1, xlbox: 0xffffffffffffffffn });
  return jpegWithSegments(await baseJpeg(), app11Segments(store));
}

/** A JPEG (several APP11 segments) or a standalone manifest store of deeply nested superboxes. */
export async function jpegDeepJumbf(depth: number): Promise<Uint8Array> {
  return jpegWithSegments(await baseJpeg(), app11Segments(nestedJumbf(depth)));
}

/** A signed JPEG whose C2PA manifest store's outer superbox claims 4 GB. */
export function signedWithHugeStoreLength(signedJpeg: Uint8Array): Uint8Array {
  const out = signedJpeg.slice();
  const at = indexOfBytes(out, ascii('jumb'));
  if (at < 4) throw new Error('no JUMBF superbox in the signed file');
  out.set(u32be(0xffffffff), at - 4);
  return out;
}

/** An ISO-BMFF file whose C2PA uuid box declares 2^32-1 bytes, or 2^32 / 2^64-1 bytes with a large size. */
export function mp4HugeBox(kind: 'size32' | 'large32' | 'large64'): Uint8Array {
  const ftyp = concat([u32be(20), ascii('ftypisom'), u32be(0x200), ascii('isom')]);
  const uuid = hexBytes(C2PA_BMFF_UUID);
  const payload = concat([new Uint8Array(4), ascii('manifest'), nestedJumbf(3)]);
  const box =
    kind === 'size32'
      ? concat([u32be(0xffffffff), ascii('uuid'), uuid, payload])
      : concat([
          u32be(1),
          ascii('uuid'),
          u64be(kind === 'large32' ? 0x100000000n : 0xffffffffffffffffn),
          uuid,
          payload,
        ]);
  return concat([ftyp, box]);
}

/** A signed MP4 whose C2PA uuid box is patched to declare 2^32-1 bytes. */
export function signedMp4WithHugeBox(signedMp4: Uint8Array): Uint8Array {
  const out = signedMp4.slice();
  const at = indexOfBytes(out, concat([ascii('uuid'), hexBytes(C2PA_BMFF_UUID)]));
  if (at < 4) throw new Error('no C2PA uuid box in the signed MP4');
  out.set(u32be(0xffffffff), at - 4);
  return out;
}

/** A PNG whose caBX chunk declares 1 GB but the file ends after a few bytes. */
export async function pngSparseDeclaredLength(): Promise<Uint8Array> {
  const png = await basePng();
  const chunk = concat([u32be(1 << 30), ascii('caBX'), nestedJumbf(2)]);
  return concat([png.subarray(0, 33), chunk, png.subarray(33)]); // after the 8-byte signature + IHDR
}

/** A WAV whose RIFF and C2PA chunk sizes declare 1 GB. */
export function wavSparseDeclaredLength(): Uint8Array {
  const fmt = concat([
    ascii('fmt '),
    u32le(16),
    new Uint8Array([1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0]),
  ]);
  const c2pa = concat([ascii('C2PA'), u32le(1 << 30), nestedJumbf(2)]);
  const data = concat([ascii('data'), u32le(64), new Uint8Array(64)]);
  return concat([ascii('RIFF'), u32le(0x7ffffff0), ascii('WAVE'), fmt, data, c2pa]);
}

/** An MP4 whose mdat declares 1 GB (64-bit size) and which ends after a few bytes. */
export function mp4SparseDeclaredLength(): Uint8Array {
  const ftyp = concat([u32be(20), ascii('ftypisom'), u32be(0x200), ascii('isom')]);
  const mdat = concat([u32be(1), ascii('mdat'), u64be(1n << 30n), new Uint8Array(64)]);
  return concat([ftyp, mdat]);
}

const XMP_JPEG_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENSION_HEADER = 'http://ns.adobe.com/xmp/extension/\0';

export function xmpPacket(inner: string, prolog = ''): string {
  return (
    `${prolog}<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `${inner}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
  );
}

/** A JPEG whose XMP names a remote manifest (dcterms:provenance) at `url`. */
export async function jpegWithRemoteManifest(url: string): Promise<Uint8Array> {
  const xmp = xmpPacket(
    `<rdf:Description rdf:about="" xmlns:dcterms="http://purl.org/dc/terms/" dcterms:provenance="${url}"/>`,
  );
  return jpegWithSegments(await baseJpeg(), [segment(0xe1, ascii(XMP_JPEG_HEADER + xmp))]);
}

/**
 * A JPEG whose extended XMP (the multi-segment form) declares a 4 GB packet, split over many segments of
 * entity-laden text: a metadata parser must neither allocate the declared size nor expand entities.
 */
export async function jpegXmpBomb(): Promise<Uint8Array> {
  const guid = '0123456789ABCDEF0123456789ABCDEF';
  const laughs =
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">' +
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';
  const main = xmpPacket(
    `<rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="${guid}" ` +
      `xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>&lol4;</dc:creator></rdf:Description>`,
    laughs,
  );
  const segments = [segment(0xe1, ascii(XMP_JPEG_HEADER + main))];
  const filler = ascii(`<rdf:Description rdf:about="">${'<a>&lol4;</a>'.repeat(4000)}`);
  for (let i = 0; i < 40; i++) {
    segments.push(
      segment(
        0xe1,
        concat([ascii(XMP_EXTENSION_HEADER + guid), u32be(0xfffffff0), u32be(i * filler.length), filler]),
      ),
    );
  }
  return jpegWithSegments(await baseJpeg(), segments);
}

/** A JPEG whose single XMP packet has tens of thousands of nested elements. */
export async function jpegDeepXmp(depth: number): Promise<Uint8Array> {
  const xmp = xmpPacket(
    `<rdf:Description rdf:about="">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</rdf:Description>`,
  );
  return jpegWithSegments(await baseJpeg(), [segment(0xe1, ascii(XMP_JPEG_HEADER + xmp))]);
}

/**
 * A signed file whose ingredient references point at the manifest that contains them (a cycle): every
 * `self#jumbf=/c2pa/<label>` reference to another manifest is rewritten to name its own manifest.
 */
export function selfReferencingIngredients(signed: Uint8Array): { bytes: Uint8Array; rewritten: number } {
  const out = signed.slice();
  const text = latin1(out);
  const label = /urn:c2pa:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const prefix = 'self#jumbf=/c2pa/';
  let current: string | undefined;
  let rewritten = 0;
  for (let match = label.exec(text); match; match = label.exec(text)) {
    const isReference = text.slice(match.index - prefix.length, match.index) === prefix;
    if (!isReference) {
      current = match[0]; // a manifest's own description box label: what follows belongs to it
      continue;
    }
    const next = text[match.index + match[0].length];
    if (next === '/' || !current || match[0] === current) continue; // a path into a manifest, or already itself
    out.set(ascii(current), match.index);
    rewritten += 1;
  }
  return { bytes: out, rewritten };
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
}
