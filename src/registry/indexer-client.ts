// Registry look-ups answered by a registry indexer (the `indexer/` package, started by `provlens index`)
// instead of eth_getLogs scans: one HTTP request per batch. Browser-safe (fetch only).
import type { RegistryMatch, RegistryRecordView } from '../verdict/types.ts';
import { checkAddress, checkThreshold } from './encoding.ts';
import { RegistryInputError, RegistryUnavailableError } from './errors.ts';
import {
  assembleMatches,
  bestPerRecord,
  type LookupQuery,
  type NearCandidate,
  nearSearches,
} from './matches.ts';

/** How far the indexer has followed the chain. */
export interface IndexerProgress {
  chainId: number;
  registry: string;
  indexedBlock: number;
  headBlock: number;
  blocksBehind: number;
}

export interface IndexerClientOptions {
  /** Largest Hamming distance for near matches (as RegistryClient's). */
  nearThreshold?: number;
  /** Per request; past it the caller falls back to the chain. */
  timeoutMs?: number;
  /** The registry the caller expects: an indexer of another chain or contract is refused. */
  expect?: { chainId?: number; address?: string };
  fetch?: typeof fetch;
}

interface LookupAnswer {
  exact: RegistryRecordView[][];
  near: NearCandidate[][][];
  records: RegistryRecordView[];
  progress: IndexerProgress;
}

export const DEFAULT_INDEXER_TIMEOUT_MS = 2000;

/** A registry indexer's base URL, checked: http(s) only, no trailing slash. */
export function indexerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RegistryInputError(`The indexer URL "${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new RegistryInputError(`The indexer URL must start with http:// or https://, not "${url}".`);
  return parsed.href.replace(/\/+$/, '');
}

export class IndexerClient {
  readonly url: string;
  readonly nearThreshold: number;
  readonly timeoutMs: number;
  /** What the last answer said about how far behind the chain head the index is. */
  lastProgress: IndexerProgress | undefined;
  private readonly expect: { chainId?: number; address?: string };
  private readonly fetcher: typeof fetch;

  constructor(url: string, options: IndexerClientOptions = {}) {
    this.url = indexerUrl(url);
    this.nearThreshold = options.nearThreshold ?? 12;
    checkThreshold(this.nearThreshold);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_INDEXER_TIMEOUT_MS;
    this.expect = {
      ...(options.expect?.chainId !== undefined ? { chainId: options.expect.chainId } : {}),
      ...(options.expect?.address
        ? { address: checkAddress(options.expect.address, 'registry address') }
        : {}),
    };
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** How far the index is behind the chain head. */
  async progress(): Promise<IndexerProgress> {
    const progress = this.checked(await this.request<IndexerProgress>('/progress'));
    this.lastProgress = progress;
    return progress;
  }

  async lookup(query: LookupQuery): Promise<RegistryMatch[]> {
    const [matches] = await this.lookupMany([query]);
    return matches ?? [];
  }

  /** The same answers as RegistryClient.lookupMany, from one request to the indexer. */
  async lookupMany(queries: readonly LookupQuery[]): Promise<RegistryMatch[][]> {
    const searches = queries.map((q) => nearSearches(q.fingerprints));
    const answer = await this.request<LookupAnswer>('/lookup', {
      threshold: this.nearThreshold,
      queries: queries.map((q, i) => ({ sha256: q.sha256, searches: searches[i] })),
    });
    const progress = this.checked(answer.progress);
    this.lastProgress = progress;
    const byId = new Map<string, RegistryRecordView>();
    for (const record of [...answer.exact.flat(), ...answer.records]) byId.set(record.id, record);
    return assembleMatches({
      chainId: progress.chainId,
      registry: progress.registry,
      nearThreshold: this.nearThreshold,
      exact: answer.exact,
      near: searches.map((list, i) => bestPerRecord(list.flatMap((_, j) => answer.near[i]?.[j] ?? []))),
      readRecords: async (ids) =>
        ids.map((id) => {
          const record = byId.get(id);
          if (!record)
            throw new RegistryUnavailableError(`The indexer at ${this.url} left out record #${id}.`);
          return record;
        }),
    });
  }

  private checked(progress: IndexerProgress): IndexerProgress {
    if (typeof progress?.chainId !== 'number' || typeof progress.registry !== 'string')
      throw new RegistryUnavailableError(`The indexer at ${this.url} did not say which registry it follows.`);
    if (this.expect.chainId !== undefined && progress.chainId !== this.expect.chainId)
      throw new RegistryUnavailableError(
        `The indexer at ${this.url} follows chain ${progress.chainId}, not chain ${this.expect.chainId}.`,
      );
    if (this.expect.address && progress.registry.toLowerCase() !== this.expect.address.toLowerCase())
      throw new RegistryUnavailableError(
        `The indexer at ${this.url} follows the registry at ${progress.registry}, not ${this.expect.address}.`,
      );
    return progress;
  }

  private async request<T>(path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await this.fetcher(`${this.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        const detail = (json as { error?: string } | undefined)?.error ?? `HTTP ${response.status}`;
        throw new RegistryUnavailableError(`The indexer at ${this.url} refused ${path}: ${detail}`);
      }
      if (json === undefined) throw new RegistryUnavailableError(`The indexer at ${this.url} sent no JSON.`);
      return json as T;
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw error;
      const detail = controller.signal.aborted
        ? `no answer within ${this.timeoutMs / 1000} s`
        : error instanceof Error
          ? error.message
          : String(error);
      throw new RegistryUnavailableError(`The indexer at ${this.url} did not answer (${detail}).`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Something that answers look-ups in batches: RegistryClient (chain logs) or IndexerClient. */
export interface BatchLookup {
  lookupMany(queries: readonly LookupQuery[]): Promise<RegistryMatch[][]>;
}

/**
 * Look-ups that ask the indexer first and the chain when the indexer fails or is slower than its own
 * timeout (shorter than the registry deadline, so the fallback still fits in it). `onFallback` hears why.
 */
export function preferIndexer(
  indexer: IndexerClient,
  chain: BatchLookup,
  onFallback?: (error: unknown) => void,
): BatchLookup {
  return {
    async lookupMany(queries) {
      try {
        return await indexer.lookupMany(queries);
      } catch (error) {
        if (error instanceof RegistryInputError) throw error;
        onFallback?.(error);
        return chain.lookupMany(queries);
      }
    },
  };
}
