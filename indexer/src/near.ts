// Near-duplicate search as multi-index hashing in SQL. If two 64-bit values differ in at most d bits and
// chunk i is given radius r_i with sum(r_i + 1) > d, then some chunk i differs in at most r_i bits
// (pigeonhole), so the candidates are the rows of the chunk buckets within those radii; the full Hamming
// distance is then checked in SQL. Uneven radii (3,2,2,2 for d = 12) probe 1,108 buckets instead of the
// 2,788 of floor(d / 4) = 3 everywhere, with the same answers.
import { type SQL, sql } from 'drizzle-orm';
import { checkThreshold, chunkNeighbours, toUint64 } from '../../src/registry/encoding.ts';

const TWO_64 = 1n << 64n;

/** A uint64 as the signed int8 PostgreSQL stores (two's complement, same bits). */
export function toSigned64(value: bigint): bigint {
  return value >= 1n << 63n ? value - TWO_64 : value;
}

/** 16 hex digits of a value read back from an int8 column. */
export function unsignedHex(value: bigint | string | number): string {
  const n = BigInt(value);
  return (n < 0n ? n + TWO_64 : n).toString(16).padStart(16, '0');
}

/** Per-chunk radii for threshold d: as even as possible, with sum(r_i + 1) = d + 1 (the least that is exact). */
export function chunkRadii(threshold: number): number[] {
  const slots = Math.max(threshold + 1, 4);
  return [0, 1, 2, 3].map((i) => Math.floor(slots / 4) + (i < slots % 4 ? 1 : 0) - 1);
}

/** The chunk buckets (position << 16 | chunk) to probe for `value` within `threshold` bits. */
export function probeBuckets(value: bigint, threshold: number): number[] {
  const radii = chunkRadii(threshold);
  const buckets: number[] = [];
  for (let position = 0; position < 4; position++) {
    const chunk = Number((value >> BigInt(48 - 16 * position)) & 0xffffn);
    for (const neighbour of chunkNeighbours(chunk, radii[position]!))
      buckets.push((position << 16) | neighbour);
  }
  return buckets;
}

export interface NearQuery {
  algorithm: string;
  /** 16 hex digits. */
  value: string;
  threshold: number;
}

export interface NearRow {
  id: string;
  algorithm: string;
  value: string;
  distance: number;
}

/**
 * The SQL of one near search over `table` (columns algorithm, bucket, value, record_id): one row per
 * record, its closest value, ordered by distance then id (the order the log search returns).
 */
export function nearSearchSql(table: SQL, query: NearQuery): SQL {
  checkThreshold(query.threshold);
  const target = toUint64(query.value, `${query.algorithm} value`);
  const buckets = `{${probeBuckets(target, query.threshold).join(',')}}`;
  const signed = toSigned64(target).toString();
  // A join with the unnested bucket list, not `bucket = ANY(...)`: the planner's per-element estimates of a
  // thousand-element ANY cost more than the search itself on large tables.
  return sql`
    SELECT id, value, distance FROM (
      SELECT DISTINCT ON (c.record_id) c.record_id::text AS id, c.value::text AS value,
        bit_count((c.value # ${signed}::int8)::bit(64))::int AS distance
      FROM unnest(${buckets}::int[]) AS probe(bucket)
      JOIN ${table} AS c ON c.algorithm = ${query.algorithm} AND c.bucket = probe.bucket
      WHERE bit_count((c.value # ${signed}::int8)::bit(64)) <= ${query.threshold}
      ORDER BY c.record_id, distance
    ) AS best
    ORDER BY distance, id::numeric`;
}

/** Rows of nearSearchSql as the log search's candidates. */
export function nearRows(rows: readonly Record<string, unknown>[], algorithm: string): NearRow[] {
  return rows.map((row) => ({
    id: String(row.id),
    algorithm,
    value: unsignedHex(row.value as string),
    distance: Number(row.distance),
  }));
}
