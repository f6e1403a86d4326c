// What the indexer follows and where it stores it, from the environment `provlens index` sets.
import { parseAbi } from 'viem';
import { REGISTRY_ABI } from '../src/registry/abi.ts';

/** The event signatures of an ABI, kept as a tuple so viem's parseAbi types each event. */
type EventsOf<T extends readonly string[]> = T extends readonly [
  infer Head extends string,
  ...infer Rest extends readonly string[],
]
  ? Head extends `event ${string}`
    ? [Head, ...EventsOf<Rest>]
    : EventsOf<Rest>
  : [];

/** The registry's events, parsed from the project's own ABI so the indexer follows the contract (typed). */
export const registryEvents = parseAbi(
  REGISTRY_ABI.filter((s) => s.startsWith('event ')) as unknown as EventsOf<typeof REGISTRY_ABI>,
);

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; start the indexer with \`provlens index\`.`);
  return value;
}

export const settings = {
  rpcUrl: required('PROVLENS_INDEX_RPC_URL'),
  registry: required('PROVLENS_INDEX_REGISTRY') as `0x${string}`,
  chainId: Number(required('PROVLENS_INDEX_CHAIN_ID')),
  startBlock: Number(process.env.PROVLENS_INDEX_START_BLOCK ?? '0'),
  /** Embedded PGlite's folder, used when DATABASE_URL is not set. */
  pgliteDir: process.env.PROVLENS_INDEX_PGLITE_DIR ?? '.provlens/index/pglite',
  databaseUrl: process.env.DATABASE_URL,
  pollingIntervalMs: Number(process.env.PROVLENS_INDEX_POLL_MS ?? '1000'),
  /** How often the embedded database is vacuumed while the index moves (PGlite has no autovacuum). */
  vacuumIntervalMs: Number(process.env.PROVLENS_INDEX_VACUUM_MS ?? '30000'),
};
