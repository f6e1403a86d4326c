// Hosts the verifier: a pool of wasm workers (bounded concurrency, per-file timeout, restart after a crash
// or hang), the verdict cache keyed by SHA-256, and thumbnails. Runs in the Chrome offscreen document and
// in the Firefox background page.

import { dataUrl } from '../../src/encoding/base64.ts';
import { errorVerdict } from '../../src/verdict/error.ts';
import type { ErrorKind, Verdict } from '../../src/verdict/types.ts';
import { createEnginePool, type Engine, type EngineWorkerHandle } from '../../src/verify/engine/pool.ts';
import type { EngineResponseEnvelope } from '../../src/verify/engine/protocol.ts';
import { prepareTrust, verifyAsset } from '../../src/verify/index.ts';
import { fetchMedia } from '../../src/verify/network-policy.ts';
import { sha256Hex } from '../../src/verify/sha256.ts';
import { headersSuffice, sniffBytes, sniffHeaders, xmpProvenanceUrl } from '../../src/verify/sniff.ts';
import { BodyTooLargeError, type StreamedBody, streamedBody } from '../../src/verify/streamed-body.ts';
import type { TrustConfig, TrustListSource } from '../../src/verify/trust.ts';
import {
  base64ToBytes,
  type HostJob,
  type HostVerifyResult,
  MAX_INLINE_BYTES,
} from '../platform/messages.ts';
import {
  anyCachedVerdict,
  type CachedVerdict,
  cachedVerdict,
  cacheVerdict,
  loadTrustLists,
  type StoredTrustList,
} from '../platform/store.ts';

const FILE_TIMEOUT_MS = 20_000;
/**
 * The verdict goes back at once; the cache entry and the list preview (a decode and an encode) wait this
 * long, so they do not take the processor from the page while it draws the badge (two cores are common).
 */
const EXTRAS_DELAY_MS = 150;
/**
 * The warm-up sample each build ships at the extension's root (scripts/warm-sample.ts): a signed JPEG read
 * a few times by every worker while the host starts, so the engine's code and the trust checks are
 * compiled before the first page's media comes. It stops as soon as real work arrives.
 */
const WARM_SAMPLE = '/warm-up.jpg';
const WARM_ROUNDS = 3;
const THUMBNAIL_HEIGHT = 96;

function spawnBrowserWorker(): EngineWorkerHandle {
  const worker = new Worker(new URL('./verifier.worker.ts', import.meta.url), { type: 'module' });
  let failed = false;
  return {
    post(message, transfer) {
      worker.postMessage(message, transfer);
    },
    onMessage(listener) {
      worker.addEventListener('message', (event: MessageEvent<EngineResponseEnvelope>) =>
        listener(event.data),
      );
    },
    onFailure(listener) {
      const fail = (reason: string) => {
        if (failed) return;
        failed = true;
        listener(reason);
      };
      worker.addEventListener('error', (event) => fail(event.message || 'worker error'));
      worker.addEventListener('messageerror', () => fail('unreadable worker message'));
    },
    terminate() {
      failed = true;
      worker.terminate();
    },
  };
}

/** An engine that answers "no C2PA data" without starting the wasm: used when the byte sniff found none. */
const noManifestEngine: Engine = {
  spawned: 0,
  read: async () => ({ ok: true, store: null, resources: {}, signatures: {} }),
  close: async () => undefined,
};

export function trustConfigFrom(lists: StoredTrustList[]): TrustConfig {
  const source = (list: StoredTrustList): TrustListSource => ({
    id: list.id,
    name: list.name,
    pem: list.pem,
    ...(list.version ? { version: list.version } : {}),
    ...(list.fetchedAt ? { fetchedAt: list.fetchedAt } : {}),
  });
  const usable = lists.filter((list) => list.pem.trim().length > 0);
  const allowed = usable.filter((list) => list.role === 'allowed');
  const eku = usable.filter((list) => list.role === 'eku');
  return {
    anchors: usable.filter((list) => list.role === 'anchors' && list.source !== 'user').map(source),
    userAnchors: usable.filter((list) => list.role === 'anchors' && list.source === 'user').map(source),
    ...(allowed.length > 0
      ? {
          allowedList: {
            id: 'allowed',
            name: 'allowed list',
            pem: allowed.map((list) => list.pem).join('\n'),
          },
        }
      : {}),
    ...(eku.length > 0 ? { trustConfig: eku.map((list) => list.pem).join('\n') } : {}),
  };
}

type Download =
  | { bytes: Uint8Array; declared?: string }
  | { body: StreamedBody; declared?: string }
  | { error: string; kind: ErrorKind };

/** The job's bytes, or its one download: an open body the header sniff and the verification share. */
async function openJob(job: HostJob): Promise<Download> {
  if (job.bytes !== undefined) return { bytes: base64ToBytes(job.bytes) };
  if (job.url === undefined)
    return { error: 'Nothing to verify: no file and no address were given.', kind: 'unreadable' };
  let url: URL;
  try {
    url = new URL(job.url);
  } catch {
    return { error: 'The media address is not a valid URL.', kind: 'unreadable' };
  }
  if (!['http:', 'https:', 'data:', 'file:'].includes(url.protocol)) {
    return {
      error: `Media at ${url.protocol} addresses cannot be fetched by the extension.`,
      kind: 'not-fetched',
    };
  }
  try {
    // force-cache: reuse what the page already downloaded where the browser allows it.
    const response = await fetchMedia(url.href, {
      ...(job.pageUrl ? { pageUrl: job.pageUrl } : {}),
      init: { cache: 'force-cache' },
    });
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return { error: `Could not download the media: HTTP ${response.status}.`, kind: 'unreadable' };
    }
    const declaredLength = Number(response.headers.get('content-length') ?? '0');
    if (declaredLength > MAX_INLINE_BYTES) {
      void response.body?.cancel().catch(() => undefined);
      return {
        error: `The file is too large to verify here (${Math.round(declaredLength / 1048576)} MB).`,
        kind: 'too-large',
      };
    }
    const declared = response.headers.get('content-type') ?? undefined;
    return { body: streamedBody(response, MAX_INLINE_BYTES), ...(declared ? { declared } : {}) };
  } catch (error) {
    return { error: downloadFailure(error), kind: 'unreadable' };
  }
}

const downloadFailure = (error: unknown): string =>
  `Could not download the media: ${error instanceof Error ? error.message : String(error)}.`;

/** The whole body of a download, or why it could not be read. */
async function wholeBody(
  download: Download,
): Promise<{ bytes: Uint8Array } | { error: string; kind: ErrorKind }> {
  if ('error' in download || 'bytes' in download) return download;
  try {
    return { bytes: await download.body.all() };
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return { error: 'The file is too large to verify here.', kind: 'too-large' };
    return { error: downloadFailure(error), kind: 'unreadable' };
  }
}

/** A small JPEG preview for lists; a canvas element encodes at once, where convertToBlob waits for idle time. */
async function thumbnailOf(bytes: Uint8Array, mediaType: string): Promise<string | undefined> {
  if (!mediaType.startsWith('image/') || mediaType === 'image/svg+xml') return undefined;
  if (typeof createImageBitmap === 'undefined') return undefined;
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType }));
    const scale = Math.min(1, THUMBNAIL_HEIGHT / bitmap.height);
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    if (typeof document !== 'undefined') {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
      bitmap.close();
      return canvas.toDataURL('image/jpeg', 0.8);
    }
    if (typeof OffscreenCanvas === 'undefined') return undefined;
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    return dataUrl(new Uint8Array(await blob.arrayBuffer()), 'image/jpeg');
  } catch {
    return undefined; // Not decodable by the browser: the list shows a kind icon instead.
  }
}

/**
 * A file without a manifest, answered from its headers: the sniff reads only what the container format
 * needs (bench/sniff.ts) from the download as it arrives, metadata is parsed from those bytes, and the rest
 * is never downloaded. Undefined when the full path is needed (a manifest, metadata past the headers, a
 * size the server did not declare).
 */
async function verifyFromHeaders(
  job: HostJob,
  url: string,
  body: Pick<StreamedBody, 'read' | 'totalSize'>,
  trust: TrustConfig,
  source: 'download' | 'page',
): Promise<HostVerifyResult | undefined> {
  const found = await sniffHeaders(body.read, body.totalSize);
  if (!headersSuffice(found)) return undefined;
  const size = found.totalSize as number;
  if (size > MAX_INLINE_BYTES) return undefined; // the full path decides
  const mediaType = found.sniff.mediaType ?? job.mediaType;
  const verdict = await verifyAsset(found.prefix, {
    engine: noManifestEngine,
    trust,
    ...(mediaType ? { mediaType } : {}),
    ...(job.name ? { name: job.name } : { name: url }),
  });
  if (verdict.trust === 'error') return undefined;
  const from = source === 'page' ? ", from the page's own copy" : '';
  const headers = `Only the file's headers were read (${found.prefix.length} of ${size} bytes${from}): ${found.sniff.reason}.`;
  const answer: Verdict = { ...verdict, sha256: '', size, evidence: [headers, ...verdict.evidence] };
  return { verdict: answer, mediaType: answer.mediaType };
}

export interface VerifierHost {
  verify(job: HostJob): Promise<HostVerifyResult>;
  /** The list preview of these bytes, made after their verdict was returned (undefined: none). */
  thumbnail(sha256: string): Promise<string | undefined>;
  /** Reads the trust lists in force ahead of the first file. */
  warm(trustFingerprint: string): Promise<void>;
}

const MAX_RECENT = 1000;
const MAX_THUMBNAILS = 300;

/** Insertion-ordered map that forgets its oldest entry past `limit`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

export function createVerifierHost(): VerifierHost {
  // Both workers start (and compile the wasm) now, not when the first file arrives.
  const started = [spawnBrowserWorker(), spawnBrowserWorker()];
  const engine = createEnginePool({
    spawn: () => started.shift() ?? spawnBrowserWorker(),
    size: 2,
    timeoutMs: FILE_TIMEOUT_MS,
  });
  let trust: { fingerprint: string; config: Promise<TrustConfig> } | undefined;
  /** Real jobs so far: the warm-up gives way to the first. */
  let jobs = 0;
  let warmStarted = false;
  const inFlight = new Map<string, Promise<HostVerifyResult>>();
  /** Verdicts given lately, by bytes and trust: a repeat visit skips the IndexedDB round trip. */
  const recent = new Map<string, HostVerifyResult>();
  const thumbnails = new Map<string, Promise<string | undefined>>();

  const trustFor = (fingerprint: string): Promise<TrustConfig> => {
    if (trust?.fingerprint !== fingerprint) {
      trust = { fingerprint, config: loadTrustLists().then(trustConfigFrom) };
    }
    return trust.config;
  };

  async function run(
    job: HostJob,
    bytes: Uint8Array,
    declared: string | undefined,
    sha256: string,
  ): Promise<HostVerifyResult> {
    const cacheKey = `${job.trustFingerprint}|${job.remoteManifests ? 'remote' : 'local'}`;
    const recentKey = `${sha256}|${cacheKey}`;
    const known = recent.get(recentKey);
    if (known) return known;
    const hit = await cachedVerdict(sha256, cacheKey).catch(() => undefined);
    if (hit) {
      const result: HostVerifyResult = { verdict: hit.verdict, mediaType: hit.verdict.mediaType };
      if (hit.thumbnail) remember(thumbnails, sha256, Promise.resolve(hit.thumbnail), MAX_THUMBNAILS);
      remember(recent, recentKey, result, MAX_RECENT);
      return result;
    }
    const sniff = sniffBytes(bytes);
    // No embedded manifest and no link to a remote one: the engine has nothing to read.
    const remoteLink = sniff.xmp && xmpProvenanceUrl(bytes.subarray(0, 512 * 1024)) !== undefined;
    const verdict = await verifyAsset(bytes, {
      engine: sniff.answer === 'no-manifest' && !remoteLink ? noManifestEngine : engine,
      trust: await trustFor(job.trustFingerprint),
      remoteManifests: job.remoteManifests,
      maxBytes: MAX_INLINE_BYTES,
      timeoutMs: FILE_TIMEOUT_MS,
      ...(job.mediaType ? { mediaType: job.mediaType } : declared ? { mediaType: declared } : {}),
      ...(job.name ? { name: job.name } : job.url && !job.url.startsWith('data:') ? { name: job.url } : {}),
    });
    const entry: CachedVerdict = { sha256, verdict, trustFingerprint: cacheKey, savedAt: Date.now() };
    // The verdict goes back now; the cache entry and the preview follow (the preview is added once made).
    const thumbnail = new Promise((resolve) => setTimeout(resolve, EXTRAS_DELAY_MS)).then(async () => {
      const saved = cacheVerdict(entry).catch(() => undefined);
      const [made] = await Promise.all([thumbnailOf(bytes, verdict.mediaType), saved]);
      if (made) await cacheVerdict({ ...entry, thumbnail: made }).catch(() => undefined);
      return made;
    });
    remember(thumbnails, sha256, thumbnail, MAX_THUMBNAILS);
    const result: HostVerifyResult = { verdict, mediaType: verdict.mediaType };
    remember(recent, recentKey, result, MAX_RECENT);
    return result;
  }

  /**
   * Reads the warm-up sample on every worker a few times; nothing is cached, and any failure is ignored.
   * The CAWG identity checks (a large certificate library, loaded on first need) are loaded here too: the
   * first identity credential took some 130 ms longer without.
   */
  async function warmEngine(config: TrustConfig): Promise<void> {
    void import('../../src/verify/identity-signer.ts').catch(() => undefined);
    try {
      const response = await fetch(WARM_SAMPLE);
      if (!response.ok) return;
      const bytes = new Uint8Array(await response.arrayBuffer());
      for (let round = 0; round < WARM_ROUNDS && jobs === 0; round++) {
        await Promise.all(
          [0, 1].map(() => verifyAsset(bytes, { engine, trust: config, name: 'warm-up.jpg' })),
        );
      }
    } catch {
      // A build without the sample, or a worker that failed: the first files warm the engine instead.
    }
  }

  /** Bytes in hand: hash them, and verify each distinct file once however many URLs it has. */
  function verifyBytes(
    job: HostJob,
    bytes: Uint8Array,
    declared: string | undefined,
  ): Promise<HostVerifyResult> {
    if (bytes.length > MAX_INLINE_BYTES) {
      return Promise.resolve({
        verdict: errorVerdict('too-large', 'The file is too large to verify here.'),
        mediaType: 'application/octet-stream',
      });
    }
    return sha256Hex(bytes).then((sha256) => {
      const key = `${sha256}|${job.trustFingerprint}|${job.remoteManifests}`;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = run(job, bytes, declared, sha256).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    });
  }

  return {
    async verify(job) {
      jobs += 1;
      const { head, size } = job;
      if (head !== undefined && size !== undefined && job.headersOnly && job.url) {
        // The page's copy showed no manifest in its headers: they are checked again here, and decide.
        const bytes = base64ToBytes(head);
        const pageCopy = {
          read: async (offset: number, length: number) => bytes.slice(offset, offset + length),
          totalSize: () => size,
        };
        const quick = await trustFor(job.trustFingerprint)
          .then((trust) => verifyFromHeaders(job, job.url as string, pageCopy, trust, 'page'))
          .catch(() => undefined); // any trouble: the extension downloads the file
        if (quick) return quick;
      }
      const download = await openJob(job);
      if ('body' in download && job.headersOnly && job.url && /^https?:/i.test(job.url)) {
        const quick = await trustFor(job.trustFingerprint)
          .then((trust) => verifyFromHeaders(job, job.url as string, download.body, trust, 'download'))
          .catch(() => undefined); // any trouble: the whole body decides
        if (quick) {
          download.body.cancel();
          return quick;
        }
      }
      const read = await wholeBody(download);
      if ('error' in read)
        return { verdict: errorVerdict(read.kind, read.error), mediaType: 'application/octet-stream' };
      return verifyBytes(job, read.bytes, 'declared' in download ? download.declared : undefined);
    },

    thumbnail(sha256) {
      const made = thumbnails.get(sha256);
      if (made) return made;
      return anyCachedVerdict(sha256)
        .then((hit) => hit?.thumbnail)
        .catch(() => undefined);
    },

    async warm(trustFingerprint) {
      const config = await trustFor(trustFingerprint)
        .then(async (config) => {
          await prepareTrust(config);
          return config;
        })
        .catch(() => undefined);
      if (config && !warmStarted) {
        warmStarted = true;
        void warmEngine(config);
      }
    },
  };
}
