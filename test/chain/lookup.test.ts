import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryLookup, RegistryUnavailableError } from '../../src/registry/lookup.ts';
import { freePort } from '../../src/registry/node-chain.ts';
import { media, startTestChain, type TestChain, uniqueHash } from './chain.ts';

let t: TestChain;
beforeAll(async () => {
  t = await startTestChain();
});
afterAll(async () => {
  await t?.stop();
});

describe('createRegistryLookup', () => {
  it('returns exact matches with the lineage walked to the roots and the AI signal of a model', async () => {
    const dataset = await t.registry.register(media({ kind: 'dataset', title: 'Photos' }));
    const model = await t.registry.register(
      media({
        kind: 'model',
        title: 'Model',
        parents: [{ id: dataset.id, relation: 'TrainedOn', shareBps: 1000 }],
      }),
    );
    const sha256 = uniqueHash('output');
    await t.registry.register(
      media({
        contentHash: sha256,
        kind: 'output',
        parents: [{ id: model.id, relation: 'GeneratedBy', shareBps: 500 }],
      }),
    );
    const lookup = createRegistryLookup({
      rpcUrl: t.chain.rpcUrl,
      address: t.registry.address,
      chainId: t.chain.chainId,
    });
    const [match] = await lookup({ sha256, fingerprints: [] });
    const tree = match!.lineage.map((c) => [
      c.title,
      c.relationship,
      c.shareBps,
      c.credits.map((d) => [d.title, d.relationship, d.shareBps]),
    ]);
    expect(tree).toEqual([['Model', 'GeneratedBy', 500, [['Photos', 'TrainedOn', 1000]]]]);
    expect([match!.match, match!.chainId, match!.registry, match!.aiLineage]).toEqual([
      'exact',
      31337,
      t.registry.address,
      true,
    ]);
  });

  it('returns no matches for an unregistered hash', async () => {
    const lookup = createRegistryLookup({ rpcUrl: t.chain.rpcUrl, address: t.registry.address });
    expect(await lookup({ sha256: uniqueHash('nobody'), fingerprints: [] })).toEqual([]);
  });

  it('throws RegistryUnavailableError when nothing listens at the RPC URL', async () => {
    const port = await freePort();
    const lookup = createRegistryLookup({
      rpcUrl: `http://127.0.0.1:${port}`,
      address: t.registry.address,
      timeoutMs: 2000,
    });
    const error = await lookup({ sha256: uniqueHash(), fingerprints: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    const { shortMessage, details, hint } = error as RegistryUnavailableError;
    expect([shortMessage, hint]).toEqual([
      `The registry chain at http://127.0.0.1:${port} did not answer.`,
      'Start it with `provlens chain`, or point --rpc at a running node.',
    ]);
    expect(details).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('throws RegistryUnavailableError when the node serves another chain than configured', async () => {
    const lookup = createRegistryLookup({ rpcUrl: t.chain.rpcUrl, address: t.registry.address, chainId: 1 });
    const error = await lookup({ sha256: uniqueHash(), fingerprints: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    const { message, hint } = error as RegistryUnavailableError;
    expect([message, hint]).toEqual([
      `The node at ${t.chain.rpcUrl} serves chain 31337, not chain 1.`,
      'Check the RPC URL and chain id in the settings.',
    ]);
  });

  it('throws RegistryUnavailableError when no registry contract is at the address', async () => {
    const lookup = createRegistryLookup({ rpcUrl: t.chain.rpcUrl, address: t.wallets[9]!.address });
    const error = await lookup({ sha256: uniqueHash(), fingerprints: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    const { message, details, hint } = error as RegistryUnavailableError;
    expect([message, details, hint]).toEqual([
      "Could not look up hashes: the chain's answer could not be read.",
      undefined,
      'Is there a registry contract at this address on this chain? Check --registry and --rpc.',
    ]);
  });
});
