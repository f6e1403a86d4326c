// verifyAsset: one file in, one Verdict out. Never throws for bad content; throws only for misuse.
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64ToBytes, dataUrl } from '../encoding/base64.ts';
import type { Fingerprint } from '../fingerprint/types.ts';
import { readMetadataClaims } from '../metadata/index.ts';
import {
  trustOf,
  UNRESOLVED_OFFICIAL_LIST,
  UNRESOLVED_USER_LIST,
  verdictFromStore,
} from '../verdict/build.ts';
import { explainCode } from '../verdict/codes.ts';
import { applyRegistryError, applyRegistryMatches } from '../verdict/registry.ts';
import type { RegistryMatch, StatusCode, Verdict } from '../verdict/types.ts';
import type { Engine } from './engine/pool.ts';
import { contentMismatch, detectMediaType, ENGINE_FORMATS } from './media-type.ts';
import { applyMetadataClaims } from './metadata-origin.ts';
import { sha256Hex } from './sha256.ts';
import {
  type AnchorSummary,
  engineSettings,
  hasTrustInForce,
  summarizeAnchors,
  type TrustConfig,
} from './trust.ts';

export type RegistryLookup = (query: {
  sha256: string;
  fingerprints: Fingerprint[];
}) => Promise<RegistryMatch[]>;

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
  fingerprint?: (bytes: Uint8Array, mediaType: string) => Promise<Fingerprint[]>;
  /** For URL inputs. */
  fetch?: typeof fetch;
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_REGISTRY_TIMEOUT_MS = 15_000;

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

/** A thumbnail as a data: URL; anything but an image is labelled opaque so it is never rendered as one. */
function thumbnailUrl(bytes: Uint8Array): string {
  const type = detectMediaType(bytes).mediaType;
  return dataUrl(bytes, type.startsWith('image/') ? type : 'application/octet-stream');
}

/** The verdict for content that could not be read: trust "error", with what happened. */
export function errorVerdict(message: string, base: Partial<Verdict> = {}): Verdict {
  return {
    trust: 'error',
    origin: 'unknown',
    aiDerived: null,
    sha256: base.sha256 ?? '',
    mediaType: base.mediaType ?? 'application/octet-stream',
    digitalSourceTypes: [],
    credits: [],
    codes: base.codes ?? [],
    evidence: [message],
    message,
    ...(base.size !== undefined ? { size: base.size } : {}),
    ...(base.checkedAt ? { checkedAt: base.checkedAt } : {}),
  };
}

async function readInput(
  input: Uint8Array | Blob | URL | string,
  options: VerifyOptions,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; name?: string; declared?: string } | { error: string }> {
  if (input instanceof Uint8Array) return { bytes: input };
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    if (input.size > maxBytes) return { error: tooLarge(input.size, maxBytes) };
    return {
      bytes: new Uint8Array(await input.arrayBuffer()),
      ...((input as File).name ? { name: (input as File).name } : {}),
      ...(input.type ? { declared: input.type } : {}),
    };
  }
  if (input instanceof URL || typeof input === 'string') {
    const url = input instanceof URL ? input : new URL(input);
    const doFetch = options.fetch ?? globalThis.fetch;
    try {
      const response = await doFetch(url, { credentials: 'omit' } as RequestInit);
      if (!response.ok) return { error: `Could not download ${url.href}: HTTP ${response.status}.` };
      const declaredLength = Number(response.headers.get('content-length') ?? '0');
      if (declaredLength > maxBytes) return { error: tooLarge(declaredLength, maxBytes) };
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { bytes, name: url.pathname, declared: response.headers.get('content-type') ?? '' };
    } catch (error) {
      return { error: `Could not download ${url.href}: ${(error as Error).message}.` };
    }
  }
  throw new TypeError('verifyAsset takes bytes (Uint8Array), a Blob, or a URL.');
}

function tooLarge(size: number, max: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `The file is too large to verify (${mb(size)}; the limit is ${mb(max)}). Raise the limit if you trust this file.`;
}

/** What a failed engine read means for a person. */
function engineFailure(
  error: string,
  kind: string,
): { message: string; codes: StatusCode[]; invalid?: boolean } {
  if (/UnknownAlgorithm/.test(error)) {
    return {
      message:
        'The credential uses a hash or signature algorithm that is not supported, so it cannot be checked.',
      codes: [
        {
          code: 'algorithm.unsupported',
          explanation: explainCode('algorithm.unsupported')!,
          severity: 'failure',
        },
      ],
      invalid: true,
    };
  }
  if (/PrereleaseError/.test(error)) {
    return {
      message: 'This file carries a pre-release (before C2PA 1.0) credential, which cannot be checked.',
      codes: [
        {
          code: 'com.adobe.prerelease',
          explanation: explainCode('com.adobe.prerelease')!,
          severity: 'failure',
        },
      ],
    };
  }
  const remote = /RemoteManifestFetch\("?([^")]*)/.exec(error);
  if (remote) {
    return {
      message: `The file points to a remote credential that could not be downloaded (${remote[1]?.slice(0, 160)}).`,
      codes: [],
    };
  }
  const cycle = /CyclicIngredients/.test(error);
  if (cycle) {
    return {
      message:
        'The credential is malformed: its ingredients refer back to themselves in a cycle, so it cannot be checked.',
      codes: [],
    };
  }
  if (/BoxNestingTooDeep|too deply nested|too deeply nested/i.test(error)) {
    return {
      message: 'The file is malformed: its boxes are nested too deeply to read (a sign of a hostile file).',
      codes: [],
    };
  }
  if (/ProvenanceMissing/.test(error)) {
    return {
      message: 'The file is malformed: it has a C2PA manifest store without a readable active manifest.',
      codes: [],
    };
  }
  if (kind === 'timeout') return { message: `${error} The file may be malformed or hostile.`, codes: [] };
  if (kind === 'crash') {
    const detail =
      /capacity overflow|out of memory|unreachable/i.exec(error)?.[0] ??
      /\(([^()]+)\)\.?$/.exec(error)?.[1] ??
      error.slice(0, 120);
    return {
      message: `The verifier crashed reading this file (${detail}); it is malformed or hostile. Other files are not affected.`,
      codes: [],
    };
  }
  if (kind === 'unsupported')
    return {
      message: 'This file format cannot carry Content Credentials that this verifier reads.',
      codes: [],
    };
  const detail =
    /InvalidAsset\("([^"]+)"\)/.exec(error)?.[1] ??
    /JumbfParseError\((\w+)\)/.exec(error)?.[1] ??
    error.slice(0, 200);
  return { message: `The file is malformed and its credential cannot be read: ${detail}.`, codes: [] };
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

export async function verifyAsset(
  input: Uint8Array | Blob | URL | string,
  options: VerifyOptions,
): Promise<Verdict> {
  if (!options?.engine) throw new TypeError('verifyAsset needs options.engine (createNodeEngine() in Node).');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const checkedAt = options.at ? new Date(options.at).toISOString() : new Date().toISOString();
  const read = await readInput(input, options, maxBytes);
  if ('error' in read) return errorVerdict(read.error, { checkedAt });
  const { bytes } = read;
  const name = options.name ?? read.name;
  const guess = detectMediaType(bytes, name, options.mediaType ?? read.declared);
  if (bytes.length > maxBytes) {
    return errorVerdict(tooLarge(bytes.length, maxBytes), {
      sha256: await sha256Hex(bytes),
      mediaType: guess.mediaType,
      size: bytes.length,
      checkedAt,
    });
  }
  const mismatch = contentMismatch(bytes, name);
  if (mismatch) {
    return errorVerdict(mismatch, {
      sha256: await sha256Hex(bytes),
      mediaType: guess.mediaType,
      size: bytes.length,
      checkedAt,
    });
  }
  const hashing = sha256Hex(bytes); // runs while the engine reads
  const reading =
    ENGINE_FORMATS.has(guess.mediaType) && bytes.length > 0
      ? readWithEngine(bytes, guess.mediaType, checkedAt, options)
      : undefined;
  const sha256 = await hashing;
  const base = { sha256, mediaType: guess.mediaType, size: bytes.length, checkedAt };
  if (bytes.length === 0) return errorVerdict('The file is empty.', base);

  let verdict: Verdict | undefined;
  let remoteUrl: string | undefined;
  if (reading) {
    const result = await reading;
    if (result.ok && result.store) {
      verdict = verdictFromStore({
        store: result.store,
        signatures: result.signatures,
        sha256,
        mediaType: guess.mediaType,
        size: bytes.length,
        trustInForce: hasTrustInForce(options.trust),
        anchors: await anchorsOf(options.trust),
        checkedAt,
      });
      const thumbnails = Object.entries(result.resources);
      if (thumbnails.length > 0) {
        verdict.thumbnails = Object.fromEntries(thumbnails.map(([id, r]) => [id, thumbnailUrl(r.bytes)]));
      }
    } else if (!result.ok) {
      remoteUrl = /RemoteManifestUrl\("([^"]+)"\)/.exec(result.error)?.[1];
      if (!remoteUrl) {
        const failure = engineFailure(result.error, result.kind);
        if (failure.invalid) {
          verdict = {
            ...errorVerdict(failure.message, { ...base, codes: failure.codes }),
            trust: 'invalid',
            originProven: false,
          };
          delete verdict.message;
        } else {
          return errorVerdict(failure.message, { ...base, codes: failure.codes });
        }
      }
    }
  }

  if (!verdict) {
    verdict = {
      trust: 'none',
      origin: 'unknown',
      aiDerived: null,
      ...base,
      digitalSourceTypes: [],
      credits: [],
      codes: [],
      evidence: [],
      originProven: false,
    };
    if (remoteUrl) {
      verdict.evidence.push(
        options.remoteManifests
          ? `The file points to a remote credential at ${remoteUrl}, which could not be read.`
          : `The file points to a remote credential at ${remoteUrl}; it was not fetched because remote manifests are off (turn them on to check it).`,
      );
    }
    const claims = await readMetadataClaims(bytes);
    if (claims) {
      applyMetadataClaims(verdict, claims);
    }
    if (guess.mediaType === 'video/iso.segment') {
      verdict.evidence.push(
        'This is a fragment of a streamed video: its credential, if any, is in the init segment. Verify the two together.',
      );
    }
    if (verdict.trust === 'none' && verdict.evidence.length === 0) {
      verdict.evidence.push('No Content Credentials and no provenance metadata were found in this file.');
    }
  }

  if (verdict.trust === 'verified' && options.trust)
    await resolveTrustList(verdict, bytes, options.trust, options);
  if (options.registry) await addRegistry(verdict, bytes, guess.mediaType, options);
  return verdict;
}

/**
 * c2pa-rs only says "system" or "user" anchors. When names do not tell which list (an intermediate CA
 * sits between signer and root), re-check against each candidate list alone: rare, and only for verified files.
 */
async function resolveTrustList(
  verdict: Verdict,
  bytes: Uint8Array,
  trust: TrustConfig,
  options: VerifyOptions,
) {
  const signer = verdict.signer;
  if (!signer || (signer.trustList !== UNRESOLVED_USER_LIST && signer.trustList !== UNRESOLVED_OFFICIAL_LIST))
    return;
  const candidates = signer.trustList === UNRESOLVED_USER_LIST ? (trust.userAnchors ?? []) : trust.anchors;
  for (const list of candidates.slice(0, 8)) {
    const result = await options.engine.read({
      type: 'read',
      bytes,
      mediaType: verdict.mediaType,
      settingsJson: engineSettings({ trust: { anchors: [], userAnchors: [list] } }),
      ...(options.fragment ? { fragment: options.fragment } : {}),
      ...(verdict.checkedAt && options.at ? { clock: verdict.checkedAt } : {}),
    });
    if (result.ok && result.store && trustOf(result.store) === 'verified') {
      const unresolved = `chains to ${signer.trustList})`;
      verdict.evidence = verdict.evidence.map((e) => e.replace(unresolved, `chains to ${list.name})`));
      signer.trustList = list.name;
      return;
    }
  }
}

/** A `pdq` soft binding as 64 lower-case hex digits (written as hex, or base64 as the C2PA spec shows). */
function pdqFromSoftBinding(value: string): string | undefined {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text)) return undefined;
  const bytes = base64ToBytes(text.length === 43 ? `${text}=` : text);
  if (bytes.length !== 32) return undefined;
  return bytesToHex(bytes);
}

async function addRegistry(
  verdict: Verdict,
  bytes: Uint8Array,
  mediaType: string,
  options: VerifyOptions,
): Promise<void> {
  let fingerprints: Fingerprint[] = [];
  try {
    if (options.fingerprint) fingerprints = await options.fingerprint(bytes, mediaType);
  } catch {
    // Undecodable content has no fingerprint; exact look-up by hash still works.
  }
  // A PDQ soft binding the manifest declares stands in when the content itself could not be hashed.
  if (!fingerprints.some((f) => f.algorithm === 'pdq')) {
    const declared = (verdict.softBindings ?? [])
      .filter((b) => b.algorithm === 'pdq')
      .map((b) => pdqFromSoftBinding(b.value))
      .find((hex): hex is string => hex !== undefined);
    if (declared) fingerprints.push({ algorithm: 'pdq', value: declared, bits: 256 });
  }
  let matches: RegistryMatch[];
  const limitMs = options.registryTimeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // A slow or lying RPC must not hold the C2PA verdict back: the look-up as a whole has a deadline.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${limitMs / 1000} s`)), limitMs);
    });
    matches = await Promise.race([options.registry!({ sha256: verdict.sha256, fingerprints }), deadline]);
    if (!Array.isArray(matches)) throw new Error('the look-up returned no list of matches');
  } catch (error) {
    applyRegistryError(verdict, error);
    return;
  } finally {
    clearTimeout(timer); // a pending deadline would keep a CLI process alive after its last file
  }
  applyRegistryMatches(verdict, matches);
}
