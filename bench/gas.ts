// Gas per registry operation and the cost of batched look-ups, on a fresh local anvil.
// Run: npx tsx bench/gas.ts
import { createHash } from 'node:crypto';
import { FetchRequest, JsonRpcProvider, Network, type TransactionReceipt, Wallet } from 'ethers';
import { type RegistrationInput, RegistryClient } from '../src/registry/client.ts';
import { anvilDevKey, startAnvil } from '../src/registry/node-chain.ts';
import { compileRegistry } from '../src/registry/node-compile.ts';

class CountingProvider extends JsonRpcProvider {
  requests = 0;
  roundTrips = 0;
  override async _send(payload: Parameters<JsonRpcProvider['_send']>[0]) {
    this.requests += Array.isArray(payload) ? payload.length : 1;
    this.roundTrips += 1;
    return super._send(payload);
  }
}

let counter = 0;
const hash = (): string => createHash('sha256').update(`bench:${counter++}`).digest('hex');
const media = (extra: Partial<RegistrationInput> = {}): RegistrationInput => ({
  contentHash: hash(),
  kind: 'media',
  creator: 'Bench Creator',
  uri: 'https://example.org/work',
  ...extra,
});

const chain = await startAnvil();
try {
  const provider = new JsonRpcProvider(new FetchRequest(chain.rpcUrl), Network.from(chain.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  const wallet = new Wallet(anvilDevKey(0), provider);
  const { client, txHash: deployTx } = await RegistryClient.deploy(wallet, compileRegistry());
  const gasOf = async (txHash: string): Promise<bigint> =>
    ((await provider.getTransactionReceipt(txHash)) as TransactionReceipt).gasUsed;
  const rows: [string, string][] = [['deploy registry', String(await gasOf(deployTx))]];

  const dataset = await client.register(media({ kind: 'dataset' }));
  rows.push(['register, no parents', String(await gasOf(dataset.txHash))]);
  const other = await client.register(media({ kind: 'dataset' }));
  const model = await client.register(
    media({
      kind: 'model',
      parents: [
        { id: dataset.id, relation: 'TrainedOn', shareBps: 2000 },
        { id: other.id, relation: 'TrainedOn', shareBps: 1000 },
      ],
    }),
  );
  rows.push(['register, 2 parents', String(await gasOf(model.txHash))]);
  const app = await client.register(
    media({ kind: 'application', parents: [{ id: model.id, relation: 'ComponentOf', shareBps: 2000 }] }),
  );
  const output = await client.register(
    media({
      kind: 'output',
      parents: [{ id: app.id, relation: 'GeneratedBy', shareBps: 3000 }],
      softBindings: [{ algorithm: 'pdq64', value: '9b2fe4a1c3d5e7f0' }],
    }),
  );
  rows.push(['register, 1 parent + pdq64 soft binding', String(await gasOf(output.txHash))]);
  const creator = new Wallet(anvilDevKey(5), provider);
  const relayed = await client.submitSignedRegistration(await client.signRegistration(creator, media()));
  rows.push(['register by EIP-712 signature (relayed)', String(await gasOf(relayed.txHash))]);

  const payment = await client.pay(output.id, 10n ** 16n);
  const depth = Math.max(...payment.steps.map((s) => s.depth));
  rows.push([
    `pay() across ${depth} levels (${payment.steps.length} steps)`,
    String(await gasOf(payment.txHash)),
  ]);
  const withdrawal = await client.withdraw();
  rows.push(['withdraw()', String(await gasOf(withdrawal.txHash))]);
  rows.push(['revoke()', String(await gasOf(await client.revoke(other.id)))]);
  rows.push([
    'dispute()',
    String(await gasOf(await client.dispute(app.id, 'https://example.org/dispute/1'))),
  ]);

  console.log('Gas per operation (anvil, optimizer 200 runs, viaIR)');
  for (const [name, gas] of rows) console.log(`  ${name.padEnd(46)} ${gas.padStart(9)}`);

  // Batched look-up: 100 hashes, half of them registered.
  const hashes: string[] = [];
  for (let i = 0; i < 100; i++) {
    const h = hash();
    hashes.push(h);
    if (i % 2 === 0) await client.register(media({ contentHash: h }));
  }
  const counting = new CountingProvider(new FetchRequest(chain.rpcUrl), Network.from(chain.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 50,
  });
  const reader = new RegistryClient(client.address, counting);
  const timed = async (label: string, run: () => Promise<unknown>): Promise<void> => {
    counting.requests = 0;
    counting.roundTrips = 0;
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    console.log(
      `  ${label.padEnd(46)} ${String(counting.requests).padStart(4)} RPC requests, ${String(counting.roundTrips).padStart(3)} round trips, ${ms.toFixed(1).padStart(7)} ms`,
    );
  };
  console.log('Look-ups');
  await reader.recordsByHashes(hashes.slice(0, 1)); // warm-up
  await timed('recordsByHashes(100 hashes), one eth_call', () => reader.recordsByHashes(hashes));
  await timed('100 separate idsByHash calls, sequential', async () => {
    for (const h of hashes) await reader.contract.getFunction('idsByHash')(`0x${h}`);
  });
  await timed('lookupMany(100 files, no fingerprints)', () =>
    reader.lookupMany(hashes.map((sha256) => ({ sha256, fingerprints: [] }))),
  );
  await timed('near search pdq64, threshold 8 (548 buckets)', () =>
    reader.findNearDuplicates('9b2fe4a1c3d5e7f0', { threshold: 8 }),
  );
  await timed('near search pdq64, threshold 12 (2788 buckets)', () =>
    reader.findNearDuplicates('9b2fe4a1c3d5e7f0', { threshold: 12 }),
  );
  counting.destroy();
  provider.destroy();
} finally {
  await chain.stop();
}
