// Which registry `provlens verify` looks files up on, and a look-up that batches queries arriving together.
import { connectRpc, type LookupQuery, RegistryClient } from '../../registry/client.ts';
import { RegistryError, RegistryUnavailableError } from '../../registry/errors.ts';
import type { BatchLookup } from '../../registry/indexer-client.ts';
import {
  NETWORK_NAMES,
  networkByName,
  type RegistryNetwork,
  wrongChainMessage,
} from '../../registry/networks.ts';
import { DEPLOYMENT_FILE, readDeployment } from '../../registry/node-deployment.ts';
import { withConfiguredIndexer } from '../../registry/node-indexer.ts';
import type { RegistryMatch } from '../../verdict/types.ts';
import type { RegistryLookup } from '../../verify/index.ts';
import { UsageError } from '../usage-error.ts';

export interface RegistryTarget {
  rpcUrl: string;
  address: string;
  chainId?: number;
  fromBlock?: number;
  /** A network from networks.ts (--network): its chain id is checked and its log-range limit kept. */
  network?: RegistryNetwork;
  /** Where the target came from, for the note on stderr. */
  source: string;
}

/** The registry to look files up in: --rpc/--registry, else .provlens/deployment.json, else none. */
export function registryTarget(options: {
  rpc?: string | undefined;
  registry?: string | false | undefined;
  network?: string | undefined;
}): RegistryTarget | undefined {
  if (options.registry === false) return undefined;
  if (options.network) {
    const network = networkByName(options.network);
    if (!network)
      throw new UsageError(`--network must be one of ${NETWORK_NAMES.join(', ')}, not "${options.network}"`);
    return {
      rpcUrl: options.rpc ?? network.rpcUrls[0] ?? '',
      address: options.registry ?? network.registry,
      ...(network.deploymentBlock !== null ? { fromBlock: network.deploymentBlock } : {}),
      network,
      source: `--network ${network.name}`,
    };
  }
  let deployment: ReturnType<typeof readDeployment>;
  try {
    deployment = options.rpc && options.registry ? undefined : readDeployment();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const rpcUrl = options.rpc ?? deployment?.rpcUrl;
  const address = options.registry ?? deployment?.address;
  if (!rpcUrl || !address) {
    if (options.rpc || options.registry) {
      throw new UsageError(
        `--rpc and --registry go together (${DEPLOYMENT_FILE} is missing, so the other cannot be taken from it)`,
      );
    }
    return undefined;
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(address))
    throw new UsageError(`--registry must be a contract address (0x and 40 hex digits), not "${address}"`);
  const same = deployment?.address.toLowerCase() === address.toLowerCase() ? deployment : undefined;
  const given = [options.rpc ? '--rpc' : '', options.registry ? '--registry' : ''].filter(Boolean);
  return {
    rpcUrl,
    address,
    ...(same && same.rpcUrl === rpcUrl ? { chainId: same.chainId } : {}),
    ...(same ? { fromBlock: same.block } : {}),
    source: given.length === 2 ? 'the command line' : [...given, DEPLOYMENT_FILE].join(' and '),
  };
}

/**
 * A registry look-up that batches: queries arriving while a round trip is under way go out together in
 * the next one (one call for all exact hashes, the fingerprint searches in one JSON-RPC batch).
 * `onFailure` hears each failed round trip (its hint is not part of the verdict's registryError).
 */
export function batchedRegistryLookup(
  target: RegistryTarget,
  onFailure?: (error: RegistryError) => void,
): RegistryLookup {
  let client: Promise<BatchLookup> | undefined;
  let queue: { query: LookupQuery; resolve: (m: RegistryMatch[]) => void; reject: (e: unknown) => void }[] =
    [];
  let running = false;
  let fallbackNoted = false;
  const connect = async () => {
    const provider = await connectRpc(target.rpcUrl, {
      ...(target.chainId !== undefined ? { chainId: target.chainId } : {}),
      timeoutMs: 10_000,
    });
    const network = target.network;
    if (network) {
      const actual = Number((await provider.getNetwork()).chainId);
      if (actual !== network.chainId) {
        provider.destroy();
        throw new RegistryUnavailableError(wrongChainMessage(network, target.rpcUrl, actual));
      }
    }
    // An indexer started by `provlens index` (or PROVLENS_INDEXER) answers first; the chain's logs when it cannot.
    return withConfiguredIndexer(
      new RegistryClient(target.address, provider, {
        ...(target.fromBlock !== undefined ? { fromBlock: target.fromBlock } : {}),
        ...(network ? { maxBlockRange: network.maxBlockRange } : {}),
      }),
      {
        ...(target.chainId !== undefined ? { chainId: target.chainId } : {}),
        onFallback: (error) => {
          if (!fallbackNoted)
            process.stderr.write(`provlens: ${(error as Error).message} Using the chain's logs.\n`);
          fallbackNoted = true;
        },
      },
    );
  };
  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        client ??= connect();
        const results = await (await client).lookupMany(batch.map((b) => b.query));
        for (const [i, b] of batch.entries()) b.resolve(results[i] ?? []);
      } catch (error) {
        client = undefined; // the chain may come up before the next batch
        const detail = error instanceof Error ? error.message : String(error);
        const failure =
          error instanceof RegistryError
            ? error
            : new RegistryUnavailableError(`The registry at ${target.address} could not be read.`, {
                details: detail,
                cause: error,
              });
        onFailure?.(failure);
        for (const b of batch) b.reject(failure);
      }
    }
    running = false;
  };
  return (query) =>
    new Promise<RegistryMatch[]>((resolve, reject) => {
      queue.push({ query, resolve, reject });
      if (!running) setImmediate(() => void drain());
    });
}
