// Registry look-up for verdicts: exact hash and near fingerprint matches, each with lineage. Browser-safe.
import type { Fingerprint } from '../fingerprint/types.ts';
import type { RegistryMatch } from '../verdict/types.ts';
import { connectRpc, RegistryClient } from './client.ts';
import { RegistryError, RegistryInputError, RegistryUnavailableError } from './errors.ts';

export { RegistryInputError, RegistryUnavailableError } from './errors.ts';

export interface RegistryLookupConfig {
  rpcUrl: string;
  address: string;
  /** Known chain id: saves one call and refuses a node serving another chain. */
  chainId?: number;
  /** Deployment block, where log searches start. */
  fromBlock?: number;
  /** Largest Hamming distance (of 64 bits) for near matches. */
  nearThreshold?: number;
  timeoutMs?: number;
}

export type RegistryLookup = (q: { sha256: string; fingerprints: Fingerprint[] }) => Promise<RegistryMatch[]>;

/**
 * A look-up function bound to one registry. Any failure to reach or read the chain throws
 * RegistryUnavailableError, so the caller can show "registry unavailable" and keep its C2PA verdict.
 */
export function createRegistryLookup(config: RegistryLookupConfig): RegistryLookup {
  let client: Promise<RegistryClient> | undefined;
  const connect = async (): Promise<RegistryClient> => {
    const provider = await connectRpc(config.rpcUrl, {
      ...(config.chainId !== undefined ? { chainId: config.chainId } : {}),
      timeoutMs: config.timeoutMs ?? 5000,
    });
    if (config.chainId !== undefined) {
      const actual = await provider.send('eth_chainId', []).catch((cause: unknown) => {
        throw new RegistryUnavailableError(`The registry chain at ${config.rpcUrl} did not answer.`, {
          hint: 'Start it with `provlens chain`, or check the RPC URL in the settings.',
          cause,
        });
      });
      if (Number(BigInt(String(actual))) !== config.chainId) {
        throw new RegistryUnavailableError(
          `The node at ${config.rpcUrl} serves chain ${Number(BigInt(String(actual)))}, not chain ${config.chainId}.`,
          { hint: 'Check the RPC URL and chain id in the settings.' },
        );
      }
    }
    return new RegistryClient(config.address, provider, {
      ...(config.fromBlock !== undefined ? { fromBlock: config.fromBlock } : {}),
      ...(config.nearThreshold !== undefined ? { nearThreshold: config.nearThreshold } : {}),
    });
  };

  return async (q) => {
    try {
      client ??= connect();
      return await (await client).lookup(q);
    } catch (error) {
      if (error instanceof RegistryInputError) throw error;
      // A failed connection is retried on the next look-up (the chain may have come up meanwhile).
      client = undefined;
      if (error instanceof RegistryUnavailableError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new RegistryUnavailableError(`The registry at ${config.address} could not be read.`, {
        details: detail,
        cause: error,
        ...(error instanceof RegistryError ? {} : { hint: 'Check the RPC URL and registry address.' }),
      });
    }
  };
}
