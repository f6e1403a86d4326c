// Whether a CAWG identity's signer is trusted. X.509: whether it chains to the trust anchors in force. c2pa-wasm 0.11.0 checks
// the identity's signature but ignores the cawg_trust settings, so every X.509 identity would read as on
// no list; this checks it here: the COSE_Sign1 of the identity assertion (read from the file, since the
// engine's JSON keeps no certificate) is verified with WebCrypto, its x5chain is built to an anchor with
// @peculiar/x509, every certificate must be valid at the time of signing, and the end entity must carry
// one of the EKUs of the trust configuration when one is in force. Identity claims aggregators: no list
// of trusted aggregators is in force, so each is on no list; what they signed is read from the file,
// since the engine's summary of a valid aggregator keeps only its credential.
import 'reflect-metadata';
import { ExtendedKeyUsageExtension, X509Certificate, X509ChainBuilder } from '@peculiar/x509';
import { decode, encode } from 'cborg';
import type { ManifestStoreJson } from './engine/protocol.ts';
import { assertionCbor, manifestStoreBytes } from './manifest-bytes.ts';
import type { TrustConfig, TrustListSource } from './trust.ts';

const IDENTITY_LABEL = /^cawg\.identity(__\d+)?$/;
const SIG_TYPE_X509 = 'cawg.x509.cose';
const SIG_TYPE_ICA = 'cawg.identity_claims_aggregation';
/** CAWG's code for an aggregator whose issuer is on no list of trusted issuers. */
export const ICA_UNTRUSTED_ISSUER = 'cawg.ica.untrusted_issuer';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
/** Readers re-serialize the signer payload in its stored field order: keep maps in that order. */
const KEEP_ORDER = { mapSorter: () => 0 };

/** CAWG identity 1.3 status codes for the X.509 checks made here. */
export const X509_CODES = {
  signatureValidated: 'cawg.x509.signature.validated',
  signatureMismatch: 'cawg.x509.signature.mismatch',
  outsideValidity: 'cawg.x509.signature.outside_validity',
  trusted: 'cawg.x509.credential.trusted',
  untrusted: 'cawg.x509.credential.untrusted',
  invalid: 'cawg.x509.credential.invalid',
  algorithmUnsupported: 'cawg.x509.algorithm.unsupported',
} as const;

export interface IdentitySignerCheck {
  /** False when the check here found the identity's signature wrong (aggregators: left to the engine). */
  signatureValid: boolean;
  trusted: boolean;
  /** The assertions the signer payload references (labels) and its roles, as the file stores them. */
  covers: string[];
  roles: string[];
  /** Name of the list in force the signer chained to. */
  trustList?: string;
  /** The codes above that apply, in the order the checks ran. */
  codes: string[];
}

interface Anchor {
  cert: X509Certificate;
  list: string;
  sha256: string;
}

interface Anchors {
  anchors: Anchor[];
  /** SHA-256 (base64) of end-entity certificates trusted directly, with their list's name. */
  allowed: Map<string, string>;
  ekus: string[];
}

const anchorCache = new WeakMap<TrustConfig, Promise<Anchors>>();

function base64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

async function sha256Base64(der: ArrayBuffer | Uint8Array): Promise<string> {
  return base64(new Uint8Array(await crypto.subtle.digest('SHA-256', der as BufferSource)));
}

function certificates(list: TrustListSource | undefined): X509Certificate[] {
  return (list?.pem.match(PEM_BLOCK) ?? []).flatMap((block) => {
    try {
      return [new X509Certificate(block)];
    } catch {
      return []; // a garbage block never matches, as in the engine
    }
  });
}

async function anchorsOf(trust: TrustConfig): Promise<Anchors> {
  const anchors: Anchor[] = [];
  for (const list of [...trust.anchors, ...(trust.userAnchors ?? [])]) {
    for (const cert of certificates(list))
      anchors.push({ cert, list: list.name, sha256: await sha256Base64(cert.rawData) });
  }
  const allowed = new Map<string, string>();
  const allowedList = trust.allowedList;
  if (allowedList) {
    for (const cert of certificates(allowedList))
      allowed.set(await sha256Base64(cert.rawData), allowedList.name);
    // Lines that are not PEM may be base64 SHA-256 hashes of certificates, as c2pa-rs reads them.
    for (const line of allowedList.pem.replace(PEM_BLOCK, '').split(/\r?\n/)) {
      const hash = line.trim();
      if (/^[A-Za-z0-9+/]{43}=$/.test(hash)) allowed.set(hash, allowedList.name);
    }
  }
  const ekus = (trust.trustConfig ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /^\d+(\.\d+)+$/.test(line));
  return { anchors, allowed, ekus };
}

function cachedAnchors(trust: TrustConfig): Promise<Anchors> {
  let cached = anchorCache.get(trust);
  if (!cached) {
    cached = anchorsOf(trust);
    anchorCache.set(trust, cached);
  }
  return cached;
}

type CborMap = Map<unknown, unknown>;

function decodeCose(bytes: Uint8Array): unknown[] | undefined {
  const tags: ((inner: () => unknown) => unknown)[] = [];
  tags[18] = (inner) => inner(); // COSE_Sign1
  try {
    const value = decode(bytes, { useMaps: true, tags });
    return Array.isArray(value) && value.length === 4 ? value : undefined;
  } catch {
    return undefined;
  }
}

function x5chain(protectedHeader: CborMap, unprotected: CborMap): Uint8Array[] {
  const value = protectedHeader.get(33) ?? unprotected.get(33);
  if (value instanceof Uint8Array) return [value];
  return Array.isArray(value) ? value.filter((v): v is Uint8Array => v instanceof Uint8Array) : [];
}

/** WebCrypto parameters of a COSE algorithm: how to import the key and how to verify. */
function algorithmOf(alg: unknown):
  | {
      key: Algorithm | EcKeyImportParams | RsaHashedImportParams;
      verify: Algorithm | EcdsaParams | RsaPssParams;
    }
  | undefined {
  switch (alg) {
    case -7:
      return {
        key: { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyImportParams,
        verify: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
      };
    case -35:
      return {
        key: { name: 'ECDSA', namedCurve: 'P-384' } as EcKeyImportParams,
        verify: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
      };
    case -36:
      return {
        key: { name: 'ECDSA', namedCurve: 'P-521' } as EcKeyImportParams,
        verify: { name: 'ECDSA', hash: 'SHA-512' } as EcdsaParams,
      };
    case -8:
      return { key: { name: 'Ed25519' }, verify: { name: 'Ed25519' } };
    case -37:
    case -38:
    case -39: {
      const bits = alg === -37 ? 256 : alg === -38 ? 384 : 512;
      return {
        key: { name: 'RSA-PSS', hash: `SHA-${bits}` } as RsaHashedImportParams,
        verify: { name: 'RSA-PSS', saltLength: bits / 8 } as RsaPssParams,
      };
    }
    default:
      return undefined;
  }
}

async function signatureVerifies(
  cose: unknown[],
  signerPayload: unknown,
  leaf: X509Certificate,
): Promise<boolean | 'unsupported'> {
  const [protectedBytes, , attached, signature] = cose;
  if (!(protectedBytes instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
  const header =
    protectedBytes.length > 0 ? (decode(protectedBytes, { useMaps: true }) as CborMap) : new Map();
  const algorithm = algorithmOf(header.get(1));
  if (!algorithm) return 'unsupported';
  // The payload is detached: the CBOR of the signer payload, as the assertion stores it.
  const payload = attached instanceof Uint8Array ? attached : encode(signerPayload, KEEP_ORDER);
  const toBeSigned = encode(['Signature1', protectedBytes, new Uint8Array(0), payload]);
  try {
    const key = await leaf.publicKey.export(algorithm.key, ['verify']);
    return await crypto.subtle.verify(
      algorithm.verify,
      key,
      signature as BufferSource,
      toBeSigned as BufferSource,
    );
  } catch {
    return false;
  }
}

function payloadFacts(signerPayload: CborMap): { covers: string[]; roles: string[] } {
  const referenced = signerPayload.get('referenced_assertions');
  const role = signerPayload.get('role');
  return {
    covers: (Array.isArray(referenced) ? referenced : [])
      .map((entry) => (entry instanceof Map ? entry.get('url') : undefined))
      .filter((url): url is string => typeof url === 'string')
      .map((url) => url.replace(/^self#jumbf=(\/c2pa\/[^/]+\/)?c2pa\.assertions\//, '')),
    roles: Array.isArray(role) ? role.filter((r): r is string => typeof r === 'string') : [],
  };
}

function validAt(cert: X509Certificate, time: Date): boolean {
  return cert.notBefore.getTime() <= time.getTime() && time.getTime() <= cert.notAfter.getTime();
}

async function checkOne(
  cbor: Uint8Array,
  anchors: Anchors,
  time: Date,
): Promise<IdentitySignerCheck | undefined> {
  let assertion: CborMap;
  try {
    assertion = decode(cbor, { useMaps: true }) as CborMap;
  } catch {
    return undefined;
  }
  const signerPayload = assertion.get('signer_payload');
  const signature = assertion.get('signature');
  if (!(signerPayload instanceof Map) || !(signature instanceof Uint8Array)) return undefined;
  const payload = payloadFacts(signerPayload);
  if (signerPayload.get('sig_type') === SIG_TYPE_ICA) {
    // The engine checks the aggregator's credential; no list of trusted aggregators is in force here.
    return { signatureValid: true, trusted: false, ...payload, codes: [ICA_UNTRUSTED_ISSUER] };
  }
  if (signerPayload.get('sig_type') !== SIG_TYPE_X509) return undefined;
  const cose = decodeCose(signature);
  const fail = (code: string): IdentitySignerCheck => ({
    signatureValid: false,
    trusted: false,
    ...payload,
    codes: [code],
  });
  if (!cose) return fail(X509_CODES.invalid);
  const protectedHeader =
    cose[0] instanceof Uint8Array && cose[0].length > 0
      ? (decode(cose[0], { useMaps: true }) as CborMap)
      : new Map();
  const chainDer = x5chain(protectedHeader, cose[1] instanceof Map ? (cose[1] as CborMap) : new Map());
  let chain: X509Certificate[];
  try {
    chain = chainDer.map((der) => new X509Certificate(der as Uint8Array<ArrayBuffer>));
  } catch {
    return fail(X509_CODES.invalid);
  }
  const leaf = chain[0];
  if (!leaf) return fail(X509_CODES.invalid);
  const verified = await signatureVerifies(cose, signerPayload, leaf);
  if (verified === 'unsupported') return fail(X509_CODES.algorithmUnsupported);
  if (!verified) return fail(X509_CODES.signatureMismatch);

  const codes: string[] = [X509_CODES.signatureValidated];
  const untrusted = (code: string = X509_CODES.untrusted): IdentitySignerCheck => ({
    signatureValid: true,
    trusted: false,
    ...payload,
    codes: [...codes, code],
  });
  const leafHash = await sha256Base64(leaf.rawData);
  let list = anchors.allowed.get(leafHash);
  let path: X509Certificate[] = [leaf];
  if (!list) {
    // The builder follows issuer names and key ids and checks each certificate's signature on the way up.
    const builder = new X509ChainBuilder({
      certificates: [...chain.slice(1), ...anchors.anchors.map((a) => a.cert)],
    });
    let built: X509Certificate[];
    try {
      built = [...(await builder.build(leaf))];
    } catch {
      return untrusted(X509_CODES.invalid);
    }
    for (let i = 1; i < built.length && !list; i++) {
      const hash = await sha256Base64((built[i] as X509Certificate).rawData);
      const anchor = anchors.anchors.find((a) => a.sha256 === hash);
      if (anchor) {
        list = anchor.list;
        path = built.slice(0, i + 1);
      }
    }
  }
  if (!list) return untrusted();
  if (!path.every((cert) => validAt(cert, time))) return untrusted(X509_CODES.outsideValidity);
  if (anchors.ekus.length > 0) {
    const usages = leaf.getExtension(ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
    if (!usages.some((oid) => anchors.ekus.includes(oid))) return untrusted(X509_CODES.invalid);
  }
  return {
    signatureValid: true,
    trusted: true,
    trustList: list,
    ...payload,
    codes: [...codes, X509_CODES.trusted],
  };
}

/**
 * The X.509 identities of the active manifest, checked against the trust in force at `time` (the
 * time-stamp of the claim when one attests it, else the validation time), by assertion label. An
 * identity whose assertion cannot be read from the file is left out: the engine's word stands for it.
 */
export async function checkIdentitySigners(
  file: Uint8Array,
  store: ManifestStoreJson,
  trust: TrustConfig | null | undefined,
  time: Date,
): Promise<Record<string, IdentitySignerCheck>> {
  const label = store.active_manifest;
  const labels = (label ? (store.manifests[label]?.assertions ?? []) : [])
    .map((a) => a.label)
    .filter((l) => IDENTITY_LABEL.test(l));
  if (!label || labels.length === 0) return {};
  const storeBytes = manifestStoreBytes(file);
  if (!storeBytes) return {};
  const anchors = trust ? await cachedAnchors(trust) : { anchors: [], allowed: new Map(), ekus: [] };
  const out: Record<string, IdentitySignerCheck> = {};
  for (const assertionLabel of labels) {
    const cbor = assertionCbor(storeBytes, assertionLabel, label);
    const check = cbor ? await checkOne(cbor, anchors, time) : undefined;
    if (check) out[assertionLabel] = check;
  }
  return out;
}
