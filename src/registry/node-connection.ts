// Opens the registry for a CLI command: RPC URL, address and key from options or the deployment file.
import { readFile } from 'node:fs/promises';
import { isHexString, type JsonRpcProvider, Wallet } from 'ethers';
import { connectRpc, RegistryClient } from './client.ts';
import { RegistryError, RegistryInputError, RegistryUnavailableError } from './errors.ts';
import {
  NETWORK_NAMES,
  networkByChainId,
  networkByName,
  REGISTRY_ADDRESS,
  type RegistryNetwork,
  wrongChainMessage,
} from './networks.ts';
import { anvilDevKey, isAnvil } from './node-chain.ts';
import { findDeploymentBlock } from './node-deploy.ts';
import { DEPLOYMENT_FILE, type Deployment, readDeployment } from './node-deployment.ts';

export interface RegistryConnectionOptions {
  rpc?: string;
  registry?: string;
  /** A name from networks.ts: its RPC URL, registry address, deployment block and log-range limit. */
  network?: string;
  keyFile?: string;
  /** Whether the command sends transactions (and so needs a key). */
  needsSigner: boolean;
  projectDir?: string;
}

export interface RegistryConnection {
  client: RegistryClient;
  provider: JsonRpcProvider;
  rpcUrl: string;
  chainId: number;
  network?: RegistryNetwork;
  signer?: Wallet;
  deployment?: Deployment;
  /** Things the user should know (e.g. that a public dev key is in use). */
  notes: string[];
}

/** The network `--network` names, or a usage error listing the known ones. */
export function resolveNetwork(name: string): RegistryNetwork {
  const network = networkByName(name);
  if (!network) {
    throw new RegistryInputError(`Unknown network "${name}"; use one of ${NETWORK_NAMES.join(', ')}.`);
  }
  return network;
}

/** Connects to the network's RPC (or `rpc`) and checks that it serves the network's chain. */
export async function connectNetwork(
  network: RegistryNetwork,
  rpc?: string,
): Promise<{ provider: JsonRpcProvider; rpcUrl: string }> {
  const rpcUrl = rpc ?? network.rpcUrls[0];
  if (!rpcUrl) throw new RegistryInputError(`${network.label} has no RPC URL; pass --rpc.`);
  const provider = await connectRpc(rpcUrl);
  const chainId = Number((await provider.getNetwork()).chainId);
  if (chainId !== network.chainId) {
    provider.destroy();
    throw new RegistryInputError(wrongChainMessage(network, rpcUrl, chainId), {
      hint: 'Check --rpc, or pick the --network this endpoint belongs to.',
    });
  }
  return { provider, rpcUrl };
}

/** What a command was given of --rpc, --registry, --network and --key-file, as openRegistry takes it. */
export function connectionOptions(
  given: Pick<RegistryConnectionOptions, 'rpc' | 'registry' | 'network' | 'keyFile'>,
  needsSigner: boolean,
): RegistryConnectionOptions {
  return {
    needsSigner,
    ...(given.rpc ? { rpc: given.rpc } : {}),
    ...(given.registry ? { registry: given.registry } : {}),
    ...(given.network ? { network: given.network } : {}),
    ...(given.keyFile ? { keyFile: given.keyFile } : {}),
  };
}

export async function openRegistry(options: RegistryConnectionOptions): Promise<RegistryConnection> {
  const named = options.network ? resolveNetwork(options.network) : undefined;
  const deployment =
    named || (options.rpc && options.registry) ? undefined : readDeployment(options.projectDir);
  let rpcUrl = options.rpc ?? deployment?.rpcUrl;
  let provider: JsonRpcProvider;
  if (named) {
    ({ provider, rpcUrl } = await connectNetwork(named, options.rpc));
  } else if (rpcUrl) {
    provider = await connectRpc(rpcUrl);
  } else {
    throw new RegistryInputError(
      `No registry configured: ${DEPLOYMENT_FILE} not found and neither --network nor --rpc given.`,
      {
        hint: `Run \`provlens chain\` in another terminal, or pass --network (${NETWORK_NAMES.join(', ')}) or --rpc URL.`,
      },
    );
  }
  const chainId = Number((await provider.getNetwork()).chainId);
  const network = named ?? networkByChainId(chainId);
  // Without a deployment file, the registry is where the CREATE2 factory puts it on every chain.
  const address = options.registry ?? deployment?.address ?? network?.registry ?? REGISTRY_ADDRESS;
  // The deployment block only applies to the chain and contract it was written for.
  const sameDeployment = deployment && deployment.address.toLowerCase() === address.toLowerCase();
  const notes: string[] = [];
  let fromBlock = sameDeployment ? deployment.block : undefined;
  if (fromBlock === undefined && network && network.registry.toLowerCase() === address.toLowerCase()) {
    fromBlock = network.deploymentBlock ?? undefined;
  }
  if (fromBlock === undefined) {
    if ((await provider.getCode(address)) === '0x') {
      throw new RegistryUnavailableError(
        `There is no registry at ${address} on ${network?.label ?? `chain ${chainId}`}.`,
        { hint: 'Deploy it with `provlens deploy`, or pass --registry with the address it has there.' },
      );
    }
    fromBlock = (await findDeploymentBlock(provider, address)) ?? 0;
  }
  const signer = options.needsSigner ? await signerFor(provider, options.keyFile, notes) : undefined;
  const client = new RegistryClient(address, signer ?? provider, {
    fromBlock,
    ...(network ? { maxBlockRange: network.maxBlockRange } : {}),
  });
  return {
    client,
    provider,
    rpcUrl: rpcUrl as string,
    chainId,
    ...(network ? { network } : {}),
    ...(signer ? { signer } : {}),
    ...(deployment ? { deployment } : {}),
    notes,
  };
}

/** The signer a command uses: --key-file, or on anvil its first dev account (with a note saying so). */
export async function signerFor(
  provider: JsonRpcProvider,
  keyFile: string | undefined,
  notes: string[],
): Promise<Wallet> {
  if (keyFile) return new Wallet(await readKeyFile(keyFile), provider);
  if (await isAnvil(provider)) {
    const signer = new Wallet(anvilDevKey(0), provider);
    notes.push(`Using anvil's first dev account ${signer.address} (a public test key, local chain only).`);
    return signer;
  }
  const chainId = Number((await provider.getNetwork()).chainId);
  throw new RegistryInputError(`--key-file is required to send transactions on chain ${chainId}.`, {
    hint: 'Pass a file holding the hex private key of the account that pays and signs.',
  });
}

async function readKeyFile(file: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new RegistryInputError(
      `Cannot read the key file ${file} (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
  const key = text.startsWith('0x') ? text : `0x${text}`;
  if (!isHexString(key, 32)) {
    throw new RegistryInputError(`The key file ${file} must hold one hex private key (64 hex digits).`);
  }
  return key;
}

/** Exit codes: 2 for a wrong command line or configuration, 1 for a chain that is down or refused. */
export function exitCodeFor(error: unknown): number {
  return error instanceof RegistryInputError ? 2 : 1;
}

/** One line (or a few) a person can act on, for any error a registry command may hit. */
export function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof Error && (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')) {
    const file = (error as NodeJS.ErrnoException).path ?? 'the file';
    return `Cannot read ${file} (${code}).`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** What to do about a registry error, on its own line under the message; nothing when there is no hint. */
export function hintLine(error: unknown): string {
  return error instanceof RegistryError && error.hint ? `hint: ${error.hint}\n` : '';
}

/**
 * Reports a failed registry command on stderr and sets the exit code, without throwing: the message and
 * its hint are the whole story (what happened, what to do), so no stack trace follows them.
 */
export function reportFailure(error: unknown): void {
  process.stderr.write(`provlens: ${describeFailure(error)}\n${hintLine(error)}`);
  process.exitCode = exitCodeFor(error);
}
