// verifyAsset: one file in, one Verdict out. Never throws for bad content; throws only for misuse.
// The pipeline: read the input, let the engine read the credential (hashing meanwhile), turn its report
// or its failure into a verdict, fall back to unsigned metadata, name the trust list, look up the registry.

import { dataUrl } from '../encoding/base64.ts';
import { verdictFromStore } from '../verdict/build.ts';
import { errorVerdict } from '../verdict/error.ts';
import type { Verdict } from '../verdict/types.ts';
import type { Engine } from './engine/pool.ts';
import type { EngineFailure, EngineResult, ManifestStoreJson, SignatureDetails } from './engine/protocol.ts';
import { failureOutcome } from './engine-failure.ts';
import type { IdentitySignerCheck } from './identity-signer.ts';
import { readInput, tooLarge, type VerifyInput } from './input.ts';
import { contentMismatch, detectMediaType, ENGINE_FORMATS } from './media-type.ts';
import { addRegistryMatches, type Fingerprinter, type RegistryLookup } from './registry-step.ts';
import { sha256Hex } from './sha256.ts';
import {
  type AnchorSummary,
  engineSettings,
  hasTrustInForce,
  summarizeAnchors,
  type TrustConfig,
} from './trust.ts';
import { resolveTrustListName } from './trust-list-name.ts';
import { type VerdictBase, verdictWithoutCredential } from './without-credential.ts';

export { DEFAULT_REGISTRY_TIMEOUT_MS, type RegistryLookup } from './registry-step.ts';

export interface VerifyOptions {
  engine: Engine;
  /** Trust lists in force; null or omitted = none (nothing can be "verified"). */
  trust?: TrustConfig | null;
  /** Fetch remote manifests named inside the file (off by default: it contacts a third party). */
  remoteManifests?: boolean;
  /** Also fetch remote manifests on loopback/private hosts (off: a page's media must not reach the local network). */
  privateRemoteManifests?: boolean;
  timeoutMs?: number;
  /** Largest input accepted, in bytes. */
  maxBytes?: number;
  /** Validate as of this time (certificate expiry), e.g. for reproducible results. */
  at?: Date | string;
  /** Declared media type (HTTP header, File.type); the bytes decide when they are recognisable. */
  mediaType?: string;
  /** File name or URL, used for the type when the bytes do not tell. */
  name?: string;
  /** For fragmented MP4: a fragment validated together with the init segment given as input. */
  fragment?: Uint8Array;
  /** Include thumbnails of the manifest and its ingredients (as data: URLs) in `thumbnails`. */
  thumbnails?: boolean;
  /** On-chain registry look-up; its failure degrades the registry section, never the verdict. */
  registry?: RegistryLookup;
  /** Longest wait for the whole registry look-up (many RPC calls), after which the section degrades. */
  registryTimeoutMs?: number;
  /** Fingerprints for near-duplicate look-ups of files without credentials. */
  fingerprint?: Fingerprinter;
  /** For URL inputs. */
  fetch?: typeof fetch;
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

const anchorCache = new WeakMap<TrustConfig, Promise<AnchorSummary[]>>();

function anchorsOf(trust: TrustConfig | null | undefined): Promise<AnchorSummary[]> {
  if (!trust) return Promise.resolve([]);
  let cached = anchorCache.get(trust);
  if (!cached) {
    cached = summarizeAnchors([...trust.anchors, ...(trust.userAnchors ?? [])]).catch(() => []);
    anchorCache.set(trust, cached);
  }
  return cached;
}

/**
 * Reads the anchors of a trust configuration ahead of the first credential (hundreds of certificates:
 * parsed once per configuration, but better before a page's first verdict waits for them).
 */
export async function prepareTrust(trust: TrustConfig): Promise<void> {
  await anchorsOf(trust);
}

/** A thumbnail as a data: URL; anything but an image is labelled opaque so it is never rendered as one. */
function thumbnailUrl(bytes: Uint8Array): string {
  const type = detectMediaType(bytes).mediaType;
  return dataUrl(bytes, type.startsWith('image/') ? type : 'application/octet-stream');
}

function readWithEngine(bytes: Uint8Array, mediaType: string, checkedAt: string, options: VerifyOptions) {
  return options.engine.read(
    {
      type: 'read',
      bytes,
      mediaType,
      settingsJson: engineSettings({
        trust: options.trust ?? null,
        remoteManifests: options.remoteManifests ?? false,
      }),
      ...(options.fragment ? { fragment: options.fragment } : {}),
      ...(options.at ? { clock: checkedAt } : {}),
      ...(options.thumbnails ? { thumbnails: true } : {}),
      ...(options.privateRemoteManifests ? { privateRemoteManifests: true } : {}),
    },
    options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : undefined,
  );
}

/** The verdict for a failed engine read: an error, an invalid credential, or a file without one. */
function verdictFromFailure(
  failure: EngineFailure,
  bytes: Uint8Array,
  base: VerdictBase,
  options: VerifyOptions,
): Verdict | Promise<Verdict> {
  const outcome = failureOutcome(failure);
  switch (outcome.verdict) {
    case 'error':
      return errorVerdict(outcome.errorKind, outcome.message, { ...base, codes: outcome.codes });
    case 'invalid':
      return {
        trust: 'invalid',
        origin: 'unknown',
        aiDerived: null,
        ...base,
        digitalSourceTypes: [],
        credits: [],
        codes: outcome.codes,
        evidence: [outcome.message],
        originProven: false,
      };
    case 'remote-manifest':
      return verdictWithoutCredential(bytes, base, {
        url: outcome.url,
        fetchingOn: options.remoteManifests ?? false,
      });
  }
}

const IDENTITY_ASSERTION = /^cawg\.identity(__\d+)?$/;

/** The identity signers' trust, at the claim's time-stamp when one attests it, else at the check's time. */
async function identitySignersOf(
  store: ManifestStoreJson,
  signatures: Record<string, SignatureDetails>,
  bytes: Uint8Array,
  base: VerdictBase,
  options: VerifyOptions,
): Promise<Record<string, IdentitySignerCheck>> {
  const active = store.active_manifest;
  const assertions = active ? (store.manifests[active]?.assertions ?? []) : [];
  if (!assertions.some((a) => IDENTITY_ASSERTION.test(a.label))) return {};
  // Loaded only for credentials with identities: the certificate library is large.
  const { checkIdentitySigners } = await import('./identity-signer.ts');
  const stamped = active ? signatures[active]?.timeStampInfo?.timestamp : undefined;
  const time = new Date(stamped ?? base.checkedAt);
  return checkIdentitySigners(bytes, store, options.trust, Number.isNaN(time.getTime()) ? new Date() : time);
}

/** The verdict from what the engine read, or from why it could not. */
async function verdictFromRead(
  result: EngineResult | undefined,
  bytes: Uint8Array,
  base: VerdictBase,
  options: VerifyOptions,
): Promise<Verdict> {
  if (!result) return verdictWithoutCredential(bytes, base);
  if (!result.ok) return verdictFromFailure(result, bytes, base, options);
  if (!result.store) return verdictWithoutCredential(bytes, base);
  const verdict = verdictFromStore({
    store: result.store,
    signatures: result.signatures,
    ...base,
    trustInForce: hasTrustInForce(options.trust),
    anchors: await anchorsOf(options.trust),
    identitySigners: await identitySignersOf(result.store, result.signatures, bytes, base, options),
  });
  const thumbnails = Object.entries(result.resources);
  if (thumbnails.length > 0) {
    verdict.thumbnails = Object.fromEntries(thumbnails.map(([id, r]) => [id, thumbnailUrl(r.bytes)]));
  }
  return verdict;
}

export async function verifyAsset(input: VerifyInput, options: VerifyOptions): Promise<Verdict> {
  if (!options?.engine) throw new TypeError('verifyAsset needs options.engine (createNodeEngine() in Node).');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const checkedAt = options.at ? new Date(options.at).toISOString() : new Date().toISOString();
  const read = await readInput(input, maxBytes, options.fetch);
  if ('error' in read) return errorVerdict(read.error.kind, read.error.message, { checkedAt });
  const { bytes } = read;
  const name = options.name ?? read.name;
  const { mediaType } = detectMediaType(bytes, name, options.mediaType ?? read.declared);
  if (bytes.length > maxBytes) {
    const base = { sha256: await sha256Hex(bytes), mediaType, size: bytes.length, checkedAt };
    return errorVerdict('too-large', tooLarge(bytes.length, maxBytes), base);
  }
  const mismatch = contentMismatch(bytes, name);
  if (mismatch) {
    const base = { sha256: await sha256Hex(bytes), mediaType, size: bytes.length, checkedAt };
    return errorVerdict('wrong-format', mismatch, base);
  }
  const hashing = sha256Hex(bytes); // runs while the engine reads
  const reading =
    ENGINE_FORMATS.has(mediaType) && bytes.length > 0
      ? readWithEngine(bytes, mediaType, checkedAt, options)
      : undefined;
  const base: VerdictBase = { sha256: await hashing, mediaType, size: bytes.length, checkedAt };
  if (bytes.length === 0) return errorVerdict('empty', 'The file is empty.', base);

  const verdict = await verdictFromRead(await reading, bytes, base, options);
  if (verdict.trust === 'error') return verdict;
  if (verdict.trust === 'verified' && options.trust) {
    await resolveTrustListName(verdict, options.trust, {
      engine: options.engine,
      bytes,
      ...(options.fragment ? { fragment: options.fragment } : {}),
      ...(options.at ? { clock: checkedAt } : {}),
    });
  }
  if (options.registry) {
    await addRegistryMatches(verdict, bytes, options.registry, {
      ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
      ...(options.registryTimeoutMs !== undefined ? { timeoutMs: options.registryTimeoutMs } : {}),
    });
  }
  return verdict;
}
