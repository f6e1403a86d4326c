// The Verdict contract: what verifyAsset returns, the CLI prints as JSON and the extension shows. Tests and
// tools outside the code rely on these shapes; the README's "What it answers" explains them.

export type Trust =
  | 'verified' // valid manifest, signer chains to a trust anchor in force
  | 'untrusted' // valid manifest, signer not on any trust list in force
  | 'invalid' // manifest present but tampered / failed validation (codes say why)
  | 'recovered' // no credential in the file, but one was found for it by soft binding / fingerprint
  | 'metadata-only' // no credential, unsigned IPTC/XMP claims only
  | 'registry-only' // no credential, exact on-chain registration only
  | 'none' // nothing found
  | 'error'; // could not be read (malformed, too large, timeout): message explains

export type Origin =
  | 'ai-generated'
  | 'ai-composite'
  | 'ai-edited'
  | 'human-capture'
  | 'human-made'
  | 'computer-generated'
  | 'unknown';

export const TRUST_VALUES: readonly Trust[] = [
  'verified',
  'untrusted',
  'invalid',
  'recovered',
  'metadata-only',
  'registry-only',
  'none',
  'error',
];
export const ORIGIN_VALUES: readonly Origin[] = [
  'ai-generated',
  'ai-composite',
  'ai-edited',
  'human-capture',
  'human-made',
  'computer-generated',
  'unknown',
];

/**
 * Why a verdict is "error", for programs: the CLI's exit code and the extension's wording switch on it,
 * never on the English `message`.
 */
export type ErrorKind =
  | 'not-found' // the path names no file or folder
  | 'unreadable' // the input could not be opened or downloaded
  | 'not-fetched' // the extension did not fetch it on a page's behalf (local or private address)
  | 'interrupted' // the check stopped before an answer (the verifier went away); checking again may work
  | 'too-large' // over the size limit
  | 'empty' // zero bytes
  | 'wrong-format' // the content does not match the file's extension (a text file named .jpg)
  | 'unsupported-format' // a format that cannot carry a credential this verifier reads
  | 'prerelease' // a credential from before C2PA 1.0, which cannot be checked
  | 'remote-manifest-unavailable' // the file's remote credential could not be downloaded
  | 'malformed' // the credential or its container cannot be parsed
  | 'timeout' // the read took longer than its limit (a sign of a hostile file)
  | 'crash'; // the engine crashed on this file (a sign of a hostile file); other files are unaffected

export const ERROR_KIND_VALUES: readonly ErrorKind[] = [
  'not-found',
  'unreadable',
  'not-fetched',
  'interrupted',
  'too-large',
  'empty',
  'wrong-format',
  'unsupported-format',
  'prerelease',
  'remote-manifest-unavailable',
  'malformed',
  'timeout',
  'crash',
];

export interface Signer {
  name: string;
  issuer: string;
  /** Organisation (O=) of the signing certificate, e.g. "Adobe Inc." beside the name "cai-prod". */
  organization?: string;
  /** Which list in force the signer chained to (e.g. "C2PA trust list", "user anchors"). */
  trustList?: string;
  /** ISO time of signing. */
  time?: string;
  timeSource?: 'tsa' | 'claim';
  /** Certificate chain summary, end entity first, when the engine exposes it. */
  chain?: CertificateSummary[];
  algorithm?: string;
  serialNumber?: string;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  notBefore?: string;
  notAfter?: string;
  serialNumber?: string;
}

export interface StatusCode {
  code: string;
  explanation?: string;
  url?: string;
  /** "failure" (default) or "informational"; success codes are not listed. */
  severity?: 'failure' | 'informational';
  /** Set when the code comes from re-validating an ingredient rather than the active manifest. */
  scope?: 'ingredient';
}

/** Where a digitalSourceType URI was seen. */
export interface SourceTypeSighting {
  uri: string;
  /** e.g. "active manifest c2pa.actions", "ingredient 'photo.jpg'", "XMP Iptc4xmpExt:DigitalSourceType". */
  from: string;
}

export interface Credit {
  /** "ingredient" for C2PA ingredients, "registry" for on-chain lineage. */
  kind: 'ingredient' | 'registry';
  title: string;
  format?: string;
  /** parentOf / componentOf / inputTo for ingredients; DerivedFrom / TrainedOn / ... for registry. */
  relationship: string;
  trust: Trust;
  origin: Origin;
  signer?: string;
  codes: StatusCode[];
  /** Resource identifier of the ingredient's thumbnail inside the manifest store, when present. */
  thumbnail?: string;
  /** Registry record id, for registry credits. */
  recordId?: string;
  /** Share in basis points, for registry credits. */
  shareBps?: number;
  /** Kind of the registry record, for registry credits (a "model" in the lineage is an AI signal). */
  registryKind?: RegistryRecordView['kind'];
  credits: Credit[];
}

export interface RegistryRecordView {
  id: string;
  kind: 'media' | 'dataset' | 'model' | 'application' | 'output';
  registrant: string;
  creator: string;
  uri: string;
  contentHash: string;
  manifestHash?: string;
  digitalSourceType?: string;
  training?: 'allowed' | 'notAllowed' | 'constrained' | 'unspecified';
  time: string;
  revoked: boolean;
  disputes: { by: string; reasonUri: string; time?: string }[];
  /** Short name of the work (e.g. a dataset or model name). */
  title?: string;
  /** Direct lineage links, as registered. */
  parents?: { id: string; relation: string; shareBps: number }[];
  /** Total disputes raised (the read returns at most the first 16). */
  disputeCount?: number;
}

export interface RegistryMatch {
  match: 'exact' | 'near';
  chainId: number;
  registry: string;
  record: RegistryRecordView;
  /** Hamming distance and threshold for near matches. */
  distance?: number;
  threshold?: number;
  algorithm?: string;
  lineage: Credit[];
  /** True when the record is a Model or its lineage passes through one. */
  aiLineage?: boolean;
}

/** A verified account or web site named in an identity claims aggregator's statement. */
export interface IdentityAccount {
  /** Who verified it (the aggregator's provider name, e.g. "instagram"). */
  provider: string;
  /** CAWG type, e.g. `cawg.social_media`, `cawg.web_site`, `cawg.document_verification`. */
  kind: string;
  name?: string;
  username?: string;
  uri?: string;
  verifiedAt?: string;
}

/** A CAWG identity assertion (`cawg.identity`): a named actor's own signature over parts of the claim. */
export interface Identity {
  /** The assertion's label in the manifest (`cawg.identity`, `cawg.identity__1`, ...). */
  label: string;
  /** `x509`: a certificate's signature; `aggregator`: an identity claims aggregator's credential. */
  kind: 'x509' | 'aggregator' | 'unknown';
  /** `invalid` identities never carry a name: a failing signature proves nothing about who signed. */
  status: 'valid' | 'invalid';
  /** The named actor (certificate subject, or the aggregator's verified name). */
  name?: string;
  /** X.509: the certificate's issuer; aggregator: the issuer of the credential (a DID). */
  issuer?: string;
  /** Whether the identity's signer chains to a trust list in force. */
  signerTrusted: boolean;
  /** The list in force a trusted X.509 identity signer chained to. */
  trustList?: string;
  accounts: IdentityAccount[];
  /** Labels of the assertions the identity signed (its referenced assertions). */
  covers: string[];
  /** CAWG roles of the named actor, e.g. `cawg.creator`. */
  roles: string[];
  /** The engine's status codes for this assertion (failures first). */
  codes: string[];
}

export interface Verdict {
  trust: Trust;
  origin: Origin;
  /** null = cannot tell. */
  aiDerived: boolean | null;
  sha256: string;
  mediaType: string;
  signer?: Signer;
  claimGenerator?: string;
  /** Software agent of the action that set the origin (e.g. "Adobe Firefly"), when the credential names one. */
  generator?: string;
  title?: string;
  digitalSourceTypes: SourceTypeSighting[];
  credits: Credit[];
  codes: StatusCode[];
  registry?: RegistryMatch[];
  /** C2PA soft-binding assertions (`c2pa.soft-binding`): fingerprints a manifest declares for its content. */
  softBindings?: { algorithm: string; value: string; from: string }[];
  /** CAWG identity assertions of the active manifest: who signed it as its named actor. */
  identities?: Identity[];
  /** Human-readable reasons for trust and origin. */
  evidence: string[];
  /** For trust "error": what happened and what to do, for people. */
  message?: string;
  /** For trust "error", always: what kind of failure it was, for programs (see ErrorKind). */
  errorKind?: ErrorKind;
  /** Whether the origin is proven (false for unsigned metadata and invalid manifests). */
  originProven?: boolean;
  /** The validation time used (ISO), when pinned or reported. */
  checkedAt?: string;
  /** Size of the input in bytes. */
  size?: number;
  /** Why the registry section is missing or partial (chain down, slow, malformed answer). */
  registryError?: string;
  /** When a registry indexer answered: how far behind the chain head it was (recent records may be missing). */
  registryIndex?: { url: string; indexedBlock: number; headBlock: number; blocksBehind: number };
  /** Thumbnails from the manifest store (resource id → data: URL), when asked for. */
  thumbnails?: Record<string, string>;
  /** Unsigned metadata claims seen in the file (IPTC/XMP/EXIF). */
  metadata?: {
    digitalSourceType?: string;
    creator?: string;
    creditLine?: string;
    software?: string;
    provenanceUrl?: string;
  };
}
