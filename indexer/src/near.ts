// Near-duplicate search as multi-index hashing in SQL. Two 64-bit values within d bits of each other agree
// within floor(d / 4) bits on at least one of their four 16-bit chunks (pigeonhole), so the candidates are
// the rows of the chunk buckets within that radius; the full Hamming distance is then checked in SQL.
import { type SQL, sql } from 'drizzle-orm';
import { checkThreshold, nearBuckets, toUint64 } from '../../src/registry/encoding.ts';

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
  const buckets = `{${nearBuckets(target, Math.floor(query.threshold / 4)).join(',')}}`;
  const signed = toSigned64(target).toString();
  return sql`
    SELECT id, value, distance FROM (
      SELECT DISTINCT ON (record_id) record_id::text AS id, value::text AS value,
        bit_count((value # ${signed}::int8)::bit(64))::int AS distance
      FROM ${table}
      WHERE algorithm = ${query.algorithm} AND bucket = ANY(${buckets}::int[])
        AND bit_count((value # ${signed}::int8)::bit(64)) <= ${query.threshold}
      ORDER BY record_id, distance
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
