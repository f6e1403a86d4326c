// Registry costs on a fresh local anvil: gas per operation, batched exact look-ups (RPC calls and time),
// and near-duplicate search as the number of registered fingerprints grows.
// Run: npx tsx bench/gas.ts   (part of `npm run bench`)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  Contract,
  ContractFactory,
  type ContractTransactionResponse,
  encodeBytes32String,
  FetchRequest,
  type InterfaceAbi,
  JsonRpcProvider,
  Network,
  type TransactionReceipt,
  Wallet,
} from 'ethers';
import { encodeRegistration, type RegistrationInput, RegistryClient } from '../src/registry/client.ts';
import { REGISTRATION_TYPES, typesWithoutDomain } from '../src/registry/encoding.ts';
import { anvilDevKey, startAnvil } from '../src/registry/node-chain.ts';
import { compileRegistry, compileSolidity } from '../src/registry/node-compile.ts';
import { type BenchSection, median } from './report.ts';

class CountingProvider extends JsonRpcProvider {
  requests = 0;
  roundTrips = 0;
  override async _send(payload: Parameters<JsonRpcProvider['_send']>[0]) {
    this.requests += Array.isArray(payload) ? payload.length : 1;
    this.roundTrips += 1;
    return super._send(payload);
  }
}

/** Fingerprint counts the near-duplicate search is measured at (BENCH_NEAR_SIZES=10000,100000). */
const NEAR_SIZES = (process.env.BENCH_NEAR_SIZES ?? '10000,100000').split(',').map(Number);
const PER_TX = 1000;
const TARGET = 0x9b2fe4a1c3d5e7f0n;

// Emits the registry's own SoftBindingChunk events in bulk. Its runtime code is swapped in at the
// registry's address for the bulk load (anvil_setCode) and the registry's code is put back after, so the
// logs come from the registry address exactly as register() would emit them, without 100k transactions.
const BULK_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract BulkSoftBindings {
    event SoftBindingChunk(bytes32 indexed algorithm, uint256 indexed bucket, uint256 indexed id, uint64 value);
    function emitMany(bytes32 algorithm, uint256 firstId, uint64[] calldata values) external {
        for (uint256 i = 0; i < values.length; i++) {
            for (uint256 position = 0; position < 4; position++) {
                uint256 chunk = (uint256(values[i]) >> (48 - 16 * position)) & 0xFFFF;
                emit SoftBindingChunk(algorithm, (position << 16) | chunk, firstId + i, values[i]);
            }
        }
    }
}`;

let counter = 0;
const hash = (): string => createHash('sha256').update(`bench:${counter++}`).digest('hex');
const media = (extra: Partial<RegistrationInput> = {}): RegistrationInput => ({
  contentHash: hash(),
  kind: 'media',
  creator: 'Bench Creator',
  uri: 'https://example.org/work',
  ...extra,
});

/** Deterministic 64-bit values; every 1000th is within 6 bits of TARGET so searches find something. */
function fingerprintValues(from: number, count: number): bigint[] {
  const out: bigint[] = [];
  for (let i = from; i < from + count; i++) {
    const h = BigInt(`0x${createHash('sha256').update(`fp:${i}`).digest('hex').slice(0, 16)}`);
    if (i % 1000 === 0) {
      let near = TARGET;
      for (let b = 0; b < 6; b++) near ^= 1n << ((h >> BigInt(b * 6)) & 63n);
      out.push(near);
    } else out.push(h);
  }
  return out;
}

// The last commit whose registry kept every text in storage: its gas is measured in the same run as "before".
const BASELINE_COMMIT = 'c98c156';

function registrySourceAt(commit: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${commit}:src/registry/ProvenanceRegistry.sol`], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

/**
 * Gas of each registry operation for a compiled registry, through the plain ABI (the registration input and
 * the EIP-712 message are the same in every version measured), so two layouts compare on equal calls.
 */
async function gasTable(
  provider: JsonRpcProvider,
  wallet: Wallet,
  compiled: { abi: InterfaceAbi; bytecode: string },
): Promise<{ gas: Record<string, number>; address: string; block: number }> {
  const deployed = await new ContractFactory(compiled.abi, compiled.bytecode, wallet).deploy();
  const deployReceipt = (await deployed.deploymentTransaction()!.wait()) as TransactionReceipt;
  const address = await deployed.getAddress();
  const registry = new Contract(address, compiled.abi, wallet);
  const registeredTopic = registry.interface.getEvent('Registered')!.topicHash;
  const gas: Record<string, number> = { 'deploy registry': Number(deployReceipt.gasUsed) };
  const send = async (label: string | null, run: () => Promise<ContractTransactionResponse>) => {
    const receipt = (await (await run()).wait()) as TransactionReceipt;
    if (label) gas[label] = Number(receipt.gasUsed);
    return receipt;
  };
  const register = async (label: string | null, input: RegistrationInput): Promise<string> => {
    const receipt = await send(label, () => registry.getFunction('register')(encodeRegistration(input)));
    const log = receipt.logs.find((l) => l.topics[0] === registeredTopic)!;
    return BigInt(log.topics[1]!).toString();
  };
  const dataset = await register('register, no parents', media({ kind: 'dataset' }));
  const other = await register(null, media({ kind: 'dataset' }));
  const model = await register(
    'register, 2 parents',
    media({
      kind: 'model',
      parents: [
        { id: dataset, relation: 'TrainedOn', shareBps: 2000 },
        { id: other, relation: 'TrainedOn', shareBps: 1000 },
      ],
    }),
  );
  const app = await register(
    null,
    media({ kind: 'application', parents: [{ id: model, relation: 'ComponentOf', shareBps: 2000 }] }),
  );
  await register(
    'register, pdq64 soft binding (4 chunk events)',
    media({ softBindings: [{ algorithm: 'pdq64', value: '9b2fe4a1c3d5e7f0' }] }),
  );
  const output = await register(
    'register, 1 parent + pdq64 soft binding',
    media({
      kind: 'output',
      parents: [{ id: app, relation: 'GeneratedBy', shareBps: 3000 }],
      softBindings: [{ algorithm: 'pdq64', value: '9b2fe4a1c3d5e7f1' }],
    }),
  );
  const creator = new Wallet(anvilDevKey(5), provider);
  const input = media();
  const encoded = encodeRegistration(input);
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
  const nonce = (await registry.getFunction('nonces')(creator.address)) as bigint;
  const domain = {
    name: 'ProvenanceRegistry',
    version: '1',
    chainId: (await provider.getNetwork()).chainId,
    verifyingContract: address,
  };
  const signature = await creator.signTypedData(domain, typesWithoutDomain(REGISTRATION_TYPES), {
    registrant: creator.address,
    ...encoded,
    nonce,
    deadline,
  });
  await send('register by EIP-712 signature (relayed)', () =>
    registry.getFunction('registerWithSignature')(encoded, creator.address, deadline, signature),
  );
  const paid = await send(null, () => registry.getFunction('pay')(output, { value: 10n ** 16n }));
  const steps = paid.logs
    .map((l) => registry.interface.parseLog(l))
    .filter((l) => l?.name === 'Forwarded' || l?.name === 'Credited');
  const depth = Math.max(...steps.map((l) => Number(l!.args.depth)));
  gas[`pay() across ${depth} levels (${steps.length} steps)`] = Number(paid.gasUsed);
  await send('withdraw()', () => registry.getFunction('withdraw')());
  await send('revoke()', () => registry.getFunction('revoke')(other));
  await send('dispute()', () => registry.getFunction('dispute')(app, 'https://example.org/dispute/1'));
  return { gas, address, block: deployReceipt.blockNumber };
}

export async function benchRegistry(): Promise<BenchSection> {
  const chain = await startAnvil();
  const rows: string[][] = [];
  const results: Record<string, unknown> = {};
  try {
    const provider = new JsonRpcProvider(new FetchRequest(chain.rpcUrl), Network.from(chain.chainId), {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    const wallet = new Wallet(anvilDevKey(0), provider);
    const after = await gasTable(provider, wallet, compileRegistry());
    const baselineSource = registrySourceAt(BASELINE_COMMIT);
    const before = baselineSource
      ? await gasTable(
          provider,
          wallet,
          compileSolidity({ 'ProvenanceRegistry.sol': baselineSource }).ProvenanceRegistry!,
        )
      : undefined;
    for (const [label, used] of Object.entries(after.gas)) {
      const old = before?.gas[label];
      const change = old
        ? `before ${old.toLocaleString('en')} (${(((used - old) / old) * 100).toFixed(0)}%)`
        : 'before: not measured';
      rows.push([
        `gas: ${label}`,
        used.toLocaleString('en'),
        change,
        label === 'register, no parents' ? '≤ 120,000' : '',
      ]);
    }
    results.gas = after.gas;
    results.gasBefore = before ? { commit: BASELINE_COMMIT, ...before.gas } : null;
    const client = new RegistryClient(after.address, wallet, { fromBlock: after.block });

    // Batched exact look-up: 100 hashes, half of them registered; baseline: one call per hash.
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
    const reader = new RegistryClient(client.address, counting, { fromBlock: client.fromBlock });
    const timed = async (run: () => Promise<unknown>, rounds = 5) => {
      const times: number[] = [];
      let requests = 0;
      let roundTrips = 0;
      for (let i = 0; i < rounds; i++) {
        counting.requests = 0;
        counting.roundTrips = 0;
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
        requests = counting.requests;
        roundTrips = counting.roundTrips;
      }
      return { ms: median(times), requests, roundTrips };
    };
    // The first read also fetches the records' Registered events; later reads of the same records do not.
    counting.requests = 0;
    counting.roundTrips = 0;
    await reader.recordsByHashes(hashes);
    const cold = { requests: counting.requests, roundTrips: counting.roundTrips };
    const batched = await timed(() => reader.recordsByHashes(hashes));
    const separate = await timed(async () => {
      for (const h of hashes) await reader.contract.getFunction('idsByHash')(`0x${h}`);
    }, 3);
    const many = await timed(() => reader.lookupMany(hashes.map((sha256) => ({ sha256, fingerprints: [] }))));
    rows.push(
      [
        'exact look-up of 100 hashes (recordsByHashes)',
        `${batched.ms.toFixed(1)} ms`,
        `${batched.requests} RPC request(s), ${batched.roundTrips} round trip(s) (first read: ${cold.requests} requests, ${cold.roundTrips} round trips, events included); ${(separate.ms / batched.ms).toFixed(0)}× faster than 100 sequential idsByHash calls (${separate.ms.toFixed(0)} ms)`,
        '',
      ],
      [
        'lookupMany(100 files, no fingerprints)',
        `${many.ms.toFixed(1)} ms`,
        `${many.requests} RPC request(s), ${many.roundTrips} round trip(s)`,
        '',
      ],
    );
    results.exactLookup = { cold, batched, separate, lookupMany: many };

    // Near-duplicate search as the registry grows.
    const bulk = compileSolidity({ 'BulkSoftBindings.sol': BULK_SOURCE }).BulkSoftBindings;
    if (!bulk) throw new Error('BulkSoftBindings did not compile');
    const helper = await new ContractFactory(bulk.abi, bulk.bytecode, wallet).deploy();
    await helper.waitForDeployment();
    const helperCode = await provider.send('eth_getCode', [await helper.getAddress(), 'latest']);
    const registryCode = await provider.send('eth_getCode', [client.address, 'latest']);
    const emitter = new Contract(client.address, bulk.abi, wallet);
    const algorithm = encodeBytes32String('pdq64');
    const near: Record<string, unknown>[] = [];
    let loaded = 0;
    let loadMs = 0;
    for (const size of NEAR_SIZES) {
      const t0 = performance.now();
      await provider.send('anvil_setCode', [client.address, helperCode]);
      try {
        let nonce = await wallet.getNonce();
        const pending: Promise<unknown>[] = [];
        for (let at = loaded; at < size; at += PER_TX) {
          const values = fingerprintValues(at, Math.min(PER_TX, size - at));
          const tx = await emitter.getFunction('emitMany')(algorithm, 1_000_000 + at, values, {
            nonce: nonce++,
            gasLimit: 29_000_000,
          });
          pending.push(tx.wait());
        }
        await Promise.all(pending);
      } finally {
        await provider.send('anvil_setCode', [client.address, registryCode]);
      }
      loadMs += performance.now() - t0;
      loaded = size;
      for (const threshold of [8, 12]) {
        let found = 0;
        const search = await timed(async () => {
          found = (await reader.findNearDuplicates(TARGET.toString(16), { threshold })).length;
        }, 3);
        near.push({ fingerprints: size, threshold, found, ...search });
        rows.push([
          `near search, ${size.toLocaleString('en')} fingerprints, threshold ${threshold}`,
          `${search.ms.toFixed(0)} ms`,
          `${found} within ${threshold} bits; ${search.requests} eth_getLogs, ${search.roundTrips} round trip(s)`,
          '',
        ]);
      }
    }
    const [small, large] = [near.find((n) => n.threshold === 8), near.findLast((n) => n.threshold === 8)];
    if (small && large && small !== large) {
      const growth = (large.ms as number) / (small.ms as number);
      const sizeGrowth = (large.fingerprints as number) / (small.fingerprints as number);
      rows.push([
        'near search growth (threshold 8)',
        `${growth.toFixed(1)}× time`,
        `for ${sizeGrowth}× fingerprints`,
        '',
      ]);
      results.nearGrowth = growth;
    }
    rows.push([
      'bulk load of fingerprints',
      `${(loadMs / 1000).toFixed(0)} s`,
      `${loaded.toLocaleString('en')} soft bindings as registry events, ${PER_TX} per tx (anvil_setCode swap)`,
      '',
    ]);
    results.near = near;
    counting.destroy();
    provider.destroy();
  } finally {
    await chain.stop();
  }
  return { title: 'Registry (anvil)', rows, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report.ts');
  printTable([await benchRegistry()]);
}
