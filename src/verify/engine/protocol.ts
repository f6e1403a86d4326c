// The typed boundary between a verifier and the worker that runs the C2PA engine.

export interface EngineReadRequest {
  type: 'read';
  bytes: Uint8Array;
  /** MIME type or extension the engine understands (image/jpeg, audio/wav, application/c2pa, ...). */
  mediaType: string;
  /** For fragmented MP4: the fragment read together with `bytes` as the init segment. */
  fragment?: Uint8Array;
  /** c2pa-rs settings as JSON (snake_case keys). */
  settingsJson: string;
  /** ISO time the validation clock is pinned to; omitted = now. */
  clock?: string;
  /** Also return thumbnails (active manifest and ingredients) as bytes. */
  thumbnails?: boolean;
  /**
   * Remote manifests on loopback, private or link-local hosts are refused unless this is set: a page's
   * media must not make the verifier reach into the user's own network.
   */
  privateRemoteManifests?: boolean;
}

export interface EngineResource {
  mediaType?: string;
  bytes: Uint8Array;
}

export type EngineResult =
  | {
      ok: true;
      /** The manifest store as c2pa-rs reports it (JSON), or null when the asset has no C2PA data. */
      store: ManifestStoreJson | null;
      resources: Record<string, EngineResource>;
      /** Certificate and time-stamp details per manifest label (from the engine's crJSON). */
      signatures: Record<string, SignatureDetails>;
    }
  | EngineFailure;

/**
 * Why the engine gave no manifest store, decided once inside the worker from c2pa-rs's error, so that
 * nothing outside the worker reads Rust message text.
 */
export type EngineFailureKind =
  /** The format cannot carry a credential this engine reads. */
  | 'unsupported-format'
  /** The credential uses a hash or signature algorithm the engine does not implement. */
  | 'unsupported-algorithm'
  /** A credential from before C2PA 1.0. */
  | 'prerelease'
  /** The file points to a remote credential at `detail` that was not fetched (remote manifests off). */
  | 'remote-manifest-not-fetched'
  /** The remote credential could not be downloaded; `detail` says why. */
  | 'remote-manifest-unavailable'
  /** The credential's ingredients refer back to themselves. */
  | 'cyclic-ingredients'
  /** Boxes nested deeper than the engine reads. */
  | 'nesting-too-deep'
  /** A manifest store without a readable active manifest. */
  | 'active-manifest-missing'
  /** Anything else c2pa-rs rejected; `detail` is its reason. */
  | 'malformed'
  /** The read took longer than its limit; the worker was replaced. */
  | 'timeout'
  /** The worker died or the wasm panicked; the worker was replaced. */
  | 'crash';

export interface EngineFailure {
  ok: false;
  kind: EngineFailureKind;
  /** The engine's own message, for logs and bug reports. */
  error: string;
  /** The part a person can use: a URL, a parser's reason, a panic's cause. */
  detail?: string;
}

export interface EngineRequestEnvelope {
  id: number;
  request: EngineReadRequest;
}

export interface EngineResponseEnvelope {
  id: number;
  result: EngineResult;
}

/** The subset of the c2pa-rs manifest store JSON this project reads. */
export interface ManifestStoreJson {
  active_manifest?: string;
  manifests: Record<string, ManifestJson>;
  validation_status?: StatusJson[];
  validation_results?: {
    activeManifest?: { success?: StatusJson[]; informational?: StatusJson[]; failure?: StatusJson[] };
    ingredientDeltas?: {
      ingredientAssertionURI: string;
      validationDeltas: { success?: StatusJson[]; informational?: StatusJson[]; failure?: StatusJson[] };
    }[];
  };
  validation_state?: 'Invalid' | 'Valid' | 'Trusted';
}

export interface StatusJson {
  code: string;
  url?: string;
  explanation?: string;
}

export interface ManifestJson {
  label?: string;
  title?: string;
  format?: string;
  instance_id?: string;
  claim_generator?: string;
  claim_generator_info?: { name?: string; version?: string }[];
  claim_version?: number;
  assertions?: { label: string; data?: unknown; kind?: string }[];
  ingredients?: IngredientJson[];
  signature_info?: {
    alg?: string;
    issuer?: string;
    common_name?: string;
    cert_serial_number?: string;
    time?: string;
  };
  thumbnail?: { format?: string; identifier?: string };
}

export interface IngredientJson {
  title?: string;
  format?: string;
  relationship?: string;
  active_manifest?: string;
  instance_id?: string;
  document_id?: string;
  label?: string;
  thumbnail?: { format?: string; identifier?: string };
  validation_status?: StatusJson[];
  validation_results?: {
    activeManifest?: { success?: StatusJson[]; informational?: StatusJson[]; failure?: StatusJson[] };
  };
  manifest_data?: { format?: string; identifier?: string };
  metadata?: unknown;
}

export interface DistinguishedName {
  CN?: string;
  O?: string;
  OU?: string;
  C?: string;
}

export interface CertificateInfoJson {
  serialNumber?: string;
  issuer?: DistinguishedName;
  subject?: DistinguishedName;
  validity?: { notBefore?: string; notAfter?: string };
}

export interface SignatureDetails {
  algorithm?: string;
  certificateInfo?: CertificateInfoJson;
  timeStampInfo?: { timestamp?: string; certificateInfo?: CertificateInfoJson };
}
