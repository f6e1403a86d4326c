// What an evidence report records, as data: enough for a third party to re-run the same check
// (`provlens recheck`) and to read which lists, versions and certificates it rested on.
import type { Origin, StatusCode, Trust } from '../verdict/types.ts';

export const EVIDENCE_SCHEMA = 'provlens-evidence/1';
/** Id of the JSON block inside the HTML report. */
export const EVIDENCE_BLOCK_ID = 'provlens-evidence';

export interface EvidenceTrustList {
  role: 'anchors' | 'allowed' | 'trust-config';
  /** Id of an official list ("c2pa-conformance") or the file name given. */
  id: string;
  name: string;
  /** The path or URL given on the command line, or the publisher's URL of a cached official list. */
  location: string;
  /** "file" or "url" given on the command line; "cache" for official lists fetched earlier. */
  source: string;
  version?: string;
  /** When the list was fetched (cached lists) or last modified (files). */
  date?: string;
  /** SHA-256 of the list's text as it was used. */
  sha256: string;
  certificates?: number;
}

export interface EvidenceCertificate {
  subject: string;
  issuer: string;
  organization?: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate's DER: its fingerprint. */
  sha256: string;
}

export interface EvidenceItem {
  /** As given on the command line (or found walking a folder). */
  file: string;
  name: string;
  sha256: string;
  size?: number;
  mediaType: string;
  trust: Trust;
  origin: Origin;
  originProven?: boolean;
  aiDerived: boolean | null;
  errorKind?: string;
  message?: string;
  codes: Pick<StatusCode, 'code' | 'scope' | 'severity'>[];
  signer?: {
    name: string;
    organization?: string;
    issuer: string;
    trustList?: string;
    time?: string;
    timeSource?: 'tsa' | 'claim';
  };
  /** The signing certificate first, as carried in the credential (the trust anchor is usually not in it). */
  signerChain?: EvidenceCertificate[];
  /** The time-stamp authority's certificates, as carried in the time-stamp token. */
  tsaChain?: EvidenceCertificate[];
  /** Why no chain is shown, when none could be read. */
  chainNote?: string;
  /** For videos: whether a frame is shown, or why not. */
  frame?: string;
}

export interface EvidenceRecord {
  schema: typeof EVIDENCE_SCHEMA;
  generatedAt: string;
  /** The command as typed: program name and arguments. */
  command: string[];
  /** The options in force, after defaults. */
  options: {
    at: string | null;
    trust: string[];
    allowed: string | null;
    trustConfig: string | null;
    trustLists: boolean;
    remote: boolean;
    timeoutSeconds: number;
    maxSizeMb: number;
    fragment: string | null;
    registry: string | null;
  };
  /** The validation time used for every file (--at, or when the run started). */
  checkedAt: string;
  versions: { provlens: string; engine: string; node: string };
  trustLists: EvidenceTrustList[];
  /** The zone of the machine that wrote the report, used for the local times shown. */
  timeZone: { name: string; offset: string };
  items: EvidenceItem[];
}
