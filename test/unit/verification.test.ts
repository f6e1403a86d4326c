// How the background hands media to the verifier host: files the page's headers answer go many to a
// message, everything else one at a time, and the host may still be starting when the first page reports.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, type HostCalls } from '../../extension/background/verification.ts';
import type { HostJob, HostVerifyResult } from '../../extension/platform/messages.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../extension/platform/model.ts';

let settings: Settings = DEFAULT_SETTINGS;
vi.mock('../../extension/background/settings.ts', () => ({ loadSettings: async () => settings }));
vi.mock('../../extension/background/trust-lists.ts', () => ({
  ensureTrustLists: async () => [],
  trustFingerprint: () => 'lists-v1',
}));

function noneFor(job: HostJob): HostVerifyResult {
  return {
    verdict: {
      trust: 'none',
      origin: 'unknown',
      aiDerived: null,
      sha256: '',
      mediaType: 'image/jpeg',
      digitalSourceTypes: [],
      credits: [],
      codes: [],
      evidence: [`answered ${job.url ?? job.name}`],
    } as unknown as HostVerifyResult['verdict'],
    mediaType: 'image/jpeg',
  };
}

/** A host that records each message: single jobs and batches. */
function recordingHost() {
  const messages: { type: 'one' | 'many'; jobs: HostJob[] }[] = [];
  const host: HostCalls = {
    verify: async (job) => {
      messages.push({ type: 'one', jobs: [job] });
      return noneFor(job);
    },
    verifyMany: async (jobs) => {
      messages.push({ type: 'many', jobs });
      return jobs.map(noneFor);
    },
    thumbnail: async () => undefined,
    warm: async () => undefined,
  };
  return { host, messages };
}

const headJob = (i: number) => ({
  url: `https://example.org/p${i}.jpg`,
  pageUrl: 'https://example.org/',
  head: '/9j/2wBD',
  size: 20_000,
  mediaType: 'image/jpeg',
});

beforeEach(() => {
  settings = DEFAULT_SETTINGS;
});

describe('the background verifier', () => {
  it('sends files answered by their headers to a host that is still starting, 100 to a message', async () => {
    const { host, messages } = recordingHost();
    let started!: (calls: HostCalls) => void;
    const verifier = createVerifier(new Promise<HostCalls>((resolve) => (started = resolve)));
    const answers = Array.from({ length: 120 }, (_, i) => verifier.verify(headJob(i)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(messages).toEqual([]);
    started(host);
    const results = await Promise.all(answers);
    expect(messages.map((m) => [m.type, m.jobs.length])).toEqual([
      ['many', 100],
      ['many', 20],
    ]);
    expect(messages[0]?.jobs[0]).toEqual({
      ...headJob(0),
      trustFingerprint: 'lists-v1',
      remoteManifests: false,
      headersOnly: true,
    });
    // Each answer goes back to its own file.
    expect(results.map((r) => r.verdict.evidence[0])).toEqual(
      Array.from({ length: 120 }, (_, i) => `answered https://example.org/p${i}.jpg`),
    );
  });

  it('sends a page copy of a file, and any file when a registry is set, one to a message', async () => {
    const { host, messages } = recordingHost();
    const verifier = createVerifier(host);
    await verifier.verify({
      bytes: 'AAEC',
      name: 'https://example.org/c1.jpg',
      url: 'https://example.org/c1.jpg',
    });
    settings = {
      ...DEFAULT_SETTINGS,
      registry: { rpcUrl: 'http://127.0.0.1:8545', address: `0x${'1'.repeat(40)}` },
    } as Settings;
    await verifier.verify(headJob(1));
    expect(messages.map((m) => [m.type, m.jobs.length])).toEqual([
      ['one', 1],
      ['one', 1],
    ]);
    // With a registry the whole file is hashed: the headers are not sent, nor is the host told to use them.
    expect(messages[1]?.jobs[0]).toEqual({
      url: 'https://example.org/p1.jpg',
      pageUrl: 'https://example.org/',
      mediaType: 'image/jpeg',
      trustFingerprint: 'lists-v1',
      remoteManifests: false,
    });
  });

  it('asks once per address, however often a page reports it', async () => {
    const { host, messages } = recordingHost();
    const verifier = createVerifier(host);
    const [a, b] = await Promise.all([verifier.verify(headJob(3)), verifier.verify(headJob(3))]);
    expect(a).toBe(b);
    expect(messages.flatMap((m) => m.jobs).length).toBe(1);
    expect(verifier.knows('https://example.org/p3.jpg')).toBe(true);
  });
});
