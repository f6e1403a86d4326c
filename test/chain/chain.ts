// One anvil per test file, with a freshly deployed registry and funded dev-account wallets.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Contract, ContractFactory, FetchRequest, JsonRpcProvider, Network, Wallet } from 'ethers';
import { type RegistrationInput, RegistryClient } from '../../src/registry/client.ts';
import { anvilDevKey, type LocalChain, startAnvil } from '../../src/registry/node-chain.ts';
import { type CompiledContract, compileRegistry, compileSolidity } from '../../src/registry/node-compile.ts';

export interface TestChain {
  chain: LocalChain;
  provider: JsonRpcProvider;
  /** anvil dev accounts 0..9. */
  wallets: Wallet[];
  /** The registry, sending from wallets[0]. */
  registry: RegistryClient;
  compiled: CompiledContract;
  /** The registry client acting as `wallet`. */
  as(wallet: Wallet): RegistryClient;
  stop(): Promise<void>;
}

/** A provider that counts JSON-RPC requests (each request of a batch counts once). */
export class CountingProvider extends JsonRpcProvider {
  requests: string[] = [];
  override async _send(payload: Parameters<JsonRpcProvider['_send']>[0]) {
    for (const p of Array.isArray(payload) ? payload : [payload]) this.requests.push(p.method);
    return super._send(payload);
  }
}

export function countingProvider(rpcUrl: string, chainId: number): CountingProvider {
  return new CountingProvider(new FetchRequest(rpcUrl), Network.from(chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 50,
  });
}

export async function startTestChain(): Promise<TestChain> {
  const chain = await startAnvil();
  const provider = new JsonRpcProvider(new FetchRequest(chain.rpcUrl), Network.from(chain.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 100,
  });
  const wallets = Array.from({ length: 10 }, (_, i) => new Wallet(anvilDevKey(i), provider));
  const compiled = compileRegistry();
  const { client } = await RegistryClient.deploy(wallets[0]!, compiled);
  return {
    chain,
    provider,
    wallets,
    registry: client,
    compiled,
    as: (wallet) => client.connect(wallet),
    stop: async () => {
      provider.destroy();
      await chain.stop();
    },
  };
}

const testContracts = (): Record<string, CompiledContract> =>
  compileSolidity({
    'TestWallet.sol': readFileSync(new URL('./contracts/TestWallet.sol', import.meta.url), 'utf8'),
    'ReentrantReceiver.sol': readFileSync(
      new URL('./contracts/ReentrantReceiver.sol', import.meta.url),
      'utf8',
    ),
  });

/** Deploys a test contract from test/chain/contracts. */
export async function deployTestContract(
  name: 'TestWallet' | 'ReentrantReceiver',
  deployer: Wallet,
  ...args: unknown[]
): Promise<Contract> {
  const compiled = testContracts()[name]!;
  const contract = await new ContractFactory(compiled.abi, compiled.bytecode, deployer).deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}

let counter = 0;
/** A distinct content hash per call (64 hex digits). */
export function uniqueHash(label = 'content'): string {
  counter += 1;
  return createHash('sha256').update(`${label}:${counter}:${process.pid}`).digest('hex');
}

export function media(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  return { contentHash: uniqueHash(), kind: 'media', creator: 'Test Creator', ...overrides };
}
