// The certificates a credential carries: the signer's chain (COSE x5chain) and the time-stamp authority's
// (inside the RFC 3161 token), read from the C2PA manifest store in the file's bytes. The engine's JSON
// names only the signing certificate, and a report must let a reader check every certificate by fingerprint.
import { concatBytes } from '@noble/hashes/utils.js';
import 'reflect-metadata';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { X509Certificate } from '@peculiar/x509';
import { decode } from 'cborg';
import { sha256Hex } from '../verify/sha256.ts';
import type { EvidenceCertificate } from './evidence.ts';

export interface CredentialCertificates {
  signerChain: EvidenceCertificate[];
  tsaChain: EvidenceCertificate[];
}

const C2PA_JUMD = new Uint8Array([
  0x6a, 0x75, 0x6d, 0x64, 0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38,
  0x9b, 0x71,
]);

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
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
    const marker = b[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    if (marker === 0xeb && b[at + 4] === 0x4a && b[at + 5] === 0x50) {
      const instance = (b[at + 6]! << 8) | b[at + 7]!;
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
    const joined = concatBytes(...list);
    if (indexOf(joined.subarray(0, 64), C2PA_JUMD) >= 0) return joined;
  }
  return undefined;
}

/** The C2PA manifest store (a JUMBF superbox labelled "c2pa") inside a file, where it is stored whole. */
export function manifestStoreBytes(file: Uint8Array): Uint8Array | undefined {
  if (file[0] === 0xff && file[1] === 0xd8) return jpegJumbf(file);
  const jumd = indexOf(file, C2PA_JUMD);
  if (jumd < 12 || fourcc(file, jumd - 8) !== 'jumb') return undefined;
  const start = jumd - 12;
  const length = u32(file, start);
  return file.subarray(start, length > 8 ? start + length : file.length);
}

interface Box {
  type: string;
  label?: string;
  payload: Uint8Array;
  children: Box[];
}

function parseBoxes(b: Uint8Array, depth = 0): Box[] {
  const boxes: Box[] = [];
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
    const box: Box = { type, payload, children: [] };
    if (type === 'jumb') {
      box.children = parseBoxes(payload, depth + 1);
      const description = box.children[0];
      if (description?.type === 'jumd' && (description.payload[16]! & 0x02) !== 0) {
        const end = description.payload.indexOf(0, 17);
        box.label = new TextDecoder().decode(description.payload.subarray(17, end < 0 ? undefined : end));
      }
    }
    boxes.push(box);
    at += length;
  }
  return boxes;
}

/** The COSE_Sign1 of a manifest (the active one, last in the store, unless a label is given). */
export function coseSignature(store: Uint8Array, manifestLabel?: string): Uint8Array | undefined {
  const root = parseBoxes(store).find((b) => b.label === 'c2pa');
  const manifests = (root?.children ?? []).filter((b) => b.type === 'jumb');
  const manifest = manifestLabel
    ? manifests.find((m) => m.label === manifestLabel)
    : manifests[manifests.length - 1];
  const signature = manifest?.children.find((b) => b.label === 'c2pa.signature');
  return signature?.children.find((b) => b.type === 'cbor')?.payload;
}

type CborMap = Map<unknown, unknown>;

function decodeCbor(bytes: Uint8Array): unknown {
  // Tag 18 marks a COSE_Sign1; the structure inside is all this needs.
  const tags: ((inner: () => unknown) => unknown)[] = [];
  tags[18] = (inner) => inner();
  return decode(bytes, { useMaps: true, tags });
}

function asBytesList(value: unknown): Uint8Array[] {
  if (value instanceof Uint8Array) return [value];
  if (Array.isArray(value)) return value.filter((v): v is Uint8Array => v instanceof Uint8Array);
  return [];
}

/** DER of the signer's chain and of every time-stamp token in a COSE_Sign1. */
export function certificatesInCose(cose: Uint8Array): { signer: Uint8Array[]; tokens: Uint8Array[] } {
  const sign1 = decodeCbor(cose) as unknown[];
  if (!Array.isArray(sign1) || sign1.length < 4) throw new Error('not a COSE_Sign1 structure');
  const protectedBytes = sign1[0];
  const protectedHeader =
    protectedBytes instanceof Uint8Array && protectedBytes.length > 0
      ? (decodeCbor(protectedBytes) as CborMap)
      : new Map();
  const unprotected = sign1[1] instanceof Map ? (sign1[1] as CborMap) : new Map();
  // x5chain is header 33; early C2PA writers put it, by name, in the unprotected header.
  const signer = asBytesList(
    protectedHeader.get(33) ??
      unprotected.get(33) ??
      protectedHeader.get('x5chain') ??
      unprotected.get('x5chain'),
  );
  const tokens: Uint8Array[] = [];
  for (const key of ['sigTst2', 'sigTst']) {
    const tst = unprotected.get(key) ?? protectedHeader.get(key);
    const list = tst instanceof Map ? (tst.get('tstTokens') as unknown[]) : undefined;
    for (const token of list ?? []) {
      const val = token instanceof Map ? token.get('val') : undefined;
      if (val instanceof Uint8Array) tokens.push(val);
    }
  }
  return { signer, tokens };
}

/** The elements inside a DER SEQUENCE, as byte ranges of the input. */
function derChildren(der: Uint8Array): Uint8Array[] {
  const header = (at: number): { content: number; end: number } => {
    const first = der[at + 1]!;
    if (first < 0x80) return { content: at + 2, end: at + 2 + first };
    const count = first & 0x7f;
    let length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[at + 2 + i]!;
    return { content: at + 2 + count, end: at + 2 + count + length };
  };
  const outer = header(0);
  const children: Uint8Array[] = [];
  for (let at = outer.content; at < Math.min(outer.end, der.length); ) {
    const { end } = header(at);
    children.push(der.subarray(at, end));
    at = end;
  }
  return children;
}

/**
 * The certificates inside an RFC 3161 time-stamp: a TimeStampToken (CMS ContentInfo), or a whole
 * TimeStampResp (status, then the token) as C2PA 2.x sigTst2 headers carry it.
 */
export function certificatesInToken(token: Uint8Array): Uint8Array[] {
  const children = derChildren(token);
  // A TimeStampResp starts with its status (a SEQUENCE); a ContentInfo starts with an OID.
  const contentInfo = children[0]?.[0] === 0x30 && children[1] ? children[1] : token;
  const info = AsnConvert.parse(contentInfo, ContentInfo);
  const signed = AsnConvert.parse(info.content, SignedData);
  return (signed.certificates ?? [])
    .map((choice) => choice.certificate)
    .filter((c) => c !== undefined)
    .map((c) => new Uint8Array(AsnConvert.serialize(c)));
}

export async function describeCertificate(der: Uint8Array): Promise<EvidenceCertificate> {
  const cert = new X509Certificate(der as Uint8Array<ArrayBuffer>);
  const organization = cert.subjectName.getField('O')[0];
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    ...(organization ? { organization } : {}),
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: await sha256Hex(der),
  };
}

/** Both chains of the active manifest's signature; throws with a reason when they cannot be read. */
export async function credentialCertificates(file: Uint8Array): Promise<CredentialCertificates> {
  const store = manifestStoreBytes(file);
  if (!store) throw new Error('the manifest store is not stored whole in this file format');
  const cose = coseSignature(store);
  if (!cose) throw new Error('the active manifest has no signature box');
  const { signer, tokens } = certificatesInCose(cose);
  const tsa = tokens.flatMap((t) => certificatesInToken(t));
  return {
    signerChain: await Promise.all(signer.map(describeCertificate)),
    tsaChain: await Promise.all(tsa.map(describeCertificate)),
  };
}
