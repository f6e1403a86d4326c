// The provenance registry as the background uses it: batched look-ups (one lookupMany per batch, never one
// call per image), near-duplicate search by pdq64 for media without credentials, "Register as my work" and
// "Support the creators" with the extension's own key. A chain that is down or slow only marks the registry
// section; the C2PA verdict is never held up or changed by it.
import { hexlify, type JsonRpcProvider, parseEther, toBeHex, Wallet } from 'ethers';
import type { Fingerprint } from '../../src/fingerprint/types.ts';
import {
  connectRpc,
  type RecordKind,
  type RegistrationInput,
  RegistryClient,
  type Relation,
  type TrainingPermission,
} from '../../src/registry/client.ts';
import { RegistryUnavailableError } from '../../src/registry/errors.ts';
import { type BatchLookup, IndexerClient, preferIndexer } from '../../src/registry/indexer-client.ts';
import { networkByName, wrongChainMessage } from '../../src/registry/networks.ts';
import { sendToRelay } from '../../src/registry/relay-protocol.ts';
import type { Verdict } from '../../src/verdict/types.ts';
import { ExtensionFailure } from '../platform/messages.ts';
import type { MediaKind, Settings } from '../platform/model.ts';
import { keyStatus, signDigest, unlockKey } from './keys.ts';
import type { RegistryAnswer } from './registry-answers.ts';
import { registryFailure, registryFailureText } from './registry-failure.ts';

export type { RegistryAnswer };

export type RegistryConfig = NonNullable<Settings['registry']>;
export type FingerprintBytes = (bytes: Uint8Array, mediaType: string) => Promise<Fingerprint[]>;

export interface LookupItem {
  sha256: string;
  src: string;
  kind: MediaKind;
  /** The item's verdict before any registry look-up. */
  verdict: Verdict;
}

export interface RegistryDeps {
  settings: () => Promise<Settings>;
  /** The development seed's registry; `local` marks `npm start`'s throw-away chain. */
  devRegistry: () => Promise<(RegistryConfig & { local?: boolean }) | undefined>;
  fingerprint?: FingerprintBytes;
}

const LOOKUP_TIMEOUT_MS = 5000;
/** An indexer slower than this is skipped for the chain's logs (well inside the batch deadline). */
const INDEXER_TIMEOUT_MS = 2000;
/** A batch walks lineage in several rounds of calls; a slow chain gets this long for all of them. */
const BATCH_DEADLINE_MS = 15_000;
const TRANSACTION_TIMEOUT_MS = 30_000;
const MAX_BATCH = 50;
const ANSWER_TTL_MS = 2 * 60 * 1000;
/** A failed look-up is retried soon (the chain may be back by the next time the popup opens). */
const ERROR_TTL_MS = 10 * 1000;
const MAX_FINGERPRINT_BYTES = 32 * 1024 * 1024;
const MAX_CACHED_ANSWERS = 5000;
const ANVIL_CHAIN_ID = 31337;
const LOCAL_TOP_UP = parseEther('10');
const GAS_RESERVE = parseEther('0.01');
const WITHOUT_CREDENTIAL = new Set(['none', 'metadata-only', 'error']);

/** Lineage links get the relation that fits the kind of work being registered. */
const PARENT_RELATION: Record<RecordKind, Relation> = {
  media: 'DerivedFrom',
  dataset: 'DerivedFrom',
  model: 'TrainedOn',
  application: 'ComponentOf',
  output: 'GeneratedBy',
};

const configKey = (config: RegistryConfig): string =>
  `${config.rpcUrl}|${config.address.toLowerCase()}|${config.chainId ?? ''}`;

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RegistryUnavailableError(`The registry chain did not answer within ${ms / 1000} s.`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

interface Connection {
  provider: JsonRpcProvider;
  client: RegistryClient;
  chainId: number;
}

export function createRegistry(deps: RegistryDeps) {
  const answers = new Map<string, { answer: RegistryAnswer; until: number }>();
  let connection: { key: string; ready: Promise<Connection> } | undefined;

  async function connect(config: RegistryConfig, timeoutMs: number): Promise<Connection> {
    const provider = await connectRpc(config.rpcUrl, {
      ...(config.chainId !== undefined ? { chainId: config.chainId } : {}),
      timeoutMs,
    });
    let actual: number;
    try {
      actual = Number(BigInt(String(await provider.send('eth_chainId', []))));
    } catch (error) {
      provider.destroy();
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new RegistryUnavailableError(`The registry chain at ${config.rpcUrl} did not answer.`, {
        details: detail,
      });
    }
    const network = config.network ? networkByName(config.network) : undefined;
    if (network && actual !== network.chainId) {
      provider.destroy();
      throw new Error(
        `${wrongChainMessage(network, config.rpcUrl, actual)} The registry stays off until they match.`,
      );
    }
    if (config.chainId !== undefined && actual !== config.chainId) {
      provider.destroy();
      throw new Error(`The node at ${config.rpcUrl} serves chain ${actual}, not chain ${config.chainId}.`);
    }
    // A known network's deployment block and log-range limit keep searches within what its endpoints allow.
    const limits =
      network && network.registry.toLowerCase() === config.address.toLowerCase()
        ? { fromBlock: network.deploymentBlock ?? 0, maxBlockRange: network.maxBlockRange }
        : {};
    return { provider, client: new RegistryClient(config.address, provider, limits), chainId: actual };
  }

  async function connected(config: RegistryConfig): Promise<Connection> {
    const key = configKey(config);
    if (connection?.key !== key) {
      void connection?.ready.then((old) => old.provider.destroy()).catch(() => undefined);
      connection = { key, ready: connect(config, LOOKUP_TIMEOUT_MS) };
    }
    const current = connection;
    try {
      return await current.ready;
    } catch (error) {
      if (connection === current) connection = undefined;
      throw error;
    }
  }

  /**
   * The indexer (when one is set) answers first, within INDEXER_TIMEOUT_MS; the chain's logs otherwise, so
   * a batch still fits in its deadline. `lastAnswered` says which of the two answered the last batch.
   */
  function lookupSource(config: RegistryConfig) {
    const chain: BatchLookup = {
      lookupMany: async (queries) => (await connected(config)).client.lookupMany(queries),
    };
    if (!config.indexerUrl) return { source: chain, indexer: undefined };
    const indexer = {
      client: new IndexerClient(config.indexerUrl, {
        timeoutMs: INDEXER_TIMEOUT_MS,
        expect: {
          address: config.address,
          ...(config.chainId !== undefined ? { chainId: config.chainId } : {}),
        },
      }),
      lastAnswered: true,
    };
    const source = preferIndexer(indexer.client, chain, () => {
      indexer.lastAnswered = false;
    });
    return { source, indexer };
  }

  async function fingerprintsOf(item: LookupItem): Promise<Fingerprint[]> {
    if (!deps.fingerprint || item.kind !== 'image') return [];
    if (!WITHOUT_CREDENTIAL.has(item.verdict.trust) || !/^(https?|data):/i.test(item.src)) return [];
    try {
      // The verifier fetched these bytes a moment ago: this read comes from the HTTP cache.
      const response = await fetch(item.src, { cache: 'force-cache', credentials: 'omit' });
      if (!response.ok) return [];
      if (Number(response.headers.get('content-length') ?? '0') > MAX_FINGERPRINT_BYTES) return [];
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length > MAX_FINGERPRINT_BYTES) return [];
      const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() || item.verdict.mediaType;
      return await deps.fingerprint(bytes, mediaType);
    } catch {
      return []; // Undecodable: the exact look-up by hash still runs.
    }
  }

  function remember(key: string, answer: RegistryAnswer): void {
    answers.set(key, { answer, until: Date.now() + ('error' in answer ? ERROR_TTL_MS : ANSWER_TTL_MS) });
    if (answers.size > MAX_CACHED_ANSWERS) {
      const oldest = answers.keys().next().value;
      if (oldest !== undefined) answers.delete(oldest);
    }
  }

  /**
   * Answers for many items: cached ones at once, the rest in batches of one `lookupMany` each. Returns
   * nothing for an item when no registry is set up (the section then says so).
   */
  async function lookup(items: readonly LookupItem[]): Promise<Map<string, RegistryAnswer>> {
    const out = new Map<string, RegistryAnswer>();
    const config = (await deps.settings()).registry;
    if (!config) return out;
    const prefix = configKey(config);
    const now = Date.now();
    const wanted = new Map<string, LookupItem>();
    for (const item of items) {
      if (!/^[0-9a-f]{64}$/.test(item.sha256)) continue;
      const cached = answers.get(`${prefix}|${item.sha256}`);
      if (cached && cached.until > now) out.set(item.sha256, cached.answer);
      else wanted.set(item.sha256, item);
    }
    const pending = [...wanted.values()];
    for (let start = 0; start < pending.length; start += MAX_BATCH) {
      const batch = pending.slice(start, start + MAX_BATCH);
      let results: RegistryAnswer[];
      try {
        const queries = [];
        for (const item of batch)
          queries.push({ sha256: item.sha256, fingerprints: await fingerprintsOf(item) });
        const { source, indexer } = lookupSource(config);
        const matches = await withDeadline(source.lookupMany(queries), BATCH_DEADLINE_MS);
        const progress = indexer?.lastAnswered ? indexer.client.lastProgress : undefined;
        const index = progress && indexer ? { url: indexer.client.url, ...progress } : undefined;
        results = batch.map((_, i) => ({ matches: matches[i] ?? [], ...(index ? { index } : {}) }));
      } catch (error) {
        const answer = { error: registryFailureText(error) };
        results = batch.map(() => answer);
      }
      batch.forEach((item, i) => {
        const answer = results[i]!;
        remember(`${prefix}|${item.sha256}`, answer);
        out.set(item.sha256, answer);
      });
    }
    return out;
  }

  /** Forgets cached answers (all, or for one hash after registering it), so the next look-up asks the chain. */
  function forget(sha256?: string): void {
    if (sha256 === undefined) {
      answers.clear();
      return;
    }
    for (const key of answers.keys()) if (key.endsWith(`|${sha256}`)) answers.delete(key);
  }

  /** A signer for the extension's key on the configured chain, with funds for the fee (or a clear error). */
  async function signerFor(passphrase: string | undefined, needWei: bigint, relayAllowed = false) {
    const config = (await deps.settings()).registry;
    if (!config)
      throw new Error('No registry is set: add its RPC URL and contract address in Options first.');
    const key = await unlockKey(passphrase);
    const { provider, client, chainId } = await connect(config, TRANSACTION_TIMEOUT_MS).catch((error) => {
      throw registryFailure(error);
    });
    const balance = await provider.getBalance(key.address);
    if (balance < needWei) {
      const seed = await deps.devRegistry();
      const localDemo =
        seed?.local === true &&
        chainId === ANVIL_CHAIN_ID &&
        configKey({ ...seed, chainId: chainId }) === configKey({ ...config, chainId: chainId });
      if (!localDemo && relayAllowed && config.relayUrl) {
        // No funds: the creator still signs; the relay in the settings submits and pays the gas.
        const wallet = new Wallet(hexlify(key.secret), provider);
        return { key, wallet, client: client.connect(wallet), provider, relayUrl: config.relayUrl };
      }
      if (!localDemo) {
        provider.destroy();
        throw new ExtensionFailure(
          `Your registration account ${key.address} has too little on chain ${chainId} to pay for this (it holds ${balance} wei). Send it some funds, or export the key to a wallet that has them.`,
          'needs-funds',
        );
      }
      // The throw-away demo chain of `npm start`: its node tops our own account up on request.
      await provider.send('anvil_setBalance', [key.address, toBeHex(balance + LOCAL_TOP_UP + needWei)]);
    }
    const wallet = new Wallet(hexlify(key.secret), provider);
    return { key, wallet, client: client.connect(wallet), provider, relayUrl: undefined };
  }

  return {
    lookup,
    forget,

    async register(input: {
      contentHash: string;
      kind: RecordKind;
      creator: string;
      title?: string;
      digitalSourceType?: string;
      training: TrainingPermission;
      parents: { id: string; bps: number }[];
      uri?: string;
      softBindings: { algorithm: string; value: string }[];
      passphrase: string;
    }): Promise<{ recordId: string; txHash: string; registrant: string }> {
      const registration: RegistrationInput = {
        contentHash: input.contentHash,
        kind: input.kind,
        creator: input.creator,
        ...(input.title ? { title: input.title } : {}),
        ...(input.digitalSourceType ? { digitalSourceType: input.digitalSourceType } : {}),
        training: input.training,
        parents: input.parents.map((parent) => ({
          id: parent.id,
          relation: PARENT_RELATION[input.kind],
          shareBps: parent.bps,
        })),
        softBindings: input.softBindings,
        ...(input.uri ? { uri: input.uri } : {}),
      };
      const { key, client, provider, relayUrl } = await signerFor(input.passphrase, GAS_RESERVE, true);
      try {
        // The registrant signs the EIP-712 registration with its own key (bound to this chain and contract);
        // the same account submits it when it has funds, else the relay from the settings does.
        const nonce = await client.nonceOf(key.address);
        const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
        const digest = await client.registrationDigest(registration, key.address, nonce, deadline);
        const signature = signDigest(key.secret, digest);
        const result = relayUrl
          ? await sendToRelay(relayUrl, {
              chainId: await client.chainId(),
              registry: client.address,
              registrant: key.address,
              deadline: String(deadline),
              signature,
              registration,
            }).catch((error: unknown) => {
              throw registryFailure(error);
            })
          : await client
              .submitSignedRegistration({ registration, registrant: key.address, nonce, deadline, signature })
              .catch((error: unknown) => {
                throw registryFailure(error);
              });
        forget(input.contentHash);
        return { recordId: result.id, txHash: result.txHash, registrant: key.address };
      } finally {
        provider.destroy();
      }
    },

    async pay(
      recordId: string,
      amountWei: bigint,
      passphrase: string | undefined,
    ): Promise<{
      txHash: string;
      amountWei: string;
      credited: { recordId: string; account: string; amountWei: string }[];
    }> {
      if (amountWei <= 0n) throw new Error('Enter an amount above zero.');
      const { client, provider } = await signerFor(passphrase, amountWei + GAS_RESERVE);
      try {
        const result = await client.pay(recordId, amountWei).catch((error: unknown) => {
          throw registryFailure(error);
        });
        return {
          txHash: result.txHash,
          amountWei: String(result.amount),
          credited: result.steps
            .filter((step) => step.step === 'credited')
            .map((step) => ({
              recordId: step.id,
              account: step.account ?? '',
              amountWei: String(step.amount),
            })),
        };
      } finally {
        provider.destroy();
      }
    },

    /** The extension's registration account: address (once made), locked or not, and its balance. */
    async account(): Promise<{ address?: string; unlocked: boolean; balanceWei?: string; chainId?: number }> {
      const status = await keyStatus();
      const config = (await deps.settings()).registry;
      if (!status.address || !config) return status;
      try {
        const { provider, chainId } = await connected(config);
        return { ...status, chainId, balanceWei: String(await provider.getBalance(status.address)) };
      } catch {
        return status;
      }
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
