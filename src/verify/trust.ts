// Trust settings for the C2PA engine: which certificates are trusted, and how to say which list a signer
// chained to. Certificates are decoded with @peculiar/asn1-x509 (no DI container, so it runs anywhere).
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Name } from '@peculiar/asn1-x509';
import { pemToDer } from '../encoding/pem.ts';
import { sha256Hex } from './sha256.ts';

/** The few facts about a certificate this project shows and matches on. */
export interface CertificateFacts {
  der: Uint8Array;
  subject: string;
  issuer: string;
  organization?: string;
  commonName?: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
}

const OID_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '1.2.840.113549.1.9.1': 'E',
};

function nameText(name: Name): string {
  return name
    .flatMap((rdn) => rdn.map((attr) => `${OID_NAMES[attr.type] ?? attr.type}=${attr.value.toString()}`))
    .join(', ');
}

export function decodeCertificate(pemBlock: string): CertificateFacts {
  const der = pemToDer(pemBlock);
  const cert = AsnConvert.parse(der, Certificate);
  const tbs = cert.tbsCertificate;
  const subject = nameText(tbs.subject);
  const basic = tbs.extensions?.find((e) => e.extnID === '2.5.29.19');
  // BasicConstraints: SEQUENCE { cA BOOLEAN DEFAULT FALSE, ... } — cA is TRUE when the DER holds 01 01 FF.
  const basicBytes = basic ? new Uint8Array(basic.extnValue.buffer) : undefined;
  const isCa = basicBytes
    ? /0101ff/.test([...basicBytes].map((b) => b.toString(16).padStart(2, '0')).join(''))
    : false;
  const facts: CertificateFacts = {
    der,
    subject,
    issuer: nameText(tbs.issuer),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    isCa,
  };
  const organization = nameField(subject, 'O');
  const commonName = nameField(subject, 'CN');
  if (organization) facts.organization = organization;
  if (commonName) facts.commonName = commonName;
  return facts;
}

export interface TrustListSource {
  /** Stable id: "c2pa-conformance", "c2pa-tsa", "interim", "user", or a file name. */
  id: string;
  /** Name shown to people: "C2PA trust list", "your own anchors". */
  name: string;
  /** PEM text (one or more certificates; text lines between blocks are ignored). */
  pem: string;
  version?: string;
  fetchedAt?: string;
  /** Where it came from: "fetched", "bundled" (the snapshot shipped with the product), "imported". */
  source?: string;
}

export interface TrustConfig {
  /** Official lists (system anchors in c2pa-rs terms). */
  anchors: TrustListSource[];
  /** Anchors a person added themselves. */
  userAnchors?: TrustListSource[];
  /** End-entity certificates trusted directly: PEM and/or base64 SHA-256 lines. */
  allowedList?: TrustListSource;
  /** Extra EKU OIDs, one per line. */
  trustConfig?: string;
}

export interface AnchorSummary {
  listId: string;
  listName: string;
  subject: string;
  organization?: string;
  commonName?: string;
  sha256: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface ParsedPem {
  certificates: CertificateFacts[];
  rejected: { index: number; reason: string }[];
}

/** Splits a PEM bundle into certificates; garbage blocks are reported, never silently kept. */
export function parsePemBundle(text: string): ParsedPem {
  const certificates: CertificateFacts[] = [];
  const rejected: { index: number; reason: string }[] = [];
  const blocks = text.match(PEM_BLOCK) ?? [];
  blocks.forEach((block, index) => {
    try {
      certificates.push(decodeCertificate(block));
    } catch (error) {
      rejected.push({ index, reason: `not a readable X.509 certificate (${(error as Error).message})` });
    }
  });
  return { certificates, rejected };
}

function nameField(name: string, field: 'O' | 'CN'): string | undefined {
  const match = new RegExp(`(?:^|,\\s*)${field}=((?:\\\\,|[^,])+)`).exec(name);
  return match?.[1]?.replace(/\\,/g, ',').trim();
}

export async function summarizeAnchors(lists: TrustListSource[]): Promise<AnchorSummary[]> {
  const out: AnchorSummary[] = [];
  for (const list of lists) {
    for (const cert of parsePemBundle(list.pem).certificates) {
      out.push({
        listId: list.id,
        listName: list.name,
        subject: cert.subject,
        ...(cert.organization ? { organization: cert.organization } : {}),
        ...(cert.commonName ? { commonName: cert.commonName } : {}),
        sha256: await sha256Hex(cert.der),
      });
    }
  }
  return out;
}

/** Only whole PEM blocks go to c2pa-rs: it silently accepts garbage blocks that then never match. */
function cleanPem(lists: TrustListSource[]): string {
  return lists
    .map((list) => (list.pem.match(PEM_BLOCK) ?? []).join('\n'))
    .filter((pem) => pem.length > 0)
    .join('\n');
}

export interface EngineSettingsInput {
  trust?: TrustConfig | null;
  remoteManifests?: boolean;
}

/** Settings already written, per trust configuration: the PEM clean-up scans every list (hundreds of KB). */
const settingsCache = new WeakMap<TrustConfig, Map<boolean, string>>();

/** c2pa-rs settings JSON (snake_case) for one read; the same trust object gives the same string at once. */
export function engineSettings({ trust, remoteManifests = false }: EngineSettingsInput): string {
  if (!trust) return writeEngineSettings(null, remoteManifests);
  let byRemote = settingsCache.get(trust);
  if (!byRemote) {
    byRemote = new Map();
    settingsCache.set(trust, byRemote);
  }
  let json = byRemote.get(remoteManifests);
  if (json === undefined) {
    json = writeEngineSettings(trust, remoteManifests);
    byRemote.set(remoteManifests, json);
  }
  return json;
}

function writeEngineSettings(trust: TrustConfig | null, remoteManifests: boolean): string {
  const verify = {
    verify_trust: true,
    verify_timestamp_trust: true,
    remote_manifest_fetch: remoteManifests,
    ocsp_fetch: false,
  };
  // Every trust key is always present (null when unused): the engine keeps settings between reads,
  // and a key left out would keep the anchors of an earlier read in force.
  const trustSection: Record<string, string | null> = {
    trust_anchors: null,
    user_anchors: null,
    allowed_list: null,
    trust_config: null,
  };
  if (trust) {
    const anchors = cleanPem(trust.anchors);
    const user = cleanPem(trust.userAnchors ?? []);
    if (anchors) trustSection.trust_anchors = anchors;
    if (user) trustSection.user_anchors = user;
    if (trust.allowedList?.pem.trim()) trustSection.allowed_list = trust.allowedList.pem;
    if (trust.trustConfig?.trim()) trustSection.trust_config = trust.trustConfig;
  }
  return JSON.stringify({ trust: trustSection, verify });
}

export function hasTrustInForce(trust: TrustConfig | null | undefined): boolean {
  if (!trust) return false;
  const pemCount = [...trust.anchors, ...(trust.userAnchors ?? [])].some((list) => PEM_BLOCK.test(list.pem));
  PEM_BLOCK.lastIndex = 0;
  return pemCount || Boolean(trust.allowedList?.pem.trim());
}
