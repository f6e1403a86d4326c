// A self-made certificate authority and signing certificate for Content Credentials.
// Creators sign their own work with it ("sign my work", no service needed) and the project signs its
// own test and demo media. Readers trust it only when its CA is added as an anchor.
// @peculiar/x509 resolves its algorithms through a DI container that needs the Reflect metadata API.
import 'reflect-metadata';
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  type Name as X509Name,
} from '@peculiar/x509';
import { derToPem } from '../encoding/pem.ts';

/** A certificate with its P-256 key. */
export interface CertifiedKey {
  certificatePem: string;
  certificateDer: Uint8Array<ArrayBuffer>;
  /** Raw 32-byte P-256 secret scalar. */
  privateKey: Uint8Array;
  /** The same key as PKCS#8 PEM, for tools that want a key file. */
  privateKeyPem: string;
}

export interface TestAuthority {
  name: string;
  /** The root: give its PEM to a reader as a trust anchor to make this authority's media trusted. */
  ca: CertifiedKey;
  /** The end-entity certificate that signs claims (keyUsage digitalSignature, EKU emailProtection). */
  signer: CertifiedKey;
  /** What goes into a COSE x5chain: the signer first, then intermediates (none here; the root stays out). */
  certChainDer: Uint8Array[];
}

export interface TestAuthorityOptions {
  /** Organisation name shown as the signer (subject O and CN). */
  name: string;
  /** Same seed → same keys and byte-identical certificates. Omit for fresh random keys. */
  seed?: string;
  /** Validity of the signing certificate (default: 2024-01-01 to 2049-12-31, same for the CA). */
  signerValidity?: { notBefore: Date; notAfter: Date };
}

const DEFAULT_NOT_BEFORE = new Date('2024-01-01T00:00:00Z');
const DEFAULT_NOT_AFTER = new Date('2049-12-31T23:59:59Z');

// DER prefixes of P-256 SubjectPublicKeyInfo (uncompressed point follows) and of a PKCS#8 key without
// the optional public key (the 32-byte scalar follows).
const SPKI_P256_PREFIX = hexToBytes('3059301306072a8648ce3d020106082a8648ce3d030107034200');
const PKCS8_P256_PREFIX = hexToBytes(
  '304102010030130607' + '2a8648ce3d020106082a8648ce3d030107042730250201010420',
);

/** P-256 SubjectPublicKeyInfo DER for a raw secret scalar. */
export function p256SpkiDer(privateKey: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(concatBytes(SPKI_P256_PREFIX, p256.getPublicKey(privateKey, false)));
}

/** P-256 PKCS#8 DER for a raw secret scalar. */
export function p256Pkcs8Der(privateKey: Uint8Array): Uint8Array {
  if (privateKey.length !== 32) throw new Error('A P-256 secret key is 32 bytes');
  return concatBytes(PKCS8_P256_PREFIX, privateKey);
}

function secretKeyFor(seed: string | undefined, role: string): Uint8Array {
  // noble reduces a 48-byte seed to a scalar without bias.
  return seed === undefined
    ? p256.utils.randomSecretKey()
    : p256.utils.randomSecretKey(
        sha512(utf8ToBytes(`provenance-lens test authority|${seed}|${role}`)).slice(0, 48),
      );
}

function serialFor(seed: string | undefined, role: string): string {
  const bytes =
    seed === undefined
      ? crypto.getRandomValues(new Uint8Array(16))
      : sha256(utf8ToBytes(`serial|${seed}|${role}`)).slice(0, 16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive INTEGER
  return bytesToHex(bytes);
}

/**
 * A WebCrypto stand-in for @peculiar/x509 that signs with noble's deterministic ECDSA (RFC 6979), so a
 * seeded authority has byte-identical certificates; digests go to the platform's WebCrypto.
 */
function deterministicSigningCrypto(privateKey: Uint8Array): Crypto {
  const subtle = {
    sign: async (_algorithm: unknown, _key: unknown, data: BufferSource): Promise<ArrayBuffer> => {
      const message =
        data instanceof Uint8Array
          ? data
          : ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
            : new Uint8Array(data);
      return p256.sign(message, privateKey, { prehash: true }).slice().buffer as ArrayBuffer;
    },
    digest: (algorithm: AlgorithmIdentifier, data: BufferSource) => crypto.subtle.digest(algorithm, data),
  };
  return {
    subtle: subtle as unknown as SubtleCrypto,
    getRandomValues: crypto.getRandomValues.bind(crypto),
  } as unknown as Crypto;
}

// Only `.algorithm` is read from the signing key; the signature itself comes from the crypto above.
const P256_SIGNING_KEY = {
  algorithm: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
} as unknown as CryptoKey;

function certifiedKey(der: Uint8Array<ArrayBuffer>, privateKey: Uint8Array): CertifiedKey {
  return {
    certificateDer: der,
    certificatePem: derToPem(der, 'CERTIFICATE'),
    privateKey,
    privateKeyPem: derToPem(p256Pkcs8Der(privateKey), 'PRIVATE KEY'),
  };
}

function escapeDnValue(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}

/** Creates a P-256 root CA and an end-entity signing certificate that C2PA validators accept. */
export async function createTestAuthority(options: TestAuthorityOptions): Promise<TestAuthority> {
  const name = options.name.trim();
  if (!name) throw new Error('createTestAuthority needs a non-empty name');
  const { seed } = options;
  const caKey = secretKeyFor(seed, 'ca');
  const signerKey = secretKeyFor(seed, 'signer');
  const caSpki = p256SpkiDer(caKey);
  const caCrypto = deterministicSigningCrypto(caKey);
  const safeName = escapeDnValue(name);
  const caSubject = `CN=${safeName} Root CA, O=${safeName}, OU=FOR TESTING ONLY`;

  const caCert = await X509CertificateGenerator.create(
    {
      serialNumber: serialFor(seed, 'ca'),
      subject: caSubject,
      issuer: caSubject,
      notBefore: DEFAULT_NOT_BEFORE,
      notAfter: DEFAULT_NOT_AFTER,
      publicKey: caSpki,
      signingKey: P256_SIGNING_KEY,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new BasicConstraintsExtension(true, 1, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(caSpki, false, caCrypto),
      ],
    },
    caCrypto,
  );

  const ca = certifiedKey(new Uint8Array(caCert.rawData), caKey);
  const signer = await endEntity(
    ca,
    caSubject,
    name,
    signerKey,
    serialFor(seed, 'signer'),
    options.signerValidity,
  );
  return { name, ca, signer, certChainDer: [signer.certificateDer] };
}

/** An end-entity certificate (digitalSignature, EKU emailProtection) for `name`, issued by `ca`. */
async function endEntity(
  ca: CertifiedKey,
  caSubject: string | X509Name,
  name: string,
  signerKey: Uint8Array,
  serialNumber: string,
  validity: { notBefore: Date; notAfter: Date } | undefined,
): Promise<CertifiedKey> {
  const caSpki = p256SpkiDer(ca.privateKey);
  const signerSpki = p256SpkiDer(signerKey);
  const caCrypto = deterministicSigningCrypto(ca.privateKey);
  const safeName = escapeDnValue(name);
  const signerCert = await X509CertificateGenerator.create(
    {
      serialNumber,
      subject: `CN=${safeName}, O=${safeName}, OU=FOR TESTING ONLY`,
      issuer: caSubject,
      notBefore: validity?.notBefore ?? DEFAULT_NOT_BEFORE,
      notAfter: validity?.notAfter ?? DEFAULT_NOT_AFTER,
      publicKey: signerSpki,
      signingKey: P256_SIGNING_KEY,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.emailProtection], false),
        await SubjectKeyIdentifierExtension.create(signerSpki, false, caCrypto),
        await AuthorityKeyIdentifierExtension.create(caSpki, false, caCrypto),
      ],
    },
    caCrypto,
  );

  return certifiedKey(new Uint8Array(signerCert.rawData), signerKey);
}

export interface IssueOptions {
  /** The person's or organisation's name (subject O and CN). */
  name: string;
  /** Same seed → same key and certificate. Omit for a fresh random key. */
  seed?: string;
  validity?: { notBefore: Date; notAfter: Date };
}

/**
 * A further signer under an existing authority's CA, e.g. a named person's identity certificate: it is
 * trusted wherever that authority's CA is an anchor.
 */
export async function issueSigner(authority: TestAuthority, options: IssueOptions): Promise<TestAuthority> {
  const name = options.name.trim();
  if (!name) throw new Error('issueSigner needs a non-empty name');
  // The issuer name as the CA certificate encodes it, so that chains match it byte for byte.
  const caSubject = new X509Certificate(authority.ca.certificateDer).subjectName;
  const role = `issued|${name}`;
  const signer = await endEntity(
    authority.ca,
    caSubject,
    name,
    secretKeyFor(options.seed, role),
    serialFor(options.seed, role),
    options.validity,
  );
  return { name, ca: authority.ca, signer, certChainDer: [signer.certificateDer] };
}
