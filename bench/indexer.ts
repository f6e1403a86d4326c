// The registry indexer's near-duplicate search (multi-index hashing in SQL, indexer/src/near.ts) over
// 100,000 and 1,000,000 fingerprints bulk-loaded into embedded PGlite with the indexer's table layout.
// Baseline in the same run: the same Hamming query as one scan of a plain (id, value) table.
// BENCH_INDEX_SIZES=100000,1000000 sets the sizes; BENCH_INDEX_PROBES the look-ups per size.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { nearSearchSql, toSigned64 } from '../indexer/src/near.ts';
import { type BenchSection, median, percentile } from './report.ts';

const SIZES = (process.env.BENCH_INDEX_SIZES ?? '100000,1000000').split(',').map(Number);
const PROBES = Number(process.env.BENCH_INDEX_PROBES ?? '200');
const SCAN_PROBES = 5;
const THRESHOLDS = [8, 12];
const LOAD_BATCH = 100_000;

/** A seeded 64-bit generator (splitmix64), so every run loads the same fingerprints. */
function generator(seed: bigint): () => bigint {
  let state = seed;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full)).size;
  }
  return total;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function benchIndexer(): Promise<BenchSection> {
  const rows: string[][] = [];
  const results: Record<string, unknown> = { probes: PROBES, sizes: SIZES };
  const dir = await mkdtemp(path.join(tmpdir(), 'provlens-bench-index-'));
  const db = new PGlite(dir);
  const dialect = new PgDialect();
  const run = async (query: ReturnType<typeof sql>) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return db.query<Record<string, unknown>>(text, params);
  };
  try {
    // The table Ponder creates from indexer/ponder.schema.ts (bigint columns are numeric(78)).
    await db.exec(`
      CREATE TABLE fingerprint_chunk (algorithm text NOT NULL, bucket integer NOT NULL, value int8 NOT NULL,
        record_id numeric(78) NOT NULL);
      CREATE TABLE plain_fingerprint (record_id numeric(78) NOT NULL, value int8 NOT NULL);`);
    const next = generator(0x5eedn);
    const values: bigint[] = [];
    let loaded = 0;
    const rssBefore = process.memoryUsage().rss;
    const series: Record<string, unknown>[] = [];
    for (const size of SIZES) {
      const t0 = performance.now();
      await db.exec('ALTER TABLE fingerprint_chunk DROP CONSTRAINT IF EXISTS fingerprint_chunk_pkey');
      while (loaded < size) {
        const count = Math.min(LOAD_BATCH, size - loaded);
        const chunkLines: string[] = [];
        const plainLines: string[] = [];
        for (let i = 0; i < count; i++) {
          const value = next();
          const id = loaded + i + 1;
          values.push(value);
          const signed = toSigned64(value).toString();
          for (let position = 0; position < 4; position++) {
            const chunk = Number((value >> BigInt(48 - 16 * position)) & 0xffffn);
            chunkLines.push(`pdq64\t${(position << 16) | chunk}\t${signed}\t${id}`);
          }
          plainLines.push(`${id}\t${signed}`);
        }
        await db.query("COPY fingerprint_chunk FROM '/dev/blob'", [], {
          blob: new Blob([`${chunkLines.join('\n')}\n`]),
        });
        await db.query("COPY plain_fingerprint FROM '/dev/blob'", [], {
          blob: new Blob([`${plainLines.join('\n')}\n`]),
        });
        loaded += count;
      }
      // The primary key Ponder declares, built once after the load; VACUUM lets probes read the index only.
      await db.exec('ALTER TABLE fingerprint_chunk ADD PRIMARY KEY (algorithm, bucket, value, record_id)');
      await db.exec('VACUUM ANALYZE');
      const loadMs = performance.now() - t0;

      // Probes: half are copies of a loaded fingerprint with 1..12 bits changed, half are unrelated.
      const pick = generator(BigInt(size));
      const probes: string[] = [];
      for (let i = 0; i < PROBES; i++) {
        let value = pick();
        if (i % 2 === 0) {
          value = values[Number(pick() % BigInt(values.length))]!;
          for (let b = 0; b < 1 + (i % 12); b++) value ^= 1n << (pick() % 64n);
        }
        probes.push(value.toString(16).padStart(16, '0'));
      }
      for (const threshold of THRESHOLDS) {
        const times: number[] = [];
        let found = 0;
        for (const value of probes) {
          const t1 = performance.now();
          const result = await run(
            nearSearchSql(sql`fingerprint_chunk`, { algorithm: 'pdq64', value, threshold }),
          );
          times.push(performance.now() - t1);
          found += result.rows.length;
        }
        const scanTimes: number[] = [];
        let scanFound = 0;
        for (const value of probes.slice(0, SCAN_PROBES)) {
          const signed = toSigned64(BigInt(`0x${value}`)).toString();
          const t1 = performance.now();
          const result = await db.query(
            'SELECT record_id FROM plain_fingerprint WHERE bit_count((value # $1::int8)::bit(64)) <= $2',
            [signed, threshold],
          );
          scanTimes.push(performance.now() - t1);
          scanFound += result.rows.length;
        }
        const entry = {
          fingerprints: size,
          threshold,
          p50: median(times),
          p95: percentile(times, 95),
          matchesPerProbe: found / probes.length,
          scanP50: median(scanTimes),
          scanMatches: scanFound,
        };
        series.push(entry);
        rows.push([
          `indexed near search, ${size.toLocaleString('en')} fingerprints, threshold ${threshold}`,
          `p50 ${entry.p50.toFixed(1)} ms, p95 ${entry.p95.toFixed(1)} ms`,
          `${PROBES} look-ups, ${entry.matchesPerProbe.toFixed(2)} matches each; full scan ${entry.scanP50.toFixed(0)} ms (${(entry.scanP50 / entry.p50).toFixed(0)}× slower)`,
          threshold === 12 && size >= 1_000_000 ? '≤ 100 ms at 1,000,000' : '',
        ]);
      }
      const sizes = (
        await db.query<{ table: string; index: string }>(
          `SELECT pg_table_size('fingerprint_chunk')::text AS table, pg_indexes_size('fingerprint_chunk')::text AS index`,
        )
      ).rows[0]!;
      const disk = await folderBytes(dir);
      const rss = process.memoryUsage().rss;
      rows.push([
        `index size, ${size.toLocaleString('en')} fingerprints`,
        `${mb(Number(sizes.table) + Number(sizes.index))}`,
        `chunk table ${mb(Number(sizes.table))} + key index ${mb(Number(sizes.index))}; data folder ${mb(disk)} (with the scan table); process RSS ${mb(rss)} (+${mb(rss - rssBefore)}); bulk load ${(loadMs / 1000).toFixed(0)} s`,
        '',
      ]);
      series.push({
        fingerprints: size,
        tableBytes: Number(sizes.table),
        indexBytes: Number(sizes.index),
        disk,
        rss,
        loadMs,
      });
    }
    const at = (size: number, threshold: number) =>
      series.find((s) => s.fingerprints === size && s.threshold === threshold) as { p50: number } | undefined;
    const [small, large] = [SIZES[0]!, SIZES.at(-1)!];
    const a = at(small, 12);
    const b = at(large, 12);
    if (a && b && small !== large) {
      rows.push([
        'indexed near search growth (threshold 12)',
        `${(b.p50 / a.p50).toFixed(1)}× time`,
        `for ${large / small}× fingerprints (the eth_getLogs scan grows about linearly: see the registry section)`,
        '',
      ]);
      results.growth = b.p50 / a.p50;
    }
    results.series = series;
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
  return { title: 'Registry indexer: near-duplicate search in SQL (PGlite)', rows, results };
}
