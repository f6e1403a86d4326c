// The indexer's HTTP API (Hono, served by Ponder next to its own /health, /ready and /status):
//   POST /lookup    exact, near and lineage answers for a batch of contents, in one round trip
//   GET  /records/sha256/:hash, /records/:id/lineage, /near?algorithm=&value=&threshold=
//   GET  /progress  how far the index is behind the chain head
import { db, publicClients } from 'ponder:api';
import { dispute, fingerprintChunk, parentLink, record } from 'ponder:schema';
import { Hono } from 'hono';
import { asc, inArray, sql } from 'ponder';
import { getAddress } from 'viem';
import { RECORD_KINDS, RELATIONS, TRAINING_PERMISSIONS } from '../../../src/registry/encoding.ts';
import type { RegistryRecordView } from '../../../src/verdict/types.ts';
import { settings } from '../../settings.ts';
import { type NearRow, nearRows, nearSearchSql } from '../near.ts';

/** As the contract's reads: the oldest records per hash, the first disputes per record, lineage bounds. */
const MAX_READ_PER_HASH = 32;
const MAX_READ_DISPUTES = 16;
const LINEAGE_MAX_DEPTH = 16;
const MAX_QUERIES = 200;
const MAX_SEARCHES_PER_QUERY = 16;
const ZERO_HASH = `0x${'0'.repeat(64)}`;

class BadRequest extends Error {}

const app = new Hono();

app.onError((error, c) => {
  if (error instanceof BadRequest || error.name === 'RegistryInputError')
    return c.json({ error: error.message }, 400);
  return c.json({ error: error.message }, 500);
});

const ids = (list: readonly (string | bigint)[]): bigint[] => [...new Set(list.map((id) => BigInt(id)))];

/** Records by id, in the shape the contract's recordsByIds read takes in the client. */
async function views(idList: readonly bigint[]): Promise<Map<string, RegistryRecordView>> {
  const out = new Map<string, RegistryRecordView>();
  if (idList.length === 0) return out;
  const [rows, links, disputes] = await Promise.all([
    db
      .select()
      .from(record)
      .where(inArray(record.id, [...idList])),
    db
      .select()
      .from(parentLink)
      .where(inArray(parentLink.childId, [...idList]))
      .orderBy(asc(parentLink.childId), asc(parentLink.position)),
    db
      .select()
      .from(dispute)
      .where(inArray(dispute.recordId, [...idList]))
      .orderBy(asc(dispute.recordId), asc(dispute.position)),
  ]);
  for (const row of rows) {
    const view: RegistryRecordView = {
      id: row.id.toString(),
      kind: RECORD_KINDS[row.kind] ?? 'media',
      registrant: getAddress(row.registrant),
      creator: row.creator,
      uri: row.uri,
      contentHash: row.contentHash.slice(2).toLowerCase(),
      training: TRAINING_PERMISSIONS[row.training] ?? 'unspecified',
      time: new Date(Number(row.time) * 1000).toISOString(),
      revoked: row.revoked,
      disputes: [],
      title: row.title,
      parents: [],
      disputeCount: 0,
    };
    if (row.manifestHash !== ZERO_HASH) view.manifestHash = row.manifestHash.slice(2).toLowerCase();
    if (row.digitalSourceType !== '') view.digitalSourceType = row.digitalSourceType;
    out.set(view.id, view);
  }
  for (const link of links) {
    out.get(link.childId.toString())?.parents?.push({
      id: link.parentId.toString(),
      relation: RELATIONS[link.relation] ?? 'DerivedFrom',
      shareBps: link.shareBps,
    });
  }
  for (const d of disputes) {
    const view = out.get(d.recordId.toString());
    if (!view) continue;
    view.disputeCount = (view.disputeCount ?? 0) + 1;
    if (view.disputes.length < MAX_READ_DISPUTES) {
      view.disputes.push({
        by: getAddress(d.by),
        reasonUri: d.reasonUri,
        time: new Date(Number(d.time) * 1000).toISOString(),
      });
    }
  }
  return out;
}

async function recordsByHashes(hashes: readonly string[]): Promise<RegistryRecordView[][]> {
  const wanted = hashes.map(contentHash) as `0x${string}`[];
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ id: record.id, contentHash: record.contentHash })
    .from(record)
    .where(inArray(record.contentHash, [...new Set(wanted)]))
    .orderBy(asc(record.id));
  const byHash = new Map<string, bigint[]>();
  for (const row of rows) {
    const list = byHash.get(row.contentHash.toLowerCase()) ?? [];
    if (list.length < MAX_READ_PER_HASH) list.push(row.id);
    byHash.set(row.contentHash.toLowerCase(), list);
  }
  const found = await views(rows.map((r) => r.id));
  return wanted.map((h) => (byHash.get(h) ?? []).map((id) => found.get(id.toString())!).filter(Boolean));
}

/** Every ancestor of `start` (not `start` itself), up to the client's lineage depth. */
async function ancestors(start: readonly bigint[]): Promise<bigint[]> {
  if (start.length === 0) return [];
  const result = await db.execute(sql`
    WITH RECURSIVE up(id, depth) AS (
      SELECT parent_id, 1 FROM ${parentLink} WHERE child_id = ANY(${`{${start.join(',')}}`}::numeric[])
      UNION
      SELECT l.parent_id, up.depth + 1 FROM ${parentLink} l JOIN up ON l.child_id = up.id
      WHERE up.depth <= ${LINEAGE_MAX_DEPTH}
    )
    SELECT DISTINCT id::text AS id FROM up`);
  return rowsOf(result).map((row) => BigInt(String(row.id)));
}

async function nearSearch(query: {
  algorithm: string;
  value: string;
  threshold: number;
}): Promise<NearRow[]> {
  const result = await db.execute(nearSearchSql(sql`${fingerprintChunk}`, query));
  return nearRows(rowsOf(result), query.algorithm);
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  // node-postgres answers { rows }, PGlite too; both drivers sit behind Ponder's db.
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}

function contentHash(hash: unknown): string {
  const clean = String(hash).toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{64}$/.test(clean)) throw new BadRequest(`A SHA-256 is 64 hex digits, not "${hash}".`);
  return `0x${clean}`;
}

function threshold(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new BadRequest(`The threshold must be a whole number, not "${value}".`);
  return n;
}

async function latestCheckpoint(): Promise<string> {
  const rows = rowsOf(
    await db.execute(
      sql`SELECT latest_checkpoint FROM _ponder_checkpoint WHERE chain_id = ${settings.chainId}`,
    ),
  );
  return String(rows[0]?.latest_checkpoint ?? '');
}

async function progress() {
  const [head, checkpoint] = await Promise.all([
    publicClients.registry.getBlockNumber({ cacheTime: 0 }),
    latestCheckpoint(),
  ]);
  // Ponder's checkpoint string: 10 digits of block time, 16 of chain id, then 16 of block number.
  const indexed = checkpoint.length >= 42 ? Number(checkpoint.slice(26, 42)) : 0;
  const headBlock = Number(head);
  return {
    chainId: settings.chainId,
    registry: getAddress(settings.registry),
    indexedBlock: indexed,
    headBlock,
    blocksBehind: Math.max(0, headBlock - indexed),
  };
}

app.get('/progress', async (c) => c.json(await progress()));

app.get('/records/sha256/:hash', async (c) => {
  const [records] = await recordsByHashes([c.req.param('hash')]);
  return c.json({ records });
});

app.get('/records/:id/lineage', async (c) => {
  const id = c.req.param('id');
  if (!/^[1-9][0-9]*$/.test(id)) throw new BadRequest(`A record id is a positive whole number, not "${id}".`);
  const found = await views([BigInt(id), ...(await ancestors([BigInt(id)]))]);
  if (!found.has(id)) return c.json({ error: `Record ${id} is not indexed.` }, 404);
  return c.json({ record: found.get(id), ancestors: [...found.values()].filter((r) => r.id !== id) });
});

app.get('/near', async (c) => {
  const algorithm = c.req.query('algorithm') ?? 'pdq64';
  const candidates = await nearSearch({
    algorithm,
    value: c.req.query('value') ?? '',
    threshold: threshold(c.req.query('threshold') ?? '12'),
  });
  return c.json({ candidates });
});

interface LookupBody {
  threshold?: number;
  queries?: { sha256?: string; searches?: { algorithm?: string; value?: string }[] }[];
}

/**
 * One round trip for a batch: records of each hash, near candidates of each search, and every record
 * those answers need (near records and all their ancestors), so the client assembles matches offline.
 */
app.post('/lookup', async (c) => {
  const body = (await c.req.json().catch(() => undefined)) as LookupBody | undefined;
  if (!body || !Array.isArray(body.queries))
    throw new BadRequest('The body must be JSON with a "queries" list.');
  if (body.queries.length > MAX_QUERIES) throw new BadRequest(`At most ${MAX_QUERIES} queries per request.`);
  const limit = threshold(body.threshold ?? 12);
  const exact = await recordsByHashes(body.queries.map((q) => q.sha256 ?? ''));
  const near = await Promise.all(
    body.queries.map(async (q) => {
      const searches = q.searches ?? [];
      if (searches.length > MAX_SEARCHES_PER_QUERY)
        throw new BadRequest(`At most ${MAX_SEARCHES_PER_QUERY} searches per query.`);
      return Promise.all(
        searches.map((s) =>
          nearSearch({
            algorithm: String(s.algorithm ?? ''),
            value: String(s.value ?? ''),
            threshold: limit,
          }),
        ),
      );
    }),
  );
  const known = new Set(exact.flat().map((r) => r.id));
  const nearIds = ids(near.flat(2).map((n) => n.id)).filter((id) => !known.has(id.toString()));
  const start = ids([...known, ...nearIds.map(String)]);
  const more = await views(
    [...nearIds, ...(await ancestors(start))].filter((id) => !known.has(id.toString())),
  );
  return c.json({ exact, near, records: [...more.values()], progress: await progress() });
});

/**
 * PGlite runs no autovacuum, and Ponder never vacuums: its tables would never be marked all-visible, so a
 * near search would read every candidate row from the heap too (seconds instead of tens of milliseconds at
 * 1,000,000 fingerprints in bench/indexer.ts). Whenever the index has moved on, VACUUM the indexer's tables (cheap when little
 * changed), and ANALYZE them once the records grew by a tenth, as autovacuum would. PostgreSQL does this
 * itself, so only the embedded database gets it.
 */
let tidiedAt = '';
let analyzedRecords = 0;
let tidying = false;

async function tidy(): Promise<void> {
  if (tidying) return;
  tidying = true;
  try {
    const checkpoint = await latestCheckpoint();
    if (checkpoint === tidiedAt) return;
    const top = rowsOf(
      await db.execute(sql`SELECT coalesce(max(${record.id}), 0)::text AS top FROM ${record}`),
    );
    const records = Number(top[0]?.top ?? 0);
    const analyze = records > analyzedRecords * 1.1 + 50;
    await db.execute(
      sql`VACUUM ${analyze ? sql`(ANALYZE)` : sql``} ${record}, ${parentLink}, ${dispute}, ${fingerprintChunk}`,
    );
    tidiedAt = checkpoint;
    if (analyze) analyzedRecords = records;
  } catch {
    // Not ready yet or shutting down: the next round tries again, and look-ups are only slower meanwhile.
  } finally {
    tidying = false;
  }
}

if (!settings.databaseUrl) setInterval(() => void tidy(), settings.vacuumIntervalMs).unref();

export default app;
