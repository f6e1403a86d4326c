import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FetchRequest, JsonRpcProvider, Network, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.ts';
import { RegistryRejectedError } from '../../src/registry/errors.ts';
import { CREATE2_FACTORY, NETWORKS, REGISTRY_ADDRESS } from '../../src/registry/networks.ts';
import { anvilDevKey, type LocalChain, startAnvil } from '../../src/registry/node-chain.ts';
import { compileRegistry } from '../../src/registry/node-compile.ts';
import { deployRegistry, deterministicAddress } from '../../src/registry/node-deploy.ts';
import { media } from './chain.ts';
import { runProvlens } from './run-cli.ts';

// Two fresh chains that differ only in their chain id, as two public networks would.
let a: LocalChain;
let b: LocalChain;
let dir: string;
const providers: JsonRpcProvider[] = [];
const connect = (chain: LocalChain): JsonRpcProvider => {
  const provider = new JsonRpcProvider(new FetchRequest(chain.rpcUrl), Network.from(chain.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 100,
  });
  providers.push(provider);
  return provider;
};

beforeAll(async () => {
  [a, b] = await Promise.all([startAnvil({ chainId: 84532 }), startAnvil({ chainId: 11155420 })]);
  dir = mkdtempSync(path.join(tmpdir(), 'provlens-deploy-'));
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await Promise.all([a?.stop(), b?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one registry address on every chain', () => {
  it('networks.ts names the address the factory gives the current contract, on every network', () => {
    expect(deterministicAddress(compileRegistry().bytecode)).toBe(REGISTRY_ADDRESS);
    expect(NETWORKS.map((n) => [n.name, n.chainId, n.registry])).toEqual([
      ['sepolia', 11155111, REGISTRY_ADDRESS],
      ['base-sepolia', 84532, REGISTRY_ADDRESS],
      ['op-sepolia', 11155420, REGISTRY_ADDRESS],
      ['arbitrum-sepolia', 421614, REGISTRY_ADDRESS],
      ['local', 31337, REGISTRY_ADDRESS],
    ]);
  });

  it('two chains with different chain ids get the registry at the same address', async () => {
    const [onA, onB] = await Promise.all([
      deployRegistry(new Wallet(anvilDevKey(0), connect(a))),
      deployRegistry(new Wallet(anvilDevKey(1), connect(b))),
    ]);
    expect([onA.chainId, onA.address, onA.alreadyDeployed]).toEqual([84532, REGISTRY_ADDRESS, false]);
    expect([onB.chainId, onB.address, onB.alreadyDeployed]).toEqual([11155420, REGISTRY_ADDRESS, false]);
    expect(onA.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const receipt = await connect(a).getTransactionReceipt(onA.txHash!);
    expect(receipt!.to!.toLowerCase()).toBe(CREATE2_FACTORY);
  });

  it('a second deploy finds the registry, reports its deployment block and sends nothing', async () => {
    const provider = connect(a);
    const wallet = new Wallet(anvilDevKey(0), provider);
    const nonce = await provider.getTransactionCount(wallet.address);
    const again = await deployRegistry(wallet);
    const first = await provider.getTransactionReceipt(
      (await provider.getBlock(again.block!, false))!.transactions[0]!,
    );
    expect([again.alreadyDeployed, again.txHash, again.address]).toEqual([true, null, REGISTRY_ADDRESS]);
    expect(first!.to!.toLowerCase()).toBe(CREATE2_FACTORY);
    expect(await provider.getTransactionCount(wallet.address)).toBe(nonce);
  });

  it('the EIP-712 domain binds each chain: a signature made for one chain is refused on the other', async () => {
    const creator = new Wallet(anvilDevKey(7));
    const onA = new RegistryClient(REGISTRY_ADDRESS, new Wallet(anvilDevKey(0), connect(a)));
    const onB = new RegistryClient(REGISTRY_ADDRESS, new Wallet(anvilDevKey(0), connect(b)));
    const signed = await onA.signRegistration(creator.connect(connect(a)), media());
    const error = await onB.submitSignedRegistration(signed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryRejectedError);
    expect((error as RegistryRejectedError).reason).toBe('InvalidSignature');
    expect((await onA.submitSignedRegistration(signed)).registrant).toBe(creator.address);
  });
});

describe('provlens deploy', () => {
  it('deploys on a fresh chain, then says it is already there and sends nothing', async () => {
    const chain = await startAnvil({ chainId: 421614 });
    try {
      const keyFile = path.join(dir, 'deployer.key');
      writeFileSync(keyFile, `${anvilDevKey(3)}\n`);
      const args = ['deploy', '--network', 'arbitrum-sepolia', '--rpc', chain.rpcUrl, '--key-file', keyFile];
      const first = await runProvlens(args, dir);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        new RegExp(
          `^Deployed the registry at ${REGISTRY_ADDRESS} on Arbitrum Sepolia \\(chain 421614\\): block \\d+, transaction 0x[0-9a-f]{64}\\.\\n$`,
        ),
      );
      const block = /block (\d+)/.exec(first.stdout)![1];
      const second = await runProvlens(args, dir);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(
        `The registry is already deployed at ${REGISTRY_ADDRESS} on Arbitrum Sepolia (chain 421614) (block ${block}); nothing sent.\n`,
      );
    } finally {
      await chain.stop();
    }
  });

  it('refuses an RPC endpoint that serves another chain than the network named', async () => {
    const run = await runProvlens(['deploy', '--network', 'sepolia', '--rpc', a.rpcUrl], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `provlens: The RPC endpoint ${a.rpcUrl} serves chain 84532 (Base Sepolia), not Ethereum Sepolia (chain 11155111).\n` +
        'hint: Check --rpc, or pick the --network this endpoint belongs to.\n',
    );
  });

  it('names the known networks when given an unknown one', async () => {
    const run = await runProvlens(['deploy', '--network', 'mainnet', '--rpc', a.rpcUrl], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'provlens: Unknown network "mainnet"; use one of sepolia, base-sepolia, op-sepolia, arbitrum-sepolia, local.\n',
    );
  });

  it('verify --network looks files up on that network, and says so when the endpoint serves another chain', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const file = path.join(dir, 'plain.txt');
    writeFileSync(file, 'not media\n');
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'bin/provlens.js'),
        'verify',
        '--json',
        '--network',
        'sepolia',
        '--rpc',
        a.rpcUrl,
        file,
      ],
      { encoding: 'utf8', cwd: dir },
    );
    expect(run.status).toBe(0);
    const verdict = JSON.parse(run.stdout) as { trust: string; registryError: string };
    expect(verdict.trust).toBe('none');
    expect(verdict.registryError).toContain(
      `The RPC endpoint ${a.rpcUrl} serves chain 84532 (Base Sepolia), not Ethereum Sepolia (chain 11155111).`,
    );
  }, 120_000);
});
