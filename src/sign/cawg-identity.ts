// Signs media with a CAWG identity assertion (`cawg.identity`): a named actor's own X.509 signature
// (sig_type `cawg.x509.cose`), or an identity claims aggregator's verifiable credential
// (`cawg.identity_claims_aggregation`), over the hashes of assertions of the claim (at least its hard
// binding).
//
// The wasm Builder cannot compute such an assertion itself (c2pa-rs does it with a dynamic assertion the
// JS API does not expose), and the referenced hashes are salted, so they are only known once the claim is
// built. So: sign once with a zero-filled placeholder of the final size, read the claim's hashes, write
// the real assertion into the placeholder's bytes, update its hash in the claim and sign the claim again.
// Sizes never change, so the hard binding (which excludes the manifest) stays valid; a format whose
// container checksums the manifest's chunk (PNG) gets that checksum written again.
import { sha256 } from '@noble/hashes/sha2.js';
import { decode, encode } from 'cborg';
import CRC32 from 'crc-32';
import { type JumbfBox, jumbfBoxes, manifestStoreBytes, u32 } from '../verify/manifest-bytes.ts';
import { coseSign1 } from './cose-signer.ts';
import { type SignMediaOptions, signMedia } from './sign-media.ts';

export const IDENTITY_LABEL = 'cawg.identity';
const SIG_TYPE_X509 = 'cawg.x509.cose';

/** What every identity takes, whoever signs it. */
export interface IdentityInput {
  /** Assertion labels the identity signs (the hard binding is always added). */
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

export interface X509IdentityInput extends IdentityInput {
  /** The named actor's certificate chain (end entity first). */
  certChainDer: Uint8Array[];
  /** Raw 32-byte P-256 key of the end-entity certificate. */
  privateKey: Uint8Array;
}

/** A referenced assertion as the signer payload holds it. */
export interface ReferencedAssertion {
  url: string;
  hash: Uint8Array;
}

/** How one kind of identity signs its signer payload. */
export interface IdentitySigning {
  sigType: string;
  /** Largest size the finished signature can have (the placeholder reserves it). */
  signatureSize: number;
  sign(payload: {
    cbor: Uint8Array;
    referenced: ReferencedAssertion[];
    roles: string[];
  }): Promise<Uint8Array>;
}

/** Readers re-serialize the signer payload in struct order: keep maps in insertion order. */
const KEEP_ORDER = { mapSorter: () => 0 };
const HARD_BINDING = /^c2pa\.hash\.(data|bmff|boxes|collection)/;
const assertionUrl = (label: string) => `self#jumbf=c2pa.assertions/${label}`;

/** The file offset of a view into `file` (boxes read from the file are views of it). */
function offsetIn(file: Uint8Array, view: Uint8Array): number {
  if (view.buffer !== file.buffer) throw new Error('cawg identity: the manifest store is not stored whole');
  return view.byteOffset - file.byteOffset;
}

const child = (box: JumbfBox, label: string): JumbfBox => {
  const found = box.children.find((c) => c.label === label || c.label?.startsWith(`${label}.`));
  if (!found) throw new Error(`cawg identity: no ${label} box in the manifest`);
  return found;
};

const content = (box: JumbfBox): Uint8Array => {
  const found = box.children.find((c) => c.type === 'cbor');
  if (!found) throw new Error(`cawg identity: ${box.label} has no CBOR content`);
  return found.payload;
};

/** CBOR of the signer payload, in the field order readers re-serialize it (c2pa-rs struct order). */
function signerPayloadCbor(referenced: ReferencedAssertion[], sigType: string, roles: string[]): Uint8Array {
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
    ['sig_type', sigType],
  ]);
  if (roles.length > 0) payload.set('role', roles);
  return encode(payload, KEEP_ORDER);
}

/** The assertion as JSON for the Builder: byte strings as arrays of zeros, so its stored size is known. */
function placeholder(urls: string[], sigType: string, roles: string[], signatureSize: number) {
  return {
    signer_payload: {
      referenced_assertions: urls.map((url) => ({ url, hash: new Array(32).fill(0) })),
      sig_type: sigType,
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

/** PNG checksums each chunk: the `caBX` chunk holding the store gets its CRC written again. */
function fixContainer(out: Uint8Array, storeAt: number): void {
  const isPng = out[0] === 0x89 && out[1] === 0x50 && out[2] === 0x4e && out[3] === 0x47;
  if (!isPng) return;
  const chunk = storeAt - 8;
  if (String.fromCharCode(...out.subarray(chunk + 4, chunk + 8)) !== 'caBX')
    throw new Error('cawg identity: the PNG manifest store is not in a caBX chunk');
  const length = u32(out, chunk);
  const crc = CRC32.buf(out.subarray(chunk + 4, chunk + 8 + length)) >>> 0;
  new DataView(out.buffer, out.byteOffset).setUint32(chunk + 8 + length, crc);
}

/** Signs media with its claim signer and one CAWG identity assertion signed as `signing` says. */
export async function signWithIdentity(
  options: SignMediaOptions,
  identity: IdentityInput,
  signing: IdentitySigning,
): Promise<Uint8Array> {
  const roles = identity.roles ?? [];
  const extra = (identity.referencedAssertions ?? []).filter((l) => !HARD_BINDING.test(l));
  // The hard binding's label depends on the format; pad1 absorbs the difference in length.
  const placeholderUrls = ['c2pa.hash.data', ...extra, ...(identity.missingAssertions ?? [])].map(
    assertionUrl,
  );
  const signed = await signMedia({
    ...options,
    manifest: {
      ...options.manifest,
      assertions: [
        ...(options.manifest.assertions ?? []),
        {
          label: IDENTITY_LABEL,
          data: placeholder(placeholderUrls, signing.sigType, roles, signing.signatureSize),
        },
      ],
    },
  });

  const out = new Uint8Array(signed);
  const store = manifestStoreBytes(out);
  if (!store) throw new Error('cawg identity: no manifest store in the signed file');
  const storeAt = offsetIn(out, store);
  const root = jumbfBoxes(store).find((b) => b.label === 'c2pa');
  const manifest = root?.children.filter((c) => c.type === 'jumb').at(-1);
  if (!manifest) throw new Error('cawg identity: empty manifest store');
  const assertionBox = child(child(manifest, 'c2pa.assertions'), IDENTITY_LABEL);
  const identityContent = content(assertionBox);
  const claimBytes = content(child(manifest, 'c2pa.claim'));
  const signatureContent = content(child(manifest, 'c2pa.signature'));

  const claim = decode(claimBytes, { useMaps: false }) as {
    created_assertions?: ReferencedAssertion[];
    gathered_assertions?: ReferencedAssertion[];
    assertions?: ReferencedAssertion[];
  };
  const inClaim = [
    ...(claim.created_assertions ?? []),
    ...(claim.gathered_assertions ?? []),
    ...(claim.assertions ?? []),
  ];
  const hardBinding = inClaim.find((a) => HARD_BINDING.test(a.url.replace(/^.*c2pa\.assertions\//, '')));
  if (!hardBinding) throw new Error('cawg identity: the claim has no hard binding to reference');
  const referenced: ReferencedAssertion[] = [
    { url: hardBinding.url, hash: hardBinding.hash },
    ...extra.map((label) => {
      const entry = inClaim.find((a) => a.url === assertionUrl(label));
      if (!entry) throw new Error(`cawg identity: the claim has no ${label} assertion to reference`);
      return { url: entry.url, hash: entry.hash };
    }),
  ];
  for (const label of identity.missingAssertions ?? [])
    referenced.push({ url: assertionUrl(label), hash: sha256(new TextEncoder().encode(label)) });

  const payload = signerPayloadCbor(referenced, signing.sigType, roles);
  let signature = await signing.sign({ cbor: payload, referenced, roles });
  if (identity.tamper) signature = identity.tamper(signature);
  const oldHash = sha256(assertionBox.payload);
  identityContent.set(identityCbor(payload, signature, identityContent.length));
  const newHash = sha256(assertionBox.payload);

  const at = indexOf(claimBytes, oldHash);
  if (at < 0) throw new Error('cawg identity: the claim does not list the identity assertion');
  claimBytes.set(newHash, at);
  const claimSignature = await options.signer.sign(new Uint8Array(claimBytes));
  if (claimSignature.length !== signatureContent.length)
    throw new Error('cawg identity: the claim signature changed size');
  signatureContent.set(claimSignature);
  fixContainer(out, storeAt);
  return out;
}

/** Signs media with its claim signer and an X.509 CAWG identity assertion. */
export function signWithX509Identity(
  options: SignMediaOptions,
  identity: X509IdentityInput,
): Promise<Uint8Array> {
  const chainBytes = identity.certChainDer.reduce((n, der) => n + der.length, 0);
  const signatureSize = chainBytes + 512;
  return signWithIdentity(options, identity, {
    sigType: SIG_TYPE_X509,
    signatureSize,
    sign: ({ cbor }) => coseSign1(cbor, identity.certChainDer, identity.privateKey, signatureSize),
  });
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
