// Hostile input: the corpus's malformed and hostile files plus generated ones (huge declared lengths, deep
// JUMBF nesting, self-referencing ingredients, sparse declared lengths, oversized XMP, remote manifests that
// point at themselves). Each yields a verdict with a clear message within the per-file timeout, memory
// stays bounded, and the next good file is still verified.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type GeneratedFixtures } from '../../demo/media/generate.ts';
import type { Verdict } from '../../src/verdict/types.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import type { TrustConfig } from '../../src/verify/trust.ts';
import { CORPUS_FILES, readCatalog } from '../support/shared.ts';
import * as hostile from './hostile.ts';

const TIMEOUT_MS = 5_000;
/**
 * Peak growth of this process's resident memory (verifier worker included) while one file is read, the
 * worker already started. Measured over eight runs: most files under 10 MB, 2 MB inputs up to 27 MB, the
 * ID3 file that crashes the engine up to 40 MB. Reading a declared length (1 GB, 4 GB) or keeping each
 * file's working memory would cross it.
 */
const MEMORY_BOUND_MB = 96;
/** The TIFF that hangs the engine allocates until it is stopped at the timeout: measured 46–101 MB. */
const HANG_MEMORY_BOUND_MB = 256;

let engine: Engine;
let fixtures: GeneratedFixtures;
let trust: TrustConfig;

beforeAll(async () => {
  fixtures = await ensureFixtures();
  trust = { anchors: [], userAnchors: [{ id: 'user', name: 'test CA', pem: fixtures.testAnchorPem }] };
  engine = createNodeEngine({ timeoutMs: TIMEOUT_MS, size: 1 });
  await expectNextFileVerified(); // the worker starts here, so no file's figure includes its start
}, 180_000);

afterAll(async () => {
  await engine?.close();
});

/** Verifies `bytes`, watching resident memory, then checks a good file is still verified. */
async function verifyHostile(
  bytes: Uint8Array,
  options: { remoteManifests?: boolean; privateRemoteManifests?: boolean; name?: string } = {},
): Promise<{ verdict: Verdict; peakGrowthMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const verdict = await verifyAsset(bytes, { engine, trust, timeoutMs: TIMEOUT_MS, ...options });
    peak = Math.max(peak, process.memoryUsage().rss);
    return { verdict, peakGrowthMb: (peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

async function expectNextFileVerified(): Promise<void> {
  const good = await verifyAsset(fixtures.read('human-capture.jpg'), {
    engine,
    trust,
    timeoutMs: TIMEOUT_MS,
  });
  expect([good.trust, good.origin]).toEqual(['verified', 'human-capture']);
}

describe('malformed and hostile files of the corpus', () => {
  const rows = readCatalog().filter(
    (row) => row.expectedValidity === 'malformed' || /HOSTILE/.test(row.evidence),
  );
  /** Exact verdicts; see test/corpus/corpus.test.ts for why the ID3 file is an error, not "none". */
  const EXPECTED: Record<string, { trust: string; message: RegExp }> = {
    'rs-nested_moov_1000.mp4': { trust: 'error', message: /nested too deeply/ },
    'rs-sample3.invalid.wav': { trust: 'error', message: /malformed.*Invalid RIFF format/ },
    'rs-tiff_poc.tiff': { trust: 'error', message: /took longer than 5 s and was stopped.*hostile/ },
    'rs-sample3.svg': { trust: 'error', message: /malformed.*InvalidJumbfHeader/ },
    'rs-prerelease.jpg': { trust: 'error', message: /pre-release/ },
    'drv-rs-C-truncated-in-jumbf.jpg': { trust: 'error', message: /malformed.*Could not parse input JPEG/ },
    'drv-rs-C-garbage-jumbf.jpg': { trust: 'error', message: /malformed.*InvalidBoxHeader/ },
    'drv-rs-C-claim-cbor-huge-lbox.jpg': { trust: 'error', message: /malformed.*InvalidCborBox/ },
    'rs-riff_bomb_1000.wav': { trust: 'none', message: /No Content Credentials/ },
    'rs-id3v23_compression_underflow.mp3': { trust: 'error', message: /crashed.*hostile/ },
  };

  it('lists every malformed or hostile row of the catalog here', () => {
    expect(rows.map((row) => row.file).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.trust}, bounded, and the next file is verified`, async () => {
      const { verdict, peakGrowthMb } = await verifyHostile(
        new Uint8Array(readFileSync(CORPUS_FILES + file)),
        {
          name: file,
        },
      );
      expect(verdict.trust).toBe(expected.trust);
      expect(verdict.message ?? verdict.evidence[0]).toMatch(expected.message);
      expect(peakGrowthMb).toBeLessThan(file === 'rs-tiff_poc.tiff' ? HANG_MEMORY_BOUND_MB : MEMORY_BOUND_MB);
      await expectNextFileVerified();
    });
  }
});

describe('generated hostile files', () => {
  const cases: {
    name: string;
    make: () => Promise<Uint8Array> | Uint8Array;
    trust: string;
    message: RegExp;
  }[] = [
    {
      name: 'JPEG whose C2PA superbox declares 4 GB (LBox)',
      make: () => hostile.jpegHugeJumbfLength('lbox'),
      trust: 'error',
      message: /malformed: it has a C2PA manifest store without a readable active manifest/,
    },
    {
      // c2pa-rs does not take a superbox with an XLBox for a C2PA store: nothing is read, nothing allocated.
      name: 'JPEG whose JUMBF superbox declares 2^64-1 bytes (XLBox)',
      make: () => hostile.jpegHugeJumbfLength('xlbox'),
      trust: 'none',
      message: /No Content Credentials/,
    },
    {
      name: 'signed JPEG whose manifest store claims 4 GB: the box lengths are not trusted, the signature is',
      make: () => hostile.signedWithHugeStoreLength(fixtures.read('human-capture.jpg')),
      trust: 'verified',
      message: /^Signed by Provenance Lens Test Signer/,
    },
    {
      name: 'ISO-BMFF C2PA box of 2^32-1 bytes',
      make: () => hostile.mp4HugeBox('size32'),
      trust: 'error',
      message: /malformed.*Box size extends beyond asset bounds/,
    },
    {
      name: 'ISO-BMFF C2PA box with a 64-bit size of 2^32',
      make: () => hostile.mp4HugeBox('large32'),
      trust: 'error',
      message: /malformed.*Box size extends beyond asset bounds/,
    },
    {
      name: 'ISO-BMFF C2PA box with a 64-bit size of 2^64-1',
      make: () => hostile.mp4HugeBox('large64'),
      trust: 'error',
      message: /malformed.*BMFF box size overflow/,
    },
    {
      name: 'signed MP4 whose C2PA box is patched to 2^32-1 bytes',
      make: () => hostile.signedMp4WithHugeBox(fixtures.read('video.mp4')),
      trust: 'error',
      message: /malformed.*Box size extends beyond asset bounds/,
    },
    {
      name: 'JPEG with 1,000 nested JUMBF superboxes',
      make: () => hostile.jpegDeepJumbf(1000),
      trust: 'error',
      message: /nested too deeply/,
    },
    {
      name: 'JPEG with 20,000 nested JUMBF superboxes over many APP11 segments',
      make: () => hostile.jpegDeepJumbf(20_000),
      trust: 'error',
      message: /nested too deeply/,
    },
    {
      name: 'standalone manifest store of 50,000 nested superboxes',
      make: () => hostile.nestedJumbf(50_000),
      trust: 'error',
      message: /nested too deeply/,
    },
    {
      name: 'signed composite whose ingredients point at their own manifest',
      make: () => {
        const { bytes, rewritten } = hostile.selfReferencingIngredients(fixtures.read('composite.jpg'));
        expect(rewritten).toBe(3);
        return bytes;
      },
      trust: 'error',
      message: /ingredients refer back to themselves in a cycle/,
    },
    {
      name: 'PNG whose caBX chunk declares 1 GB in a 200-byte file',
      make: () => hostile.pngSparseDeclaredLength(),
      trust: 'error',
      message: /malformed.*PNG out of range/,
    },
    {
      name: 'WAV whose RIFF and C2PA chunks declare 1 GB',
      make: () => hostile.wavSparseDeclaredLength(),
      trust: 'error',
      message: /malformed.*RIFF chunk declared size exceeds file size/,
    },
    {
      name: 'MP4 whose mdat declares 1 GB (64-bit size) in a 100-byte file',
      make: () => hostile.mp4SparseDeclaredLength(),
      trust: 'none',
      message: /No Content Credentials/,
    },
    {
      name: 'JPEG with extended XMP declaring a 4 GB packet of entity bombs',
      make: () => hostile.jpegXmpBomb(),
      trust: 'none',
      message: /No Content Credentials/,
    },
    {
      name: 'JPEG whose XMP nests 9,000 elements',
      make: () => hostile.jpegDeepXmp(9000),
      trust: 'none',
      message: /No Content Credentials/,
    },
  ];

  for (const hostileCase of cases) {
    it(`${hostileCase.name}: ${hostileCase.trust}, bounded, next file verified`, async () => {
      const { verdict, peakGrowthMb } = await verifyHostile(await hostileCase.make());
      expect(verdict.trust).toBe(hostileCase.trust);
      expect(verdict.message ?? verdict.evidence[0]).toMatch(hostileCase.message);
      expect(peakGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
      await expectNextFileVerified();
    });
  }
});

describe('remote manifests that point at themselves (remote manifests on)', () => {
  let server: Server;
  let origin: string;
  const requests: string[] = [];
  let selfPointing: Uint8Array;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/self.jpg') {
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        response.end(selfPointing);
      } else if (request.url === '/loop') {
        response.writeHead(302, { location: '/loop' });
        response.end();
      } else if (request.url === '/endless') {
        response.writeHead(200, { 'content-type': 'application/c2pa' });
        response.write('j'); // and never ends
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    selfPointing = await hostile.jpegWithRemoteManifest(`${origin}/self.jpg`);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('never fetches a remote manifest on a loopback address unless local ones are allowed', async () => {
    requests.length = 0;
    const { verdict, peakGrowthMb } = await verifyHostile(selfPointing, { remoteManifests: true });
    expect(peakGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    expect(requests).toEqual([]);
    expect(verdict.trust).toBe('error');
    expect(verdict.message).toMatch(
      /^The file points to a remote credential that could not be downloaded \(not fetched: 127\.0\.0\.1 is a local or private network address\)\.$/,
    );
    await expectNextFileVerified();
  });

  it('reads a self-pointing remote manifest once, without following it again', async () => {
    requests.length = 0;
    const { verdict, peakGrowthMb } = await verifyHostile(selfPointing, {
      remoteManifests: true,
      privateRemoteManifests: true,
    });
    expect(peakGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    expect(requests).toEqual(['/self.jpg']);
    expect(verdict.trust).toBe('error');
    expect(verdict.message).toMatch(/malformed.*InvalidJumbfHeader/);
    await expectNextFileVerified();
  });

  it('gives up on a remote manifest that redirects to itself', async () => {
    requests.length = 0;
    const bytes = await hostile.jpegWithRemoteManifest(`${origin}/loop`);
    const { verdict, peakGrowthMb } = await verifyHostile(bytes, {
      remoteManifests: true,
      privateRemoteManifests: true,
    });
    expect(peakGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    expect(requests.length).toBeLessThanOrEqual(21); // fetch's redirect limit (20) plus the first request
    expect(verdict.trust).toBe('error');
    expect(verdict.message).toMatch(/remote credential that could not be downloaded/);
    await expectNextFileVerified();
  });

  it('stops waiting for a remote manifest that never finishes', async () => {
    const bytes = await hostile.jpegWithRemoteManifest(`${origin}/endless`);
    const { verdict, peakGrowthMb } = await verifyHostile(bytes, {
      remoteManifests: true,
      privateRemoteManifests: true,
    });
    expect(peakGrowthMb).toBeLessThan(MEMORY_BOUND_MB);
    expect(verdict.trust).toBe('error');
    expect(verdict.message).toMatch(/took longer than 5 s and was stopped/);
    await expectNextFileVerified();
  });
});

describe('a 1 GB sparse file given to the CLI', () => {
  it('is refused as too large, with the limit named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provlens-sparse-'));
    const file = join(dir, 'sparse.jpg');
    try {
      const head = await hostile.baseJpeg();
      const fd = openSync(file, 'w');
      writeSync(fd, head, 0, head.length, 0);
      writeSync(fd, new Uint8Array([0xff, 0xd9]), 0, 2, 1024 * 1024 * 1024 - 2); // the rest is a hole
      closeSync(fd);
      const run = spawnSync(
        process.execPath,
        [
          new URL('../../bin/provlens.js', import.meta.url).pathname,
          'verify',
          '--json',
          '--no-trust-lists',
          file,
        ],
        { encoding: 'utf8', env: { ...process.env, PROVLENS_CACHE: dir, NO_COLOR: '1' }, timeout: 120_000 },
      );
      const verdict = JSON.parse(run.stdout.trim().split('\n')[0] ?? '{}') as Verdict;
      expect(verdict.trust).toBe('error');
      expect(verdict.message).toBe(
        'The file is too large to verify (1024.0 MB; the limit is 256.0 MB). Raise the limit if you trust this file.',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
