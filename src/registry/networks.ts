// The chains the registry is known on: one list for the CLI (--network) and the extension's options. Browser-safe.

/** The standard deterministic deployment proxy (CREATE2 factory): the same on every EVM chain that has it. */
export const CREATE2_FACTORY = '0x4e59b44847b379578588920ca78fbf26c0b4956c';
/** CREATE2 salt of the registry: keccak256("provenance-lens registry v1"). */
export const REGISTRY_SALT = '0x8cc6b18c9c9dcf5a1236bc061ab7b05745328b57cdbbbd9258afdc278144ce1b';
/**
 * Where the factory puts the registry's current bytecode with REGISTRY_SALT, on every chain.
 * test/chain/deploy.test.ts recomputes it from ProvenanceRegistry.sol; a change to the contract changes it.
 */
export const REGISTRY_ADDRESS = '0x41D759d3D120dbBE58e4bb273E7B446963c3f656';

export interface RegistryNetwork {
  /** What `--network` takes. */
  name: string;
  /** What people call it. */
  label: string;
  chainId: number;
  /** Public JSON-RPC endpoints, the first one used by default. */
  rpcUrls: readonly string[];
  /** Block explorer, for links to records' transactions (none on the local chain). */
  explorerUrl: string | null;
  registry: string;
  /** Block of the registry's deployment, where log searches start; null until it is deployed there. */
  deploymentBlock: number | null;
  /** Largest block range asked of eth_getLogs in one request; stricter endpoints' refusals split it further. */
  maxBlockRange: number;
  /** anvil on this machine: dev keys and local funding are allowed. */
  local: boolean;
}

export const NETWORKS: readonly RegistryNetwork[] = [
  {
    name: 'sepolia',
    label: 'Ethereum Sepolia',
    chainId: 11155111,
    rpcUrls: ['https://ethereum-sepolia-rpc.publicnode.com', 'https://sepolia.drpc.org'],
    explorerUrl: 'https://sepolia.etherscan.io',
    registry: REGISTRY_ADDRESS,
    deploymentBlock: null,
    maxBlockRange: 10_000,
    local: false,
  },
  {
    name: 'base-sepolia',
    label: 'Base Sepolia',
    chainId: 84532,
    rpcUrls: ['https://sepolia.base.org', 'https://base-sepolia-rpc.publicnode.com'],
    explorerUrl: 'https://sepolia.basescan.org',
    registry: REGISTRY_ADDRESS,
    deploymentBlock: null,
    maxBlockRange: 10_000,
    local: false,
  },
  {
    name: 'op-sepolia',
    label: 'OP Sepolia',
    chainId: 11155420,
    rpcUrls: ['https://sepolia.optimism.io', 'https://optimism-sepolia-rpc.publicnode.com'],
    explorerUrl: 'https://sepolia-optimism.etherscan.io',
    registry: REGISTRY_ADDRESS,
    deploymentBlock: null,
    maxBlockRange: 10_000,
    local: false,
  },
  {
    name: 'arbitrum-sepolia',
    label: 'Arbitrum Sepolia',
    chainId: 421614,
    rpcUrls: ['https://sepolia-rollup.arbitrum.io/rpc', 'https://arbitrum-sepolia-rpc.publicnode.com'],
    explorerUrl: 'https://sepolia.arbiscan.io',
    registry: REGISTRY_ADDRESS,
    deploymentBlock: null,
    maxBlockRange: 10_000,
    local: false,
  },
  {
    name: 'local',
    label: 'Local chain (anvil)',
    chainId: 31337,
    rpcUrls: ['http://127.0.0.1:8545'],
    explorerUrl: null,
    registry: REGISTRY_ADDRESS,
    deploymentBlock: null,
    maxBlockRange: 50_000,
    local: true,
  },
];

export const NETWORK_NAMES: readonly string[] = NETWORKS.map((n) => n.name);

export function networkByName(name: string): RegistryNetwork | undefined {
  return NETWORKS.find((n) => n.name === name.toLowerCase());
}

export function networkByChainId(chainId: number): RegistryNetwork | undefined {
  return NETWORKS.find((n) => n.chainId === chainId);
}

/** The sentence to show when an RPC endpoint serves another chain than the network it was chosen for. */
export function wrongChainMessage(network: RegistryNetwork, rpcUrl: string, actualChainId: number): string {
  const actual = networkByChainId(actualChainId);
  return `The RPC endpoint ${rpcUrl} serves chain ${actualChainId}${actual ? ` (${actual.label})` : ''}, not ${network.label} (chain ${network.chainId}).`;
}
