// ethers v6 client of ProvenanceRegistry.sol. Browser-safe: no Node APIs, so the extension uses it too.
import {
  Contract,
  ContractFactory,
  type ContractRunner,
  type ContractTransactionResponse,
  decodeBytes32String,
  encodeBytes32String,
  FetchRequest,
  type InterfaceAbi,
  JsonRpcProvider,
  type Log,
  Network,
  type Provider,
  type Result,
  type Signer,
  type TypedDataDomain,
  TypedDataEncoder,
  type TypedDataField,
  toBeHex,
  zeroPadValue,
} from 'ethers';
import { NEAR_SEARCH, PDQ64_MATCH_THRESHOLD } from '../fingerprint/match.ts';
import type { Fingerprint } from '../fingerprint/types.ts';
import type { Credit, RegistryMatch, RegistryRecordView } from '../verdict/types.ts';
import { REGISTRY_ABI } from './abi.ts';
import {
  checkAddress,
  checkThreshold,
  encodeRegistration,
  hammingDistance64,
  nearBuckets,
  REGISTRATION_TYPES,
  type RegistrationInput,
  toBytes32,
  toId,
  toUint64,
  typesWithoutDomain,
} from './encoding.ts';
import { RegistryError, RegistryInputError, RegistryUnavailableError } from './errors.ts';
import { BudgetMeter, CachedLogs, DEFAULT_BUDGET, LogReader, type LookupBudget } from './log-reader.ts';
import { assembleMatches, type LookupQuery, lineageOf, type NearCandidate } from './matches.ts';
import { call } from './rpc-errors.ts';
import { type RegisteredFacts, toRecordView } from './views.ts';

export {
  encodeRegistration,
  hammingDistance64,
  MAX_NEAR_CHUNK_RADIUS,
  nearBuckets,
  type ParentInput,
  RECORD_KINDS,
  RELATIONS,
  type RecordKind,
  type RegistrationInput,
  type Relation,
  type SoftBindingInput,
  TOTAL_BPS,
  TRAINING_PERMISSIONS,
  type TrainingPermission,
} from './encoding.ts';
export type { LookupQuery, NearCandidate } from './matches.ts';
export { lineageHasModel, originOf } from './views.ts';

/** Default largest Hamming distance (of 64 bits) at which a pdq64 fingerprint counts as a near duplicate. */
export const DEFAULT_NEAR_THRESHOLD = PDQ64_MATCH_THRESHOLD;
// Topic OR-lists are split so a provider's limit on filter size is not hit; ethers batches the requests.
const BUCKETS_PER_QUERY = 128;
// Record ids per eth_getLogs when reading the Registered events of records (the same limit on topic lists).
const IDS_PER_QUERY = 100;

export interface RegistrationResult {
  id: string;
  txHash: string;
  blockNumber: number;
  registrant: string;
}

export interface SignedRegistration {
  registration: RegistrationInput;
  registrant: string;
  nonce: bigint;
  deadline: bigint;
  /** 65-byte secp256k1 signature, or whatever an ERC-1271 wallet accepts. */
  signature: string;
}

export interface RegistrationTypedData {
  domain: TypedDataDomain;
  types: Record<string, TypedDataField[]>;
  primaryType: 'Register';
  message: Record<string, unknown>;
}

export interface PaymentStep {
  step: 'forwarded' | 'credited';
  /** For "forwarded": the record passing the amount on; for "credited": the record whose registrant is paid. */
  id: string;
  /** For "forwarded": the parent receiving it. */
  toId?: string;
  /** For "credited": the account credited. */
  account?: string;
  amount: bigint;
  depth: number;
}

export interface PaymentResult {
  txHash: string;
  amount: bigint;
  steps: PaymentStep[];
}

export interface RegistryClientOptions {
  /** Block to start log searches from (the deployment block); 0 when unknown. */
  fromBlock?: number;
  /** Largest Hamming distance for near matches. */
  nearThreshold?: number;
  /** Largest block range one eth_getLogs may ask for (the network's limit). */
  maxBlockRange?: number;
  /** Requests and time one look-up may spend on logs. */
  budget?: LookupBudget;
}

// ------------------------------------------------------------------ providers

/**
 * A JSON-RPC provider with a fixed network, so a chain that is down fails fast instead of retrying forever.
 * Without `chainId` the chain is asked once for it.
 */
export async function connectRpc(
  rpcUrl: string,
  options: { chainId?: number; timeoutMs?: number } = {},
): Promise<JsonRpcProvider> {
  const request = new FetchRequest(rpcUrl);
  request.timeout = options.timeoutMs ?? 10_000;
  let chainId = options.chainId;
  if (chainId === undefined) {
    const probe = request.clone();
    probe.body = { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] };
    try {
      const response = await probe.send();
      response.assertOk();
      const body = response.bodyJson as { result?: string; error?: { message?: string } };
      if (typeof body.result !== 'string')
        throw new Error(body.error?.message ?? 'no chain id in the answer');
      chainId = Number(BigInt(body.result));
    } catch (cause) {
      throw unreachable(rpcUrl, cause);
    }
  }
  // Public endpoints answer bursts with 429 and Retry-After (in seconds): wait that long, a few times at most.
  request.retryFunc = async (_request, response, attempt) => {
    const seconds = Number(response.headers['retry-after']);
    const waitMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 500 * 2 ** attempt;
    await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 10_000)));
    return attempt < 5;
  };
  // No response cache: a nonce read twice within 250 ms must not come back stale.
  return new JsonRpcProvider(request, Network.from(chainId), {
    staticNetwork: true,
    batchMaxCount: 50,
    cacheTimeout: -1,
    pollingInterval: 500,
  });
}

function unreachable(rpcUrl: string, cause: unknown): RegistryUnavailableError {
  const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new RegistryUnavailableError(`The registry chain at ${rpcUrl} did not answer.`, {
    details: detail,
    hint: 'Start it with `provlens chain`, or point --rpc at a running node.',
    cause,
  });
}

// ------------------------------------------------------------------ client

export class RegistryClient {
  readonly address: string;
  readonly contract: Contract;
  readonly provider: Provider;
  readonly fromBlock: number;
  readonly nearThreshold: number;
  readonly logs: LogReader;
  readonly budget: LookupBudget;
  private chainIdCache: number | undefined;
  // A record's event facts and dispute reasons never change once mined: read each once.
  private readonly factsById = new Map<string, RegisteredFacts>();
  private readonly disputeReasons = new Map<string, string>();
  private fingerprintLogs: CachedLogs | undefined;

  constructor(address: string, runner: ContractRunner, options: RegistryClientOptions = {}) {
    this.address = checkAddress(address, 'registry address');
    const provider = runner.provider;
    if (!provider)
      throw new RegistryInputError('The registry client needs a runner connected to a provider.');
    this.provider = provider;
    this.contract = new Contract(this.address, REGISTRY_ABI, runner);
    this.fromBlock = options.fromBlock ?? 0;
    this.nearThreshold = options.nearThreshold ?? DEFAULT_NEAR_THRESHOLD;
    checkThreshold(this.nearThreshold);
    this.logs = new LogReader(provider, {
      ...(options.maxBlockRange !== undefined ? { maxBlockRange: options.maxBlockRange } : {}),
    });
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.options = options;
  }

  private readonly options: RegistryClientOptions;

  /** Deploys a new registry from compiled bytecode (see node-compile.ts) and returns a client for it. */
  static async deploy(
    signer: Signer,
    compiled: { abi: InterfaceAbi; bytecode: string },
    options: RegistryClientOptions = {},
  ): Promise<{ client: RegistryClient; blockNumber: number; txHash: string }> {
    const factory = new ContractFactory(compiled.abi, compiled.bytecode, signer);
    const deployed = await call('deploy the registry', () => factory.deploy());
    const tx = deployed.deploymentTransaction();
    const receipt = tx ? await tx.wait() : null;
    const address = await deployed.getAddress();
    const blockNumber = receipt?.blockNumber ?? 0;
    return {
      client: new RegistryClient(address, signer, { fromBlock: blockNumber, ...options }),
      blockNumber,
      txHash: tx?.hash ?? '',
    };
  }

  /** The same registry, sending transactions from another signer. */
  connect(runner: ContractRunner): RegistryClient {
    return new RegistryClient(this.address, runner, { ...this.options, fromBlock: this.fromBlock });
  }

  async chainId(): Promise<number> {
    if (this.chainIdCache === undefined) {
      const network = await call('read the chain id', () => this.provider.getNetwork());
      this.chainIdCache = Number(network.chainId);
    }
    return this.chainIdCache;
  }

  // ---------------------------------------------------------------- registration

  /** Registers with the connected signer as registrant (it pays the gas). */
  async register(input: RegistrationInput): Promise<RegistrationResult> {
    const registration = encodeRegistration(input);
    const tx = await call(
      'register',
      () => this.fn('register')(registration) as Promise<ContractTransactionResponse>,
    );
    return this.registrationResult(tx);
  }

  /** EIP-712 typed data a registrant signs so that anyone may submit the registration for them. */
  async registrationTypedData(
    input: RegistrationInput,
    registrant: string,
    nonce: bigint,
    deadline: bigint,
  ): Promise<RegistrationTypedData> {
    const registration = encodeRegistration(input);
    return {
      domain: {
        name: 'ProvenanceRegistry',
        version: '1',
        chainId: await this.chainId(),
        verifyingContract: this.address,
      },
      types: REGISTRATION_TYPES,
      primaryType: 'Register',
      message: { registrant: checkAddress(registrant, 'registrant'), ...registration, nonce, deadline },
    };
  }

  /** The digest a registrant signs (for keys held outside ethers, e.g. the extension's own key). */
  async registrationDigest(
    input: RegistrationInput,
    registrant: string,
    nonce: bigint,
    deadline: bigint,
  ): Promise<string> {
    const data = await this.registrationTypedData(input, registrant, nonce, deadline);
    return TypedDataEncoder.hash(data.domain, typesWithoutDomain(data.types), data.message);
  }

  async nonceOf(registrant: string): Promise<bigint> {
    const account = checkAddress(registrant, 'registrant');
    return call('read the nonce', () => this.fn('nonces')(account) as Promise<bigint>);
  }

  /** Signs a registration with `signer` (an EOA); `deadline` defaults to one hour from now. */
  async signRegistration(
    signer: Signer,
    input: RegistrationInput,
    options: { deadline?: bigint; nonce?: bigint } = {},
  ): Promise<SignedRegistration> {
    const registrant = await signer.getAddress();
    const nonce = options.nonce ?? (await this.nonceOf(registrant));
    const deadline = options.deadline ?? BigInt(Math.floor(Date.now() / 1000) + 3600);
    const data = await this.registrationTypedData(input, registrant, nonce, deadline);
    const signature = await signer.signTypedData(data.domain, typesWithoutDomain(data.types), data.message);
    return { registration: input, registrant, nonce, deadline, signature };
  }

  /** Submits a registration signed by its registrant; the connected signer (a relayer) pays the gas. */
  async submitSignedRegistration(signed: SignedRegistration): Promise<RegistrationResult> {
    const registration = encodeRegistration(signed.registration);
    const tx = await call(
      'register with a signature',
      () =>
        this.fn('registerWithSignature')(
          registration,
          checkAddress(signed.registrant, 'registrant'),
          signed.deadline,
          signed.signature,
        ) as Promise<ContractTransactionResponse>,
    );
    return this.registrationResult(tx);
  }

  private async registrationResult(tx: ContractTransactionResponse): Promise<RegistrationResult> {
    const receipt = await call('wait for the registration', () => tx.wait());
    if (!receipt) throw new RegistryUnavailableError(`Transaction ${tx.hash} was not mined.`);
    for (const log of receipt.logs) {
      const parsed = this.parseLog(log);
      if (parsed?.name === 'Registered') {
        return {
          id: String(parsed.args.id),
          txHash: tx.hash,
          blockNumber: receipt.blockNumber,
          registrant: String(parsed.args.registrant),
        };
      }
    }
    throw new RegistryError(`Transaction ${tx.hash} did not emit a Registered event.`);
  }

  // ---------------------------------------------------------------- revocation and disputes

  async revoke(id: string | number | bigint): Promise<string> {
    const tx = await call(
      'revoke',
      () => this.fn('revoke')(toId(id)) as Promise<ContractTransactionResponse>,
    );
    await call('wait for the revocation', () => tx.wait());
    return tx.hash;
  }

  async dispute(id: string | number | bigint, reasonUri: string): Promise<string> {
    const tx = await call(
      'dispute',
      () => this.fn('dispute')(toId(id), reasonUri) as Promise<ContractTransactionResponse>,
    );
    await call('wait for the dispute', () => tx.wait());
    return tx.hash;
  }

  // ---------------------------------------------------------------- value flow

  /** Pays `amountWei` to a record; the contract splits it down the lineage. Returns every step it took. */
  async pay(id: string | number | bigint, amountWei: bigint): Promise<PaymentResult> {
    const tx = await call(
      'pay',
      () => this.fn('pay')(toId(id), { value: amountWei }) as Promise<ContractTransactionResponse>,
    );
    const receipt = await call('wait for the payment', () => tx.wait());
    const steps: PaymentStep[] = [];
    for (const log of receipt?.logs ?? []) {
      const parsed = this.parseLog(log);
      if (parsed?.name === 'Forwarded') {
        steps.push({
          step: 'forwarded',
          id: String(parsed.args.fromId),
          toId: String(parsed.args.toId),
          amount: parsed.args.amount as bigint,
          depth: Number(parsed.args.depth),
        });
      } else if (parsed?.name === 'Credited') {
        steps.push({
          step: 'credited',
          id: String(parsed.args.id),
          account: String(parsed.args.account),
          amount: parsed.args.amount as bigint,
          depth: Number(parsed.args.depth),
        });
      }
    }
    return { txHash: tx.hash, amount: amountWei, steps };
  }

  /** Wei credited to `account` and not yet withdrawn. */
  async creditsOf(account: string): Promise<bigint> {
    const address = checkAddress(account, 'account');
    return call('read the balance', () => this.fn('credits')(address) as Promise<bigint>);
  }

  /** Withdraws everything credited to the connected signer. */
  async withdraw(): Promise<{ txHash: string; amount: bigint }> {
    const tx = await call('withdraw', () => this.fn('withdraw')() as Promise<ContractTransactionResponse>);
    const receipt = await call('wait for the withdrawal', () => tx.wait());
    for (const log of receipt?.logs ?? []) {
      const parsed = this.parseLog(log);
      if (parsed?.name === 'Withdrawn') return { txHash: tx.hash, amount: parsed.args.amount as bigint };
    }
    throw new RegistryError(`Transaction ${tx.hash} did not emit a Withdrawn event.`);
  }

  // ---------------------------------------------------------------- reads

  /** All records of each hash, oldest first: one eth_call, then the events of records not read before. */
  async recordsByHashes(
    hashes: readonly string[],
    meter = new BudgetMeter(this.budget),
  ): Promise<RegistryRecordView[][]> {
    if (hashes.length === 0) return [];
    const encoded = hashes.map((h) => toBytes32(h, 'content hash'));
    const result = await call('look up hashes', () => this.fn('recordsByHashes')(encoded) as Promise<Result>);
    const lists = Array.from(result, (list: Result) => Array.from(list));
    await this.readEvents(lists.flat(), meter);
    return lists.map((list) => list.map((r) => this.view(r)));
  }

  /** Records by id: one eth_call, then the events of records not read before. */
  async recordsByIds(
    ids: readonly (string | number | bigint)[],
    meter = new BudgetMeter(this.budget),
  ): Promise<RegistryRecordView[]> {
    if (ids.length === 0) return [];
    const encoded = ids.map(toId);
    const result = await call('read records', () => this.fn('recordsByIds')(encoded) as Promise<Result>);
    const cores = Array.from(result);
    await this.readEvents(cores, meter);
    return cores.map((r) => this.view(r));
  }

  private view(core: Result): RegistryRecordView {
    const id = String(core.id);
    const facts = this.factsById.get(id);
    if (!facts) throw new RegistryUnavailableError(`The registration event of record #${id} was not read.`);
    const reasons = Array.from(
      core.disputes as Result,
      (_d: Result, i: number) => this.disputeReasons.get(`${id}:${i}`) ?? '',
    );
    return toRecordView(core, facts, reasons);
  }

  /**
   * Reads the Registered and Disputed events of records at the blocks their storage names, grouping blocks
   * into ranges the network accepts, so a record costs no scan of the chain's history.
   */
  private async readEvents(cores: readonly Result[], meter: BudgetMeter): Promise<void> {
    const wanted = new Map<number, Set<string>>();
    const want = (block: number, id: string) => {
      const ids = wanted.get(block) ?? new Set<string>();
      ids.add(id);
      wanted.set(block, ids);
    };
    for (const core of cores) {
      const id = String(core.id);
      if (!this.factsById.has(id)) want(Number(core.blockNumber), id);
      Array.from(core.disputes as Result).forEach((d: Result, i: number) => {
        if (!this.disputeReasons.has(`${id}:${i}`)) want(Number(d.blockNumber), id);
      });
    }
    if (wanted.size === 0) return;
    const blocks = [...wanted.keys()].sort((a, b) => a - b);
    const groups: { from: number; to: number; ids: Set<string> }[] = [];
    for (const block of blocks) {
      const ids = wanted.get(block) as Set<string>;
      const last = groups.at(-1);
      if (last && block - last.from < this.logs.maxBlockRange && last.ids.size + ids.size <= IDS_PER_QUERY) {
        last.to = block;
        for (const id of ids) last.ids.add(id);
      } else groups.push({ from: block, to: block, ids: new Set(ids) });
    }
    const events = this.contract.interface;
    const topic0 = [events.getEvent('Registered')!.topicHash, events.getEvent('Disputed')!.topicHash];
    const found = await call('read registration events', () =>
      Promise.all(
        groups.map((g) =>
          this.logs.getLogs(
            {
              address: this.address,
              topics: [topic0, [...g.ids].map((id) => zeroPadValue(toBeHex(BigInt(id)), 32))],
            },
            g.from,
            g.to,
            meter,
          ),
        ),
      ),
    );
    for (const log of found.flat()) {
      const parsed = this.parseLog(log);
      if (parsed?.name === 'Registered') {
        const a = parsed.args;
        this.factsById.set(String(a.id), {
          contentHash: String(a.contentHash),
          time: Number(a.time),
          manifestHash: String(a.manifestHash),
          title: String(a.title),
          creator: String(a.creator),
          uri: String(a.uri),
          digitalSourceType: String(a.digitalSourceType),
        });
      } else if (parsed?.name === 'Disputed') {
        this.disputeReasons.set(`${parsed.args.id}:${parsed.args.index}`, String(parsed.args.reasonUri));
      }
    }
    for (const core of cores) {
      if (!this.factsById.has(String(core.id))) {
        throw new RegistryUnavailableError(
          `The node returned no registration event for record #${core.id} at block ${core.blockNumber}.`,
          { hint: 'Some nodes drop old logs; use an RPC endpoint that keeps them (an archive node).' },
        );
      }
    }
  }

  async recordCount(): Promise<number> {
    return Number(await call('count records', () => this.fn('recordCount')() as Promise<bigint>));
  }

  /**
   * Records whose soft binding of `algorithm` is within `threshold` bits of `value`, using eth_getLogs topic
   * filters only. Pigeonhole: if two 64-bit values differ in at most d bits, one of their four 16-bit chunks
   * differs in at most floor(d / 4) bits, so asking for every bucket within that radius finds all of them.
   */
  async findNearDuplicates(
    value: string,
    options: { algorithm?: string; threshold?: number; meter?: BudgetMeter } = {},
  ): Promise<NearCandidate[]> {
    const algorithm = options.algorithm ?? 'pdq64';
    const threshold = options.threshold ?? this.nearThreshold;
    checkThreshold(threshold);
    const target = toUint64(value, `${algorithm} value`);
    const buckets = nearBuckets(target, Math.floor(threshold / 4)).map((b) => zeroPadValue(toBeHex(b), 32));
    const eventTopic = this.contract.interface.getEvent('SoftBindingChunk')!.topicHash;
    const algorithmTopic = encodeBytes32String(algorithm);
    const groups: string[][] = [];
    for (let i = 0; i < buckets.length; i += BUCKETS_PER_QUERY)
      groups.push(buckets.slice(i, i + BUCKETS_PER_QUERY));
    const meter = options.meter ?? new BudgetMeter(this.budget);
    const logs = await call('search fingerprints', async () => {
      const head = await this.logs.head(meter);
      const found = await Promise.all(
        groups.map((group) =>
          this.logs.getLogs(
            { address: this.address, topics: [eventTopic, algorithmTopic, group] },
            this.fromBlock,
            head,
            meter,
          ),
        ),
      );
      return found.flat();
    });

    const best = new Map<string, NearCandidate>();
    for (const log of logs) {
      const parsed = this.parseLog(log);
      if (parsed?.name !== 'SoftBindingChunk') continue;
      const candidateValue = parsed.args.value as bigint;
      const distance = hammingDistance64(target, candidateValue);
      if (distance > threshold) continue;
      const id = String(parsed.args.id);
      const previous = best.get(id);
      if (!previous || distance < previous.distance) {
        best.set(id, { id, algorithm, value: candidateValue.toString(16).padStart(16, '0'), distance });
      }
    }
    return [...best.values()].sort((a, b) => a.distance - b.distance || Number(BigInt(a.id) - BigInt(b.id)));
  }

  /** The lineage of records as credit trees (parents, their parents, ... up to the roots). */
  async lineage(
    ids: readonly string[],
    alreadyRead: readonly RegistryRecordView[] = [],
    meter = new BudgetMeter(this.budget),
  ): Promise<Map<string, Credit[]>> {
    return lineageOf((missing) => this.recordsByIds(missing, meter), ids, alreadyRead);
  }

  /** Exact and near matches of one piece of content, each with its lineage. */
  async lookup(query: LookupQuery): Promise<RegistryMatch[]> {
    const [matches] = await this.lookupMany([query]);
    return matches ?? [];
  }

  /** Matches of many pieces of content: one call for all exact hashes, near searches batched together. */
  async lookupMany(queries: readonly LookupQuery[]): Promise<RegistryMatch[][]> {
    const chainId = await this.chainId();
    const meter = new BudgetMeter(this.budget);
    const wantsNear = queries.some((q) =>
      q.fingerprints.some((f) => f.bits === 64 && NEAR_SEARCH[f.algorithm]),
    );
    const [exact, index] = await Promise.all([
      this.recordsByHashes(
        queries.map((q) => q.sha256),
        meter,
      ),
      wantsNear ? this.fingerprintIndex(meter) : Promise.resolve(new Map<string, Map<string, bigint[]>>()),
    ]);
    const near = queries.map((q) => this.searchProbes(q.fingerprints, index));
    return assembleMatches({
      chainId,
      registry: this.address,
      nearThreshold: this.nearThreshold,
      exact,
      near,
      readRecords: (ids) => this.recordsByIds(ids, meter),
    });
  }

  // ---------------------------------------------------------------- internals

  /**
   * Every registered 64-bit fingerprint, by algorithm and record, from the SoftBindingChunk logs. The logs are
   * cached by block height, so a later look-up reads only the blocks mined since: a page of images costs a
   * few requests however many fingerprints it probes, where asking by bucket would cost dozens per probe.
   */
  private async fingerprintIndex(meter: BudgetMeter): Promise<Map<string, Map<string, bigint[]>>> {
    const topic = this.contract.interface.getEvent('SoftBindingChunk')!.topicHash;
    this.fingerprintLogs ??= new CachedLogs({ address: this.address, topics: [topic] }, this.fromBlock);
    const cached = this.fingerprintLogs;
    const logs = await call('search fingerprints', async () =>
      cached.upTo(this.logs, await this.logs.head(meter), meter),
    );
    const index = new Map<string, Map<string, bigint[]>>();
    for (const log of logs) {
      const parsed = this.parseLog(log);
      if (parsed?.name !== 'SoftBindingChunk') continue;
      const algorithm = decodeBytes32String(String(parsed.args.algorithm));
      const byId = index.get(algorithm) ?? new Map<string, bigint[]>();
      index.set(algorithm, byId);
      const id = String(parsed.args.id);
      const values = byId.get(id) ?? [];
      const value = parsed.args.value as bigint;
      if (!values.includes(value)) values.push(value);
      byId.set(id, values);
    }
    return index;
  }

  /** Near candidates of every 64-bit probe against the registered hashes NEAR_SEARCH names, best per record. */
  private searchProbes(
    fingerprints: readonly Fingerprint[],
    index: Map<string, Map<string, bigint[]>>,
  ): NearCandidate[] {
    const best = new Map<string, NearCandidate>();
    for (const probe of fingerprints) {
      if (probe.bits !== 64) continue;
      const target = toUint64(probe.value, `${probe.algorithm} value`);
      for (const algorithm of NEAR_SEARCH[probe.algorithm] ?? []) {
        for (const [id, values] of index.get(algorithm) ?? []) {
          for (const value of values) {
            const distance = hammingDistance64(target, value);
            if (distance > this.nearThreshold) continue;
            const previous = best.get(id);
            if (!previous || distance < previous.distance) {
              best.set(id, { id, algorithm, value: value.toString(16).padStart(16, '0'), distance });
            }
          }
        }
      }
    }
    return [...best.values()].sort((a, b) => a.distance - b.distance || Number(BigInt(a.id) - BigInt(b.id)));
  }

  private fn(name: string): (...args: unknown[]) => Promise<unknown> {
    return this.contract.getFunction(name) as unknown as (...args: unknown[]) => Promise<unknown>;
  }

  private parseLog(log: Log): ReturnType<Contract['interface']['parseLog']> {
    if (log.address.toLowerCase() !== this.address.toLowerCase()) return null;
    try {
      return this.contract.interface.parseLog({ topics: [...log.topics], data: log.data });
    } catch {
      return null;
    }
  }
}
