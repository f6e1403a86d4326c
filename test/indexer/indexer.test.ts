// The registry indexer (Ponder on embedded PGlite) against a real anvil chain: it must give the same
// answers as the chain's own reads and eth_getLogs search, follow revocations and disputes, catch up
// after a restart and say how far behind the chain head it is.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningIndexer, startIndexer } from '../../indexer/launch.ts';
import type { LookupQuery } from '../../src/registry/client.ts';
import { IndexerClient, preferIndexer } from '../../src/registry/indexer-client.ts';
import { freePort } from '../../src/registry/node-chain.ts';
import { media, startTestChain, type TestChain, uniqueHash } from '../chain/chain.ts';

let t: TestChain;
let dataDir: string;
let indexer: RunningIndexer | undefined;
const ids: Record<string, string> = {};
const base = 0x9b2fe4a1c3d5e7f0n;

/** `base` with the given bit positions flipped, as 16 hex digits. */
function flip(value: bigint, bits: number[]): string {
  let v = value;
  for (const b of bits) v ^= 1n << BigInt(b);
  return v.toString(16).padStart(16, '0');
}

/** Deterministic pseudo-random bit positions (mulberry32), so a failure can be replayed. */
function randomBits(seed: number, count: number): number[] {
  let s = seed;
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const bits = new Set<number>();
  while (bits.size < count) bits.add(Math.floor(next() * 64));
  return [...bits];
}

const start = (extra: Partial<Parameters<typeof startIndexer>[0]> = {}) =>
  startIndexer({
    rpcUrl: t.chain.rpcUrl,
    registry: t.registry.address,
    chainId: t.chain.chainId,
    startBlock: 0,
    pgliteDir: dataDir,
    pollingIntervalMs: 100,
    logLevel: 'info',
    ...extra,
  });

beforeAll(async () => {
  t = await startTestChain();
  dataDir = await mkdtemp(path.join(tmpdir(), 'provlens-index-'));
  const dataset = await t.registry.register(
    media({ kind: 'dataset', title: 'Open Landscapes', creator: 'Collective', training: 'allowed' }),
  );
  const model = await t.as(t.wallets[1]!).register(
    media({
      kind: 'model',
      title: 'Landscape Diffusion',
      parents: [{ id: dataset.id, relation: 'TrainedOn', shareBps: 3000 }],
    }),
  );
  const output = await t.as(t.wallets[2]!).register(
    media({
      kind: 'output',
      title: 'Generated landscape',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      manifestHash: uniqueHash('manifest'),
      parents: [{ id: model.id, relation: 'GeneratedBy', shareBps: 2500 }],
      softBindings: [
        { algorithm: 'pdq64', value: flip(base, [1, 20, 40]) },
        { algorithm: 'pdq64-centre', value: flip(base, [2, 3]) },
      ],
    }),
  );
  Object.assign(ids, { dataset: dataset.id, model: model.id, output: output.id });
  // Fingerprints at known distances from `base`, and random ones around it (distances 0..20).
  const variants: Record<string, number[]> = {
    same: [],
    d8: [0, 1, 16, 17, 32, 33, 48, 49],
    d12: [0, 1, 2, 16, 17, 18, 32, 33, 34, 48, 49, 50],
    d13: [0, 1, 2, 3, 16, 17, 18, 32, 33, 34, 48, 49, 50],
  };
  for (let i = 0; i < 24; i++) variants[`random${i}`] = randomBits(1000 + i, i % 21);
  for (const [name, bits] of Object.entries(variants)) {
    ids[name] = (
      await t.registry.register(
        media({ title: name, softBindings: [{ algorithm: 'pdq64', value: flip(base, bits) }] }),
      )
    ).id;
  }
  ids.other = (
    await t.registry.register(
      media({ title: 'other', softBindings: [{ algorithm: 'other64', value: flip(base, []) }] }),
    )
  ).id;
  indexer = await start();
  // Ponder's first start builds its project and opens PGlite: minutes on a loaded machine.
  await indexer.ready(360_000);
  await indexer.caughtUp(await t.provider.getBlockNumber());
}, 480_000);

afterAll(async () => {
  await indexer?.stop();
  await t?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const queries = async (): Promise<LookupQuery[]> => {
  const [output] = await t.registry.recordsByIds([ids.output!]);
  return [
    { sha256: output!.contentHash, fingerprints: [] },
    {
      sha256: uniqueHash('unregistered'),
      fingerprints: [{ algorithm: 'pdq64', value: flip(base, [5]), bits: 64 }],
    },
    {
      sha256: uniqueHash('unregistered'),
      fingerprints: [
        { algorithm: 'pdq64', value: flip(base, [60, 61]), bits: 64 },
        { algorithm: 'pdq64-trimmed', value: flip(base, [2, 3, 9]), bits: 64 },
      ],
    },
    {
      sha256: uniqueHash('unregistered'),
      fingerprints: [{ algorithm: 'pdq64', value: 'ffffffffffffffff', bits: 64 }],
    },
  ];
};

describe('registry indexer', () => {
  it('answers look-ups exactly as the chain does: exact, near and lineage', async () => {
    const q = await queries();
    const fromChain = await t.registry.lookupMany(q);
    const fromIndex = await indexer!.client.lookupMany(q);
    expect(fromIndex).toEqual(fromChain);
    // And the answers are the expected ones, not just equal.
    const exact = fromIndex[0]!;
    expect(exact.map((m) => [m.match, m.record.id, m.record.title])).toEqual([
      ['exact', ids.output, 'Generated landscape'],
    ]);
    expect(exact[0]!.lineage.map((c) => [c.title, c.relationship, c.credits.map((p) => p.title)])).toEqual([
      ['Landscape Diffusion', 'GeneratedBy', ['Open Landscapes']],
    ]);
    expect(exact[0]!.aiLineage).toBe(true);
    const near = fromIndex[1]!.filter((m) => ['same', 'output', 'd8'].includes(nameOf(m.record.id)));
    expect(near.map((m) => [nameOf(m.record.id), m.distance])).toEqual([
      ['same', 1],
      ['output', 3],
      ['d8', 9],
    ]);
    expect(fromIndex[3]).toEqual([]);
  });

  it('finds the same near duplicates as the eth_getLogs search at every threshold', async () => {
    const probes = [
      flip(base, []),
      flip(base, [7, 23, 39, 55]),
      flip(base, randomBits(7, 6)),
      '0000000000000000',
    ];
    for (const threshold of [0, 3, 4, 8, 12, 15]) {
      for (const value of probes) {
        const fromLogs = await t.registry.findNearDuplicates(value, { threshold });
        const response = await fetch(
          `${indexer!.url}/near?algorithm=pdq64&value=${value}&threshold=${threshold}`,
        );
        const { candidates } = (await response.json()) as { candidates: unknown[] };
        expect({ threshold, value, candidates }).toEqual({ threshold, value, candidates: fromLogs });
      }
    }
    const d12 = await t.registry.findNearDuplicates(flip(base, []), { threshold: 12 });
    expect(d12.map((c) => nameOf(c.id))).toContain('d12');
    expect(d12.map((c) => nameOf(c.id))).not.toContain('d13');
  });

  it('serves a record with its whole lineage and look-ups by SHA-256', async () => {
    const lineage = (await (await fetch(`${indexer!.url}/records/${ids.output}/lineage`)).json()) as {
      record: { title: string };
      ancestors: { id: string }[];
    };
    expect(lineage.record.title).toBe('Generated landscape');
    expect(lineage.ancestors.map((r) => r.id).sort()).toEqual([ids.dataset, ids.model].sort());
    const [dataset] = await t.registry.recordsByIds([ids.dataset!]);
    const bySha = (await (await fetch(`${indexer!.url}/records/sha256/${dataset!.contentHash}`)).json()) as {
      records: unknown[];
    };
    expect(bySha.records).toEqual([dataset]);
    const bad = await fetch(`${indexer!.url}/records/sha256/not-a-hash`);
    expect([bad.status, await bad.json()]).toEqual([
      400,
      { error: 'A SHA-256 is 64 hex digits, not "not-a-hash".' },
    ]);
  });

  it('reflects revocations and disputes', async () => {
    await t.registry.revoke(ids.same!);
    await t.as(t.wallets[3]!).dispute(ids.output!, 'https://example.org/dispute/1');
    await t.as(t.wallets[4]!).dispute(ids.output!, 'https://example.org/dispute/2');
    await indexer!.caughtUp(await t.provider.getBlockNumber());
    const q = await queries();
    const fromIndex = await indexer!.client.lookupMany(q);
    expect(fromIndex).toEqual(await t.registry.lookupMany(q));
    const output = fromIndex[0]![0]!.record;
    expect([output.disputeCount, output.disputes.map((d) => d.reasonUri)]).toEqual([
      2,
      ['https://example.org/dispute/1', 'https://example.org/dispute/2'],
    ]);
    expect(fromIndex[1]!.find((m) => m.record.id === ids.same)?.record.revoked).toBe(true);
  });

  it('falls back to the chain when the indexer is down or too slow', async () => {
    const q = await queries();
    const fromChain = await t.registry.lookupMany(q);
    const closed = new IndexerClient(`http://127.0.0.1:${await freePort()}`);
    const reasons: string[] = [];
    const noted = (error: unknown) => reasons.push((error as Error).message);
    expect(await preferIndexer(closed, t.registry, noted).lookupMany(q)).toEqual(fromChain);
    // An indexer that accepts the request and never answers: the look-up moves on after its timeout.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const slow = new IndexerClient(`http://127.0.0.1:${port}`, { timeoutMs: 300 });
    const started = Date.now();
    expect(await preferIndexer(slow, t.registry, noted).lookupMany(q)).toEqual(fromChain);
    expect(Date.now() - started).toBeLessThan(5000);
    silent.closeAllConnections();
    silent.close();
    expect(reasons[0]).toMatch(/^The indexer at http:\/\/127\.0\.0\.1:\d+ did not answer \(/);
    expect(reasons[1]).toBe(
      `The indexer at http://127.0.0.1:${port} did not answer (no answer within 0.3 s).`,
    );
    // An indexer of another registry is refused rather than trusted.
    const other = new IndexerClient(indexer!.url, { expect: { address: t.wallets[9]!.address } });
    await expect(other.lookupMany(q)).rejects.toThrow(`follows the registry at ${t.registry.address}, not`);
  });
  it('catches up after a restart and says how far behind the chain head it is', async () => {
    await indexer!.stop();
    const late = await t.registry.register(
      media({
        title: 'registered while the indexer was down',
        softBindings: [{ algorithm: 'pdq64', value: flip(base, [33]) }],
      }),
    );
    await t.registry.revoke(ids.d8!);
    const head = await t.provider.getBlockNumber();
    const lagging = await laggingRpc(t.chain.rpcUrl);
    try {
      indexer = await start({ rpcUrl: lagging.url });
      await indexer.ready(360_000);
      expect((await indexer.caughtUp(head)).indexedBlock).toBeGreaterThanOrEqual(head);
      const q: LookupQuery[] = [
        {
          sha256: uniqueHash('probe'),
          fingerprints: [{ algorithm: 'pdq64', value: flip(base, [33]), bits: 64 }],
        },
      ];
      const fromIndex = await indexer.client.lookupMany(q);
      expect(fromIndex).toEqual(await t.registry.lookupMany(q));
      expect(fromIndex[0]!.map((m) => m.record.id)).toContain(late.id);
      expect(fromIndex[0]!.find((m) => m.record.id === ids.d8)?.record.revoked).toBe(true);

      // The indexer's node stops showing new blocks while the chain goes on for 5 more.
      const frozenAt = await t.provider.getBlockNumber();
      await indexer.caughtUp(frozenAt);
      lagging.freeze(frozenAt);
      await t.provider.send('anvil_mine', ['0x5']);
      await new Promise((resolve) => setTimeout(resolve, 600)); // several polls of the indexer
      expect(await indexer.client.progress()).toEqual({
        chainId: t.chain.chainId,
        registry: t.registry.address,
        indexedBlock: frozenAt,
        headBlock: frozenAt + 5,
        blocksBehind: 5,
      });
      lagging.freeze(undefined);
      expect((await indexer.caughtUp(frozenAt + 5)).blocksBehind).toBe(0);
    } finally {
      await indexer?.stop();
      await lagging.close();
    }
  }, 480_000);
});

/**
 * A JSON-RPC proxy that can pretend the chain stopped at a block: "latest" block reads answer that block,
 * as a lagging node would. eth_blockNumber still passes through, so the real head stays visible.
 */
interface RpcCall {
  method: string;
  params?: unknown[];
}

async function laggingRpc(target: string) {
  let frozen: number | undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = JSON.parse(Buffer.concat(chunks).toString()) as RpcCall | RpcCall[];
    for (const call of Array.isArray(payload) ? payload : [payload]) {
      if (frozen !== undefined && call.method === 'eth_getBlockByNumber' && call.params?.[0] === 'latest')
        call.params[0] = `0x${frozen.toString(16)}`;
    }
    const body = JSON.stringify(payload);
    const answer = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    freeze(block: number | undefined) {
      frozen = block;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function nameOf(id: string): string {
  return Object.entries(ids).find(([, v]) => v === id)?.[0] ?? `#${id}`;
}
