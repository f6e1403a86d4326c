// Sends media to the verifier host (the offscreen document on Chrome, this page on Firefox), at most a few
// at a time, and de-duplicates by URL: the host de-duplicates by SHA-256 and keeps the verdict cache.
import { type HostJob, type HostVerifyResult, MAX_HOST_BATCH } from '../platform/messages.ts';
import { loadSettings } from './settings.ts';
import { ensureTrustLists, trustFingerprint } from './trust-lists.ts';

/** The verifier host as the background reaches it (a message to the offscreen document, or a call). */
export interface HostCalls {
  verify(job: HostJob): Promise<HostVerifyResult>;
  /** Several jobs in one message (where the host is another document): the answers in the same order. */
  verifyMany?(jobs: HostJob[]): Promise<HostVerifyResult[]>;
  thumbnail(sha256: string): Promise<string | undefined>;
  /** Starts the host (document, workers) and reads the trust lists, ahead of the first file. */
  warm(trustFingerprint: string): Promise<void>;
}
export type MediaJob = Omit<HostJob, 'trustFingerprint' | 'remoteManifests'>;

// Most calls are header reads (IPC-bound, little memory); 8 bounds the worst case at 8 full downloads.
const MAX_PARALLEL = 8;
const MAX_REMEMBERED_URLS = 3000;

export interface Verifier {
  verify(job: MediaJob): Promise<HostVerifyResult>;
  /** Whether a verdict for this address is known or under way (a repeat visit needs no copy of the file). */
  knows(url: string): boolean;
  /** The list preview of a verified file (by SHA-256), which follows its verdict. */
  thumbnail(sha256: string): Promise<string | undefined>;
  /** Gets the host and the trust lists ready before the first page reports media. */
  warm(): Promise<void>;
  /** Trust lists or settings changed: forget URL results and fingerprints. */
  invalidate(): void;
}

/** `host`: the verifier host, or its promise while it starts (the background does not wait for it). */
export function createVerifier(host: HostCalls | Promise<HostCalls>): Verifier {
  const hostReady = Promise.resolve(host);
  let fingerprint: Promise<string> | undefined;
  const byUrl = new Map<string, Promise<HostVerifyResult>>();
  const waiting: (() => void)[] = [];
  let running = 0;

  const currentFingerprint = (): Promise<string> => {
    fingerprint ??= ensureTrustLists().then(trustFingerprint);
    fingerprint.catch(() => {
      fingerprint = undefined;
    });
    return fingerprint;
  };

  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }

  /**
   * Files the page's headers answer go to the host together: on a busy page hundreds arrive at once, and
   * one message each would cost more than the work. Gathered for one turn, up to MAX_HOST_BATCH a message.
   */
  const batch: { job: HostJob; resolve: (r: HostVerifyResult) => void; reject: (e: unknown) => void }[] = [];
  let batchTimer: ReturnType<typeof setTimeout> | undefined;

  function sendBatch(): void {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    const taken = batch.splice(0, MAX_HOST_BATCH);
    if (batch.length > 0) batchTimer = setTimeout(sendBatch, 0);
    if (taken.length === 0) return;
    void slot(async () => {
      const calls = await hostReady;
      return (calls.verifyMany as NonNullable<HostCalls['verifyMany']>)(taken.map((entry) => entry.job));
    }).then(
      (results) =>
        taken.forEach((entry, i) => {
          const result = results[i];
          if (result) entry.resolve(result);
          else entry.reject(new Error('The verifier host gave fewer answers than it was asked.'));
        }),
      (error: unknown) => {
        for (const entry of taken) entry.reject(error);
      },
    );
  }

  function batched(job: HostJob): Promise<HostVerifyResult> {
    return new Promise((resolve, reject) => {
      batch.push({ job, resolve, reject });
      if (batch.length >= MAX_HOST_BATCH) sendBatch();
      else batchTimer ??= setTimeout(sendBatch, 0);
    });
  }

  async function run(job: MediaJob): Promise<HostVerifyResult> {
    const [trust, settings] = await Promise.all([currentFingerprint(), loadSettings()]);
    // Without a registry nothing needs the hash of a file that has no manifest: its headers suffice.
    // With one, the whole file is hashed, so the page's headers are of no use.
    const headersOnly = settings.registry === null && job.bytes === undefined;
    const { head: _head, size: _size, ...whole } = job;
    const hostJob: HostJob = {
      ...(headersOnly ? job : whole),
      trustFingerprint: trust,
      remoteManifests: settings.remoteManifests,
      ...(headersOnly ? { headersOnly } : {}),
    };
    const calls = await hostReady;
    if (headersOnly && job.head !== undefined && calls.verifyMany) return batched(hostJob);
    return slot(() => calls.verify(hostJob));
  }

  return {
    verify(job) {
      // By address, including the page's copy of one (bytes and url): a repeat visit needs no copy.
      if (job.url === undefined) return run(job);
      let pending = byUrl.get(job.url);
      if (!pending) {
        pending = run(job);
        byUrl.set(job.url, pending);
        // A failed download may work later (network back): do not remember it.
        pending.then(
          (result) => {
            if (result.verdict.trust === 'error' && !result.verdict.sha256) byUrl.delete(job.url ?? '');
          },
          () => byUrl.delete(job.url ?? ''),
        );
        if (byUrl.size > MAX_REMEMBERED_URLS) {
          const oldest = byUrl.keys().next().value;
          if (oldest !== undefined) byUrl.delete(oldest);
        }
      }
      return pending;
    },
    knows(url) {
      return byUrl.has(url);
    },
    async thumbnail(sha256) {
      return (await hostReady).thumbnail(sha256);
    },
    async warm() {
      await Promise.all([
        loadSettings(),
        currentFingerprint().then(async (trust) => (await hostReady).warm(trust)),
      ]);
    },
    invalidate() {
      fingerprint = undefined;
      byUrl.clear();
    },
  };
}
