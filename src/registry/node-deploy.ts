// `provlens deploy`: the registry at one address on every chain, through the CREATE2 factory (Node only).
import { concat, getCreate2Address, keccak256, type Provider, type Signer } from 'ethers';
import { RegistryError, RegistryUnavailableError } from './errors.ts';
import { CREATE2_FACTORY, REGISTRY_SALT } from './networks.ts';
import { type CompiledContract, compileRegistry } from './node-compile.ts';
import { call } from './rpc-errors.ts';

export interface RegistryDeployment {
  address: string;
  chainId: number;
  /** Block of the deployment, when the node can tell (finding an old one needs a node that keeps history). */
  block: number | null;
  /** The transaction sent, or null when the registry was already there. */
  txHash: string | null;
  alreadyDeployed: boolean;
}

/** Where the factory deploys this bytecode with the registry's salt (the same on every chain). */
export function deterministicAddress(bytecode: string): string {
  return getCreate2Address(CREATE2_FACTORY, REGISTRY_SALT, keccak256(bytecode));
}

async function hasCode(provider: Provider, address: string, blockTag: number | 'latest' = 'latest') {
  const code = await provider.getCode(address, blockTag);
  return code !== '0x';
}

/**
 * The block where code first appeared at `address`, by bisection over eth_getCode (about 25 requests);
 * null when the node keeps no state that old.
 */
export async function findDeploymentBlock(provider: Provider, address: string): Promise<number | null> {
  try {
    let high = await provider.getBlockNumber();
    if (!(await hasCode(provider, address, high))) return null;
    let low = 0;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (await hasCode(provider, address, middle)) high = middle;
      else low = middle + 1;
    }
    return low;
  } catch {
    return null;
  }
}

/**
 * Deploys the registry with `signer` through the CREATE2 factory, or finds it already there. The bytecode
 * takes no constructor arguments (the EIP-712 domain reads block.chainid when used), so the address depends
 * only on the contract.
 */
export async function deployRegistry(
  signer: Signer,
  compiled: CompiledContract = compileRegistry(),
): Promise<RegistryDeployment> {
  const provider = signer.provider;
  if (!provider) throw new RegistryError('The deploying key needs a connection to a chain.');
  const chainId = Number((await call('read the chain id', () => provider.getNetwork())).chainId);
  const address = deterministicAddress(compiled.bytecode);
  if (await call('read the registry address', () => hasCode(provider, address))) {
    return {
      address,
      chainId,
      block: await findDeploymentBlock(provider, address),
      txHash: null,
      alreadyDeployed: true,
    };
  }
  if (!(await call('find the deployment factory', () => hasCode(provider, CREATE2_FACTORY)))) {
    throw new RegistryUnavailableError(
      `Chain ${chainId} has no deterministic deployment factory at ${CREATE2_FACTORY}, so the registry cannot get its usual address there.`,
      { hint: 'The factory is deployed by one pre-signed transaction; send it to this chain first.' },
    );
  }
  const tx = await call('deploy the registry', () =>
    signer.sendTransaction({ to: CREATE2_FACTORY, data: concat([REGISTRY_SALT, compiled.bytecode]) }),
  );
  const receipt = await call('wait for the deployment', () => tx.wait());
  if (receipt?.status !== 1 || !(await hasCode(provider, address))) {
    throw new RegistryError(`The deployment transaction ${tx.hash} left no registry at ${address}.`);
  }
  return { address, chainId, block: receipt.blockNumber, txHash: tx.hash, alreadyDeployed: false };
}
