// The C2PA manifest store as bytes: found in a file, split into its JUMBF boxes, and the content of one
// manifest's signature or assertion. The engine's JSON summarises signatures (no certificate chain, no
// COSE bytes), so what must be checked or shown in full is read here.
import { concatBytes } from '@noble/hashes/utils.js';

const C2PA_JUMD = new Uint8Array([
  0x6a, 0x75, 0x6d, 0x64, 0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38,
  0x9b, 0x71,
]);

export function u32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);
}

export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** JPEG splits the store over APP11 segments (JPEG XT): join the pieces of each box instance. */
function jpegJumbf(b: Uint8Array): Uint8Array | undefined {
  const pieces = new Map<number, Uint8Array[]>();
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1] ?? 0;
    if (marker === 0xda || marker === 0xd9) break;
    const length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    if (marker === 0xeb && b[at + 4] === 0x4a && b[at + 5] === 0x50) {
      const instance = ((b[at + 6] ?? 0) << 8) | (b[at + 7] ?? 0);
      const body = b.subarray(at + 12, at + 2 + length);
      const list = pieces.get(instance) ?? [];
      // Every piece repeats the box header (LBox, TBox, and XLBox when LBox is 1); only the first keeps it.
      const header = u32(body, 0) === 1 ? 16 : 8;
      list.push(list.length === 0 ? body : body.subarray(header));
      pieces.set(instance, list);
    }
    at += 2 + length;
  }
  for (const list of pieces.values()) {
    // One segment: the store as it lies in the file, so that its offsets are offsets in the file.
    const joined = list.length === 1 && list[0] ? list[0] : concatBytes(...list);
    if (indexOfBytes(joined.subarray(0, 64), C2PA_JUMD) >= 0) return joined;
  }
  return undefined;
}

/**
 * The C2PA manifest store (a JUMBF superbox labelled "c2pa") inside a file, where it is stored whole.
 * It is a view of the file's bytes unless JPEG spread it over several segments (then a joined copy).
 */
export function manifestStoreBytes(file: Uint8Array): Uint8Array | undefined {
  if (file[0] === 0xff && file[1] === 0xd8) return jpegJumbf(file);
  const jumd = indexOfBytes(file, C2PA_JUMD);
  if (jumd < 12 || fourcc(file, jumd - 8) !== 'jumb') return undefined;
  const start = jumd - 12;
  const length = u32(file, start);
  return file.subarray(start, length > 8 ? start + length : file.length);
}

export interface JumbfBox {
  type: string;
  label?: string;
  /** The box's content, a view of the bytes it was read from (its byteOffset says where it lies). */
  payload: Uint8Array;
  children: JumbfBox[];
}

export function jumbfBoxes(b: Uint8Array, depth = 0): JumbfBox[] {
  const boxes: JumbfBox[] = [];
  let at = 0;
  while (at + 8 <= b.length && depth < 16) {
    let length = u32(b, at);
    const type = fourcc(b, at + 4);
    let header = 8;
    if (length === 1) {
      length = Number((BigInt(u32(b, at + 8)) << 32n) | BigInt(u32(b, at + 12)));
      header = 16;
    } else if (length === 0) length = b.length - at;
    if (length < header || at + length > b.length) break;
    const payload = b.subarray(at + header, at + length);
    const box: JumbfBox = { type, payload, children: [] };
    if (type === 'jumb') {
      box.children = jumbfBoxes(payload, depth + 1);
      const description = box.children[0];
      if (description?.type === 'jumd' && ((description.payload[16] ?? 0) & 0x02) !== 0) {
        const end = description.payload.indexOf(0, 17);
        box.label = new TextDecoder().decode(description.payload.subarray(17, end < 0 ? undefined : end));
      }
    }
    boxes.push(box);
    at += length;
  }
  return boxes;
}

/** A manifest's superbox: the active one (last in the store) unless a label is given. */
export function manifestBox(store: Uint8Array, manifestLabel?: string): JumbfBox | undefined {
  const root = jumbfBoxes(store).find((b) => b.label === 'c2pa');
  const manifests = (root?.children ?? []).filter((b) => b.type === 'jumb');
  return manifestLabel ? manifests.find((m) => m.label === manifestLabel) : manifests[manifests.length - 1];
}

/** The CBOR content box of a manifest's child box labelled `label` (or `label.vN`). */
export function cborOf(parent: JumbfBox | undefined, label: string): Uint8Array | undefined {
  const box = parent?.children.find((c) => c.label === label);
  return box?.children.find((c) => c.type === 'cbor')?.payload;
}

/** The COSE_Sign1 of a manifest (the active one, last in the store, unless a label is given). */
export function coseSignature(store: Uint8Array, manifestLabel?: string): Uint8Array | undefined {
  return cborOf(manifestBox(store, manifestLabel), 'c2pa.signature');
}

/** The CBOR of an assertion (e.g. `cawg.identity`) of a manifest, as stored. */
export function assertionCbor(
  store: Uint8Array,
  assertionLabel: string,
  manifestLabel?: string,
): Uint8Array | undefined {
  const assertions = manifestBox(store, manifestLabel)?.children.find((c) => c.label === 'c2pa.assertions');
  return cborOf(assertions, assertionLabel);
}
