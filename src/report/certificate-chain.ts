// The certificates a credential carries: the signer's chain (COSE x5chain) and the time-stamp authority's
// (inside the RFC 3161 token), read from the C2PA manifest store in the file's bytes. The engine's JSON
// names only the signing certificate, and a report must let a reader check every certificate by fingerprint.
import 'reflect-metadata';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { X509Certificate } from '@peculiar/x509';
import { decode } from 'cborg';
import { coseSignature, manifestStoreBytes } from '../verify/manifest-bytes.ts';
import { sha256Hex } from '../verify/sha256.ts';
import type { EvidenceCertificate } from './evidence.ts';

export interface CredentialCertificates {
  signerChain: EvidenceCertificate[];
  tsaChain: EvidenceCertificate[];
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
