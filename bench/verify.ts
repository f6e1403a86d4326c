// Verification speed over ../shared/corpus: verifyAsset (worker pool, verdict, metadata) against a bare
// c2pa-web engine read of the same bytes (WasmReader.fromBlob + json, in process), interleaved per file.
// Run: npx tsx bench/verify.ts   (part of `npm run bench`)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { initEngine, WasmReader, wasmBlob } from '../src/verify/engine/wasm.ts';
import { verifyAsset } from '../src/verify/index.ts';
import { detectMediaType } from '../src/verify/media-type.ts';
import { createNodeEngine } from '../src/verify/node-engine.ts';
import { engineSettings } from '../src/verify/trust.ts';
import { CORPUS_FILES, PINNED_CLOCK, readCatalog, referenceTrust } from '../test/support/shared.ts';
import { type BenchSection, median, percentile, printTable } from './report.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
// Hostile files that hit the timeout or crash the engine say nothing about speed.
const SKIP = new Set(['rs-tiff_poc.tiff', 'rs-id3v23_compression_underflow.mp3']);

export async function benchVerify(): Promise<BenchSection> {
  const require = createRequire(import.meta.url);
  initEngine(readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')));
  const trust = referenceTrust();
  const settings = engineSettings({ trust });
  const engine = createNodeEngine({ size: 1, timeoutMs: 20_000 });
  const files = readCatalog()
    .filter((row) => !SKIP.has(row.file))
    .map((row) => ({ name: row.file, bytes: new Uint8Array(readFileSync(CORPUS_FILES + row.file)) }));

  const bare = async (bytes: Uint8Array) => {
    const type = detectMediaType(bytes).mediaType;
    const t0 = performance.now();
    try {
      const reader = await WasmReader.fromBlob(type, wasmBlob(bytes), settings);
      JSON.parse(reader.json());
      reader.free();
    } catch {
      // Files without a manifest throw JumbfNotFound: the time until then is what counts.
    }
    return performance.now() - t0;
  };
  const full = async (bytes: Uint8Array) => {
    const t0 = performance.now();
    await verifyAsset(bytes, { engine, trust, at: PINNED_CLOCK });
    return performance.now() - t0;
  };

  // Warm both paths (wasm compile, worker start) before measuring.
  for (const f of files.slice(0, 3)) {
    await bare(f.bytes);
    await full(f.bytes);
  }
  const fullTimes: number[] = [];
  const bareTimes: number[] = [];
  const ratios: number[] = [];
  for (const f of files) {
    const fs: number[] = [];
    const bs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so drift of the machine hits both equally.
      if (round % 2 === 0) {
        bs.push(await bare(f.bytes));
        fs.push(await full(f.bytes));
      } else {
        fs.push(await full(f.bytes));
        bs.push(await bare(f.bytes));
      }
    }
    fullTimes.push(median(fs));
    bareTimes.push(median(bs));
    ratios.push(median(fs) / median(bs));
  }
  await engine.close();
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const rows = [
    ['files', String(files.length), '', ''],
    [
      'verifyAsset per file, median',
      `${median(fullTimes).toFixed(1)} ms`,
      `p95 ${percentile(fullTimes, 95).toFixed(1)} ms`,
      '',
    ],
    [
      'bare engine read per file, median',
      `${median(bareTimes).toFixed(1)} ms`,
      `p95 ${percentile(bareTimes, 95).toFixed(1)} ms`,
      '',
    ],
    [
      'ratio verifyAsset / bare (median of per-file ratios)',
      `${median(ratios).toFixed(2)}×`,
      `p95 ${percentile(ratios, 95).toFixed(2)}×`,
      'target ≤ 1.15×',
    ],
    ['ratio of total time', `${(sum(fullTimes) / sum(bareTimes)).toFixed(2)}×`, '', 'target ≤ 1.15×'],
  ];
  return {
    title: 'Verification over the corpus',
    rows,
    results: {
      files: files.length,
      verifyMedianMs: median(fullTimes),
      verifyP95Ms: percentile(fullTimes, 95),
      bareMedianMs: median(bareTimes),
      bareP95Ms: percentile(bareTimes, 95),
      ratioMedian: median(ratios),
      ratioTotal: sum(fullTimes) / sum(bareTimes),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) printTable([await benchVerify()]);
