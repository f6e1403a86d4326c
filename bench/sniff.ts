// Manifest sniff: how little of a file without a manifest is read before it is rejected, against the
// baseline of reading the whole file and asking the engine (what verification costs without a sniff).
// Run: npx tsx bench/sniff.ts   (part of `npm run bench`)
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { initEngine, WasmReader, wasmBlob } from '../src/verify/engine/wasm.ts';
import { blockReader, type SniffResult, sniffManifest } from '../src/verify/sniff.ts';
import { engineSettings } from '../src/verify/trust.ts';
import { plainJpeg, plainMp4 } from './media.ts';
import { type BenchSection, median } from './report.ts';

const ROUNDS = 31;
const WARM_UP = 5;
/** As the extension reads over HTTP: whole 8 KB blocks, so nearby headers share one read. */
const BLOCK = 8 * 1024;

function rangeRead(file: string): {
  read: (offset: number, length: number) => Uint8Array;
  fromDisk: () => number;
  close(): void;
} {
  const fd = openSync(file, 'r');
  let fromDisk = 0;
  return {
    read(offset, length) {
      const out = new Uint8Array(length);
      const n = readSync(fd, out, 0, length, offset);
      fromDisk += n;
      return out.subarray(0, n);
    },
    fromDisk: () => fromDisk,
    close: () => closeSync(fd),
  };
}

export async function benchSniff(): Promise<BenchSection> {
  const require = createRequire(import.meta.url);
  initEngine(readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')));
  const settings = engineSettings({ trust: { anchors: [], userAnchors: [] } });
  const files = [
    { label: '3 MB JPEG', file: await plainJpeg(), type: 'image/jpeg' },
    { label: '20 MB MP4', file: plainMp4(), type: 'video/mp4' },
  ];
  const rows: string[][] = [];
  const results: Record<string, unknown> = {};
  for (const { label, file, type } of files) {
    const size = statSync(file).size;
    const sniffTimes: number[] = [];
    const fullTimes: number[] = [];
    let sniff: SniffResult | undefined;
    let fromDisk = 0;
    let engineAnswer = '';
    // The first rounds warm the JIT and the page cache; they are not counted.
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      let t0 = performance.now();
      const reader = rangeRead(file);
      sniff = await sniffManifest(blockReader(reader.read, BLOCK));
      reader.close();
      fromDisk = reader.fromDisk();
      if (round >= WARM_UP) sniffTimes.push(performance.now() - t0);

      t0 = performance.now();
      const bytes = new Uint8Array(readFileSync(file));
      try {
        const wasm = await WasmReader.fromBlob(type, wasmBlob(bytes), settings);
        wasm.free();
        engineAnswer = 'manifest found';
      } catch (error) {
        engineAnswer = error instanceof Error ? error.message.slice(0, 40) : String(error);
      }
      if (round >= WARM_UP) fullTimes.push(performance.now() - t0);
    }
    const s = sniff as SniffResult;
    if (s.answer !== 'no-manifest')
      throw new Error(`sniff of the ${label} answered ${s.answer}: ${s.reason}`);
    const speedup = median(fullTimes) / median(sniffTimes);
    rows.push(
      [
        `${label}: sniff reads`,
        `${s.bytesRead} B`,
        `of ${size} B (${((100 * s.bytesRead) / size).toFixed(4)}%), ${fromDisk} B from disk in ${BLOCK / 1024} KB blocks; "${s.reason}"`,
        '',
      ],
      [
        `${label}: sniff vs full read + engine`,
        `${speedup.toFixed(0)}× faster`,
        `${median(sniffTimes).toFixed(2)} ms vs ${median(fullTimes).toFixed(1)} ms (engine: ${engineAnswer})`,
        'target ≥ 50×',
      ],
    );
    results[label] = {
      size,
      bytesRead: s.bytesRead,
      bytesFromDisk: fromDisk,
      sniffMs: median(sniffTimes),
      fullReadAndEngineMs: median(fullTimes),
      speedup,
      engineAnswer,
    };
  }
  return { title: 'Manifest sniff (files without a manifest)', rows, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report.ts');
  printTable([await benchSniff()]);
}
