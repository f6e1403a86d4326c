// Ponder follows one ProvenanceRegistry deployment; `provlens index` fills in the chain and address.
import { createConfig } from 'ponder';
import { registryEvents, settings } from './settings.ts';

export default createConfig({
  database: settings.databaseUrl
    ? { kind: 'postgres', connectionString: settings.databaseUrl }
    : { kind: 'pglite', directory: settings.pgliteDir },
  chains: {
    registry: {
      id: settings.chainId,
      rpc: settings.rpcUrl,
      pollingInterval: settings.pollingIntervalMs,
      // A local chain restarted on the same port reuses block numbers: cached RPC answers would be stale.
      disableCache: settings.chainId === 31337,
    },
  },
  contracts: {
    ProvenanceRegistry: {
      chain: 'registry',
      abi: registryEvents,
      address: settings.registry,
      startBlock: settings.startBlock,
    },
  },
});
