// `npm run bench`: every benchmark section, one table, and bench/results.json. Each figure is a ratio
// against a baseline measured in the same run, since machines are noisy.
// Flags: --only verify,sniff,page,latency,memory,registry,indexer,size,robustness   (default: all)
//        --scale N   fingerprints in the indexer section's larger index (default 100000; the goal is at 1000000)
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BenchSection, printTable } from './report.ts';

type SectionRun = () => Promise<BenchSection>;

/** bench/robustness.ts in its quick mode (a subset of files), in its own process; its table prints as it runs. */
async function robustnessQuick(): Promise<BenchSection> {
  const tsx = path.join(import.meta.dirname, '../node_modules/.bin/tsx');
  const run = spawnSync(tsx, [path.join(import.meta.dirname, 'robustness.ts')], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  process.stdout.write(run.stdout ?? '');
  const lines = (run.stdout ?? '').trim().split('\n');
  return {
    title: 'Fingerprint robustness (quick subset; `npx tsx bench/robustness.ts --full` for all files)',
    rows: [
      [
        'exit status',
        String(run.status),
        run.status === 0 ? 'table above' : (run.stderr ?? '').slice(0, 200),
        '',
      ],
      ['last line', lines.at(-1) ?? '', '', ''],
    ],
    results: { status: run.status, output: lines },
  };
}

const SECTIONS: Record<string, SectionRun> = {
  verify: async () => (await import('./verify.ts')).benchVerify(),
  sniff: async () => (await import('./sniff.ts')).benchSniff(),
  page: async () => (await import('./page-scan.ts')).benchPageScan(),
  latency: async () => (await import('./badge-latency.ts')).benchBadgeLatency(),
  memory: async () => (await import('./memory.ts')).benchMemory(),
  registry: async () => (await import('./gas.ts')).benchRegistry(),
  indexer: async () => (await import('./indexer.ts')).benchIndexer(),
  size: async () => (await import('./size.ts')).benchSize(),
  robustness: robustnessQuick,
};

function wanted(argv: string[]): string[] {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return Object.keys(SECTIONS);
  const arg = argv[at] as string;
  const list = (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[at + 1] ?? '')).split(',');
  const names = list.map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in SECTIONS));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only takes a comma-separated list of: ${Object.keys(SECTIONS).join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  }
  return names;
}

async function main(): Promise<void> {
  const names = wanted(process.argv.slice(2));
  const sections: BenchSection[] = [];
  const timings: Record<string, number> = {};
  const failures: Record<string, string> = {};
  for (const name of names) {
    const run = SECTIONS[name] as SectionRun;
    process.stderr.write(`bench: ${name}…\n`);
    const t0 = performance.now();
    try {
      sections.push(await run());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures[name] = message;
      sections.push({
        title: `${name} (failed)`,
        rows: [['error', '', message.slice(0, 300), '']],
        results: {},
      });
    }
    timings[name] = Math.round((performance.now() - t0) / 1000);
    process.stderr.write(`bench: ${name} done in ${timings[name]} s\n`);
  }
  printTable(sections);
  const file = path.resolve(import.meta.dirname, 'results.json');
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    secondsPerSection: timings,
    failures,
    sections: Object.fromEntries(sections.map((s) => [s.title, { rows: s.rows, results: s.results }])),
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
  // Worker threads and child processes some sections start are unref'd or stopped; exit explicitly anyway.
  process.exit(Object.keys(failures).length > 0 ? 1 : 0);
}

await main();
