// Signs media with a CAWG identity assertion (`cawg.identity`, sig_type `cawg.x509.cose`): a named actor's
// own X.509 signature over the hashes of assertions of the claim (at least its hard binding).
//
// The wasm Builder cannot compute such an assertion itself (c2pa-rs does it with a dynamic assertion the
// JS API does not expose), and the referenced hashes are salted, so they are only known once the claim is
// built. So: sign once with a zero-filled placeholder of the final size, read the claim's hashes, write
// the real assertion into the placeholder's bytes, update its hash in the claim and sign the claim again.
// Sizes never change, so the hard binding (which excludes the manifest) stays valid.
import { sha256 } from '@noble/hashes/sha2.js';
import { decode, encode } from 'cborg';
import { coseSign1 } from './cose-signer.ts';
import { type SignMediaOptions, signMedia } from './sign-media.ts';

export const IDENTITY_LABEL = 'cawg.identity';
const SIG_TYPE_X509 = 'cawg.x509.cose';

export interface X509IdentityInput {
  /** The named actor's certificate chain (end entity first). */
  certChainDer: Uint8Array[];
  /** Raw 32-byte P-256 key of the end-entity certificate. */
  privateKey: Uint8Array;
  /** Assertion labels the identity signs (the hard binding `c2pa.hash.data` is always added). */
  referencedAssertions?: string[];
  /** Roles of the named actor (CAWG `role`), e.g. `cawg.creator`. */
  roles?: string[];
  /**
   * Assertions to reference that the claim does not hold, with made-up hashes: only for testing that
   * readers refuse such an identity.
   */
  missingAssertions?: string[];
  /** Changes the finished signature (testing readers with a tampered identity). */
  tamper?: (signature: Uint8Array) => Uint8Array;
}

interface Box {
  type: string;
  start: number;
  end: number;
  label?: string;
  children: Box[];
}

const HARD_BINDING = 'c2pa.hash.data';
/** Readers re-serialize the signer payload in struct order: keep maps in insertion order. */
const KEEP_ORDER = { mapSorter: () => 0 };
const assertionUrl = (label: string) => `self#jumbf=c2pa.assertions/${label}`;

function u32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) >>> 0) + ((b[at + 1] ?? 0) << 16) + ((b[at + 2] ?? 0) << 8) + (b[at + 3] ?? 0);
}

/** JUMBF boxes between start and end; superboxes (`jumb`) get their children and description label. */
function jumbf(b: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  for (let at = start; at + 8 <= end; ) {
    const size = u32(b, at);
    if (size < 8 || at + size > end) throw new Error('cawg identity: malformed JUMBF in the signed file');
    const box: Box = {
      type: String.fromCharCode(...b.subarray(at + 4, at + 8)),
      start: at,
      end: at + size,
      children: [],
    };
    if (box.type === 'jumb') {
      box.children = jumbf(b, at + 8, at + size);
      const description = box.children[0];
      if (description?.type === 'jumd') {
        const text = b.subarray(description.start + 8 + 17, description.end);
        const nul = text.indexOf(0);
        box.label = String.fromCharCode(...text.subarray(0, nul < 0 ? text.length : nul));
      }
    }
    boxes.push(box);
    at += size;
  }
  return boxes;
}

/** The manifest store of a JPEG signed by the Builder (one APP11 segment; the fixtures are small). */
function jpegStore(b: Uint8Array): Box {
  for (let at = 2; at + 4 <= b.length; ) {
    const marker = b[at + 1];
    const length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    if (marker === 0xeb) {
      const store = jumbf(b, at + 12, at + 2 + length)[0];
      if (!store || u32(b, store.start) !== store.end - store.start)
        throw new Error('cawg identity: the manifest store spans several APP11 segments');
      return store;
    }
    if (marker === 0xda) break;
    at += 2 + length;
  }
  throw new Error('cawg identity: no manifest store in the signed JPEG');
}

const child = (box: Box, label: string): Box => {
  const found = box.children.find((c) => c.label === label || c.label?.startsWith(`${label}.`));
  if (!found) throw new Error(`cawg identity: no ${label} box in the manifest`);
  return found;
};

const content = (box: Box): Box => {
  const found = box.children.find((c) => c.type === 'cbor');
  if (!found) throw new Error(`cawg identity: ${box.label} has no CBOR content`);
  return found;
};

/** CBOR of the signer payload, in the field order readers re-serialize it (c2pa-rs struct order). */
function signerPayloadCbor(referenced: { url: string; hash: Uint8Array }[], roles: string[]): Uint8Array {
  const payload = new Map<string, unknown>([
    [
      'referenced_assertions',
      referenced.map(
        (r) =>
          new Map<string, unknown>([
            ['url', r.url],
            ['hash', r.hash],
          ]),
      ),
    ],
    ['sig_type', SIG_TYPE_X509],
  ]);
  if (roles.length > 0) payload.set('role', roles);
  return encode(payload, KEEP_ORDER);
}

/** The assertion as JSON for the Builder: byte strings as arrays of zeros, so its stored size is known. */
function placeholder(references: number, urls: string[], roles: string[], signatureSize: number) {
  return {
    signer_payload: {
      referenced_assertions: urls.slice(0, references).map((url) => ({ url, hash: new Array(32).fill(0) })),
      sig_type: SIG_TYPE_X509,
      ...(roles.length > 0 ? { role: roles } : {}),
    },
    signature: new Array(signatureSize).fill(0),
    pad1: new Array(300).fill(0),
  };
}

/** The final assertion CBOR, padded (pad1, then pad2 to bridge header-size steps) to exactly `size`. */
function identityCbor(payload: Uint8Array, signature: Uint8Array, size: number): Uint8Array {
  const signerPayload = decode(payload, { useMaps: true }) as Map<string, unknown>;
  const build = (pad1: number, pad2?: number) => {
    const map = new Map<string, unknown>([
      ['signer_payload', signerPayload],
      ['signature', signature],
      ['pad1', new Uint8Array(pad1)],
    ]);
    if (pad2 !== undefined) map.set('pad2', new Uint8Array(pad2));
    return encode(map, KEEP_ORDER);
  };
  const bare = build(0).length;
  for (const pad2 of [undefined, 0, 1, 2, 3]) {
    const base = pad2 === undefined ? bare : build(0, pad2).length;
    for (let pad1 = Math.max(0, size - base - 4); pad1 <= size - base; pad1++) {
      const out = build(pad1, pad2);
      if (out.length === size) return out;
    }
  }
  throw new Error(`cawg identity: cannot fit the identity assertion into ${size} bytes`);
}

/** Signs a JPEG with its claim signer and an X.509 CAWG identity assertion. */
export async function signWithX509Identity(
  options: SignMediaOptions,
  identity: X509IdentityInput,
): Promise<Uint8Array> {
  if (options.mediaType !== 'image/jpeg') throw new Error('cawg identity: only JPEG is supported');
  const roles = identity.roles ?? [];
  const labels = [HARD_BINDING, ...(identity.referencedAssertions ?? []).filter((l) => l !== HARD_BINDING)];
  const urls = [...labels, ...(identity.missingAssertions ?? [])].map(assertionUrl);
  const chainBytes = identity.certChainDer.reduce((n, der) => n + der.length, 0);
  const signatureSize = chainBytes + 512;
  const signed = await signMedia({
    ...options,
    manifest: {
      ...options.manifest,
      assertions: [
        ...(options.manifest.assertions ?? []),
        { label: IDENTITY_LABEL, data: placeholder(urls.length, urls, roles, signatureSize) },
      ],
    },
  });

  const out = new Uint8Array(signed);
  const store = jpegStore(out);
  const manifest = store.children.filter((c) => c.type === 'jumb').at(-1);
  if (!manifest) throw new Error('cawg identity: empty manifest store');
  const assertionBox = child(child(manifest, 'c2pa.assertions'), IDENTITY_LABEL);
  const identityContent = content(assertionBox);
  const claimContent = content(child(manifest, 'c2pa.claim'));
  const signatureContent = content(child(manifest, 'c2pa.signature'));

  const claimBytes = out.subarray(claimContent.start + 8, claimContent.end);
  const claim = decode(claimBytes, { useMaps: false }) as {
    created_assertions?: { url: string; hash: Uint8Array }[];
    gathered_assertions?: { url: string; hash: Uint8Array }[];
  };
  const inClaim = [...(claim.created_assertions ?? []), ...(claim.gathered_assertions ?? [])];
  const referenced = labels.map((label) => {
    const entry = inClaim.find((a) => a.url === assertionUrl(label));
    if (!entry) throw new Error(`cawg identity: the claim has no ${label} assertion to reference`);
    return { url: entry.url, hash: entry.hash };
  });
  for (const label of identity.missingAssertions ?? [])
    referenced.push({ url: assertionUrl(label), hash: sha256(new TextEncoder().encode(label)) });

  const payload = signerPayloadCbor(referenced, roles);
  let signature = await coseSign1(payload, identity.certChainDer, identity.privateKey, signatureSize);
  if (identity.tamper) signature = identity.tamper(signature);
  const oldHash = sha256(out.subarray(assertionBox.start + 8, assertionBox.end));
  out.set(
    identityCbor(payload, signature, identityContent.end - identityContent.start - 8),
    identityContent.start + 8,
  );
  const newHash = sha256(out.subarray(assertionBox.start + 8, assertionBox.end));

  const at = indexOf(claimBytes, oldHash);
  if (at < 0) throw new Error('cawg identity: the claim does not list the identity assertion');
  claimBytes.set(newHash, at);
  const claimSignature = await options.signer.sign(new Uint8Array(claimBytes));
  if (claimSignature.length !== signatureContent.end - signatureContent.start - 8)
    throw new Error('cawg identity: the claim signature changed size');
  out.set(claimSignature, signatureContent.start + 8);
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
