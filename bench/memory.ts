// Memory of the verifier worker: heap and wasm memory after 100 and after 2,000 verifications (does it
// leak?), and the peak while verifying a 100 MB file (is the size limit memory-aware?).
// Run: npx tsx bench/memory.ts   (part of `npm run bench`)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { ensureFixtures, type FixtureFile } from '../demo/media/generate.ts';
import { createEnginePool, type Engine, type EngineWorkerHandle } from '../src/verify/engine/pool.ts';
import type { EngineResponseEnvelope } from '../src/verify/engine/protocol.ts';
import { DEFAULT_MAX_BYTES, verifyAsset } from '../src/verify/index.ts';
import { sniffBytes } from '../src/verify/sniff.ts';
import type { TrustConfig } from '../src/verify/trust.ts';
import { largeWav } from './media.ts';
import type { MemoryProbe } from './memory-worker.ts';
import type { BenchSection } from './report.ts';

const EARLY = 100;
const LATE = Number(process.env.BENCH_MEMORY_VERIFICATIONS ?? 2000);
const MB = 1024 * 1024;
const workerUrl = new URL('./memory-worker.ts', import.meta.url);

interface ProbedEngine {
  engine: Engine;
  probe(): Promise<MemoryProbe>;
  workerRss(): number;
}

function probedEngine(): ProbedEngine {
  let current: Worker | undefined;
  const spawn = (): EngineWorkerHandle => {
    const worker = new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`,
      { eval: true, resourceLimits: { maxOldGenerationSizeMb: 1024 } },
    );
    worker.unref();
    current = worker;
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (listener) =>
        worker.on('message', (m: EngineResponseEnvelope | MemoryProbe) => {
          if (!('probe' in m)) listener(m);
        }),
      onFailure: (listener) => {
        worker.on('error', (e) => listener(e.message));
        worker.on('exit', (code) => listener(`exit ${code}`));
      },
      terminate: () => void worker.terminate(),
    };
  };
  const engine = createEnginePool({ spawn, size: 1, timeoutMs: 60_000 });
  return {
    engine,
    probe: () =>
      new Promise<MemoryProbe>((resolve, reject) => {
        const worker = current;
        if (!worker) return reject(new Error('no verifier worker yet'));
        const listen = (m: EngineResponseEnvelope | MemoryProbe) => {
          if (!('probe' in m)) return;
          worker.off('message', listen);
          resolve(m);
        };
        worker.on('message', listen);
        worker.postMessage({ probe: true });
      }),
    workerRss: () => process.memoryUsage().rss,
  };
}

export async function benchMemory(): Promise<BenchSection> {
  const fixtures = await ensureFixtures();
  const trust: TrustConfig = {
    anchors: [],
    userAnchors: [{ id: 'test', name: 'test anchor', pem: fixtures.testAnchorPem }],
  };
  const names: FixtureFile[] = [
    'human-capture.jpg',
    'ai-generated.jpg',
    'composite.jpg',
    'human-made.png',
    'audio.wav',
    'video.mp4',
    'tampered-claim.jpg',
    'untrusted.jpg',
  ];
  const files = names.map((name) => fixtures.read(name));
  const { engine, probe } = probedEngine();
  const verifications = async (count: number, offset: number) => {
    for (let i = 0; i < count; i++) {
      const bytes = files[(offset + i) % files.length] as Uint8Array;
      const verdict = await verifyAsset(bytes, { engine, trust });
      if (verdict.trust === 'error') throw new Error(`verification failed: ${verdict.evidence.join('; ')}`);
    }
  };
  await verifications(EARLY, 0);
  const early = await probe();
  const t0 = performance.now();
  await verifications(LATE - EARLY, EARLY);
  const loopSeconds = (performance.now() - t0) / 1000;
  const late = await probe();
  await engine.close();

  // Peak: a fresh worker verifies a 100 MB WAV; the main process samples RSS (it includes the worker).
  const wav = new Uint8Array(readFileSync(largeWav()));
  const big = probedEngine();
  await verifyAsset(files[0] as Uint8Array, { engine: big.engine, trust });
  const before = await big.probe();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 5);
  const t1 = performance.now();
  const bigVerdict = await verifyAsset(wav, { engine: big.engine, trust });
  const bigMs = performance.now() - t1;
  clearInterval(sampler);
  const after = await big.probe();
  await big.engine.close();
  const wavSniff = sniffBytes(wav);

  const heapGrowth = late.heapUsedBytes / early.heapUsedBytes;
  const wasmGrowth = late.wasmMemoryBytes / early.wasmMemoryBytes;
  const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
  const rows = [
    [
      `worker heap after ${EARLY} / ${LATE} verifications`,
      `${heapGrowth.toFixed(2)}×`,
      `${mb(early.heapUsedBytes)} → ${mb(late.heapUsedBytes)} (${files.length} signed fixtures in turn, ${((LATE - EARLY) / loopSeconds).toFixed(0)}/s)`,
      'target ≤ 1.2×',
    ],
    [
      `wasm memory after ${EARLY} / ${LATE} verifications`,
      `${wasmGrowth.toFixed(2)}×`,
      `${mb(early.wasmMemoryBytes)} → ${mb(late.wasmMemoryBytes)}`,
      'target ≤ 1.2×',
    ],
    [
      '100 MB WAV: wasm memory while verifying',
      `${(after.wasmMemoryBytes / wav.length).toFixed(2)}× file size`,
      `${mb(before.wasmMemoryBytes)} → ${mb(after.wasmMemoryBytes)} (wasm memory never shrinks); ${bigMs.toFixed(0)} ms, ${bigVerdict.trust}`,
      '',
    ],
    [
      '100 MB WAV: process RSS peak over idle',
      `${((rssPeak - rssBefore) / wav.length).toFixed(2)}× file size`,
      `+${mb(rssPeak - rssBefore)} (${mb(rssBefore)} → ${mb(rssPeak)}); size limits: core ${mb(DEFAULT_MAX_BYTES)}, extension 48 MB`,
      '',
    ],
    [
      '100 MB WAV: sniff',
      wavSniff.answer,
      `${wavSniff.bytesRead} B read: the extension never hands such a file to the engine`,
      '',
    ],
  ];
  return {
    title: 'Memory of the verifier worker',
    rows,
    results: {
      early: { verifications: EARLY, ...early },
      late: { verifications: LATE, ...late },
      heapGrowth,
      wasmGrowth,
      largeFile: {
        bytes: wav.length,
        wasmBefore: before.wasmMemoryBytes,
        wasmAfter: after.wasmMemoryBytes,
        rssBefore,
        rssPeak,
        ms: bigMs,
        trust: bigVerdict.trust,
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report.ts');
  printTable([await benchMemory()]);
}
