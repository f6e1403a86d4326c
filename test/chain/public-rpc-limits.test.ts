import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fingerprint } from '../../src/fingerprint/types.ts';
import { connectRpc, type LookupQuery, RegistryClient } from '../../src/registry/client.ts';
import { RegistryUnavailableError } from '../../src/registry/errors.ts';
import { classifyLogError } from '../../src/registry/log-reader.ts';
import { media, startTestChain, type TestChain, uniqueHash } from './chain.ts';
import { type LimitingProxy, startLimitingProxy } from './limiting-proxy.ts';

let t: TestChain;
let proxy: LimitingProxy;
const queries: LookupQuery[] = [];
let deployBlock = 0;

const probe = (value: string): Fingerprint => ({ algorithm: 'pdq64', value, bits: 64 });
const hexValueOf = (label: string): string => createHash('sha256').update(label).digest('hex').slice(0, 16);
/** `hex` with its lowest `bits` bits flipped. */
const near = (hex: string, bits: number): string =>
  (BigInt(`0x${hex}`) ^ ((1n << BigInt(bits)) - 1n)).toString(16).padStart(16, '0');

beforeAll(async () => {
  t = await startTestChain();
  deployBlock = await t.provider.getBlockNumber();
  // Records spread over ~3,300 blocks, so every read crosses several 1,000-block ranges (anvil mines
  // each block on its own, so more would only make the test slow).
  const dataset = await t.registry.register(media({ kind: 'dataset', title: 'Spread dataset' }));
  await t.provider.send('anvil_mine', ['0x44c']); // 1,100 blocks
  const model = await t.registry.register(
    media({
      kind: 'model',
      title: 'Spread model',
      parents: [{ id: dataset.id, relation: 'TrainedOn', shareBps: 1000 }],
      softBindings: [{ algorithm: 'pdq64', value: hexValueOf('model') }],
    }),
  );
  await t.provider.send('anvil_mine', ['0x44c']);
  for (let i = 0; i < 12; i++) {
    const sha256 = uniqueHash('page');
    const registered = i % 3 === 0;
    if (registered) {
      await t.registry.register(
        media({
          contentHash: sha256,
          kind: 'output',
          title: `Page image ${i}`,
          parents: [{ id: model.id, relation: 'GeneratedBy', shareBps: 500 }],
          softBindings: [{ algorithm: 'pdq64', value: hexValueOf(`page ${i}`) }],
        }),
      );
    }
    queries.push({ sha256, fingerprints: [probe(near(hexValueOf(`page ${i}`), i % 5))] });
  }
  await t.registry.dispute(dataset.id, 'https://example.org/disputes/spread');
  await t.provider.send('anvil_mine', ['0x44c']);
  // Copies of registered images whose bytes differ: found only by fingerprint.
  for (let i = 0; i < 38; i++) {
    queries.push({
      sha256: uniqueHash('copy'),
      fingerprints: [
        probe(i % 4 === 0 ? near(hexValueOf(`page ${3 * ((i / 4) % 4)}`), 3) : hexValueOf(`unrelated ${i}`)),
      ],
    });
  }
  proxy = await startLimitingProxy(t.chain.rpcUrl, {
    maxBlockRange: 1000,
    maxResults: 10,
    requestsPerWindow: 4,
    windowMs: 1000,
  });
}, 300_000);
afterAll(async () => {
  await proxy?.close();
  await t?.stop();
});

async function throughProxy(options: {
  maxBlockRange: number;
  budget?: { maxRequests: number; maxMs: number };
}) {
  const provider = await connectRpc(proxy.url, { chainId: t.chain.chainId, timeoutMs: 60_000 });
  return new RegistryClient(t.registry.address, provider, { fromBlock: deployBlock, ...options });
}

describe('look-ups through an endpoint with public limits (1,000 blocks, 10 results, 4 requests/s)', () => {
  it('a page of 50 images gets exactly the direct answer, splitting refused ranges and waiting out rate limits', async () => {
    const direct = new RegistryClient(t.registry.address, t.provider, { fromBlock: deployBlock });
    const expected = await direct.lookupMany(queries);
    // The page has exact matches with lineage, near matches and a disputed ancestor.
    expect(expected.map((m) => m.length).reduce((a, b) => a + b, 0)).toBeGreaterThan(8);
    expect(JSON.stringify(expected)).toContain('"registry.disputed"');

    proxy.reset();
    // Asking for 2,500 blocks at a time: the proxy refuses, the reader splits down to what it accepts.
    const client = await throughProxy({ maxBlockRange: 2500 });
    expect(await client.lookupMany(queries)).toEqual(expected);
    expect(proxy.refusals.range).toBeGreaterThan(0);
    expect(proxy.refusals.results).toBeGreaterThan(0);
    expect(proxy.refusals.rate).toBeGreaterThan(0);
    const first = proxy.methods.length;

    // Cached by block height: the same page again reads only what may have changed since.
    proxy.reset();
    expect(await client.lookupMany(queries)).toEqual(expected);
    // No new blocks: no log request at all; the head, the hashes, the near records and two lineage levels.
    expect(proxy.methods.filter((m) => m !== 'eth_chainId')).toEqual([
      'eth_blockNumber',
      'eth_call',
      'eth_call',
      'eth_call',
    ]);
    expect(first).toBeGreaterThan(proxy.methods.length);
  }, 120_000);

  it('with the network limit set to the endpoint limit, no range is refused', async () => {
    proxy.reset();
    const client = await throughProxy({ maxBlockRange: 1000 });
    await client.lookupMany(queries.slice(0, 5));
    expect(proxy.refusals.range).toBe(0);
  }, 120_000);

  it('a look-up that would need more requests than its budget stops with a clear error', async () => {
    const client = await throughProxy({ maxBlockRange: 1000, budget: { maxRequests: 4, maxMs: 60_000 } });
    const error = await client.lookupMany(queries.slice(0, 3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    const { message, details, hint } = error as RegistryUnavailableError;
    expect(message).toMatch(
      /^The registry look-up needed more than 4 requests to read logs of blocks \d+–\d+; it stopped there\.$/,
    );
    expect([details, hint]).toEqual([
      undefined,
      'The RPC endpoint allows only small log ranges; an indexer or another endpoint answers faster.',
    ]);
  }, 120_000);
});

describe('the answers public providers give, classified', () => {
  it('range, result-count and size refusals split; rate limits wait; anything else is an error', () => {
    const rpc = (code: number, message: string) => ({ error: { code, message } });
    expect(
      [
        rpc(-32602, 'eth_getLogs block range too large, range: 5000, max: 1000'),
        rpc(-32005, 'query returned more than 10000 results'),
        rpc(-32600, 'block range is too wide'),
        rpc(
          -32000,
          'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range',
        ),
        { response: { statusCode: 413, headers: {} } },
        rpc(-32005, 'limit exceeded'),
      ].map((e) => classifyLogError(e)?.kind),
    ).toEqual(['too-large', 'too-large', 'too-large', 'too-large', 'too-large', 'too-large']);
    expect(classifyLogError({ response: { statusCode: 429, headers: { 'retry-after': '3' } } })).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 3000,
    });
    expect(classifyLogError(rpc(-32005, 'rate limit exceeded'))).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 1000,
    });
    expect(classifyLogError(rpc(-32000, 'header not found'))).toBe(null);
  });
});
