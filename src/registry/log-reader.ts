// eth_getLogs within the limits public RPC endpoints set: block ranges no larger than the network allows,
// ranges split again when a node answers that a range or its result is too large, waits on rate limits,
// and a budget of requests and time per look-up. Browser-safe.
import type { Log, Provider } from 'ethers';
import { RegistryUnavailableError } from './errors.ts';

export interface LogFilter {
  address: string;
  topics: (string | string[] | null)[];
}

export interface LookupBudget {
  /** Most JSON-RPC requests one look-up may send for logs (retries and splits included). */
  maxRequests: number;
  /** Most milliseconds one look-up may spend reading logs. */
  maxMs: number;
}

export const DEFAULT_BUDGET: LookupBudget = { maxRequests: 200, maxMs: 30_000 };
/** Block range per eth_getLogs when the network states none (a local node has no limit worth hitting). */
export const DEFAULT_MAX_BLOCK_RANGE = 50_000;
const MAX_PARALLEL = 4;
const MAX_RATE_LIMIT_WAIT_MS = 10_000;

/** A budget being spent: one per look-up. */
export class BudgetMeter {
  requests = 0;
  private readonly started = Date.now();
  constructor(readonly budget: LookupBudget) {}

  spend(what: string): void {
    this.requests += 1;
    if (this.requests > this.budget.maxRequests) {
      throw new RegistryUnavailableError(
        `The registry look-up needed more than ${this.budget.maxRequests} requests to ${what}; it stopped there.`,
        {
          hint: 'The RPC endpoint allows only small log ranges; an indexer or another endpoint answers faster.',
        },
      );
    }
    this.checkTime(what);
  }

  remainingMs(): number {
    return this.budget.maxMs - (Date.now() - this.started);
  }

  checkTime(what: string): void {
    if (this.remainingMs() < 0) {
      throw new RegistryUnavailableError(
        `The registry look-up took longer than ${Math.round(this.budget.maxMs / 1000)} s to ${what}; it stopped there.`,
        { hint: 'The RPC endpoint is slow or rate-limited; try again later or use another endpoint.' },
      );
    }
  }
}

/** What a node's refusal of eth_getLogs means for the caller. */
export type LogRefusal = { kind: 'too-large' } | { kind: 'rate-limited'; retryAfterMs: number } | null;

// The answers public providers give when a range or its result count is over their limit.
const TOO_LARGE = [
  /block range/i,
  /range (is )?too (large|wide|big)/i,
  /more than \d+ (results|logs)/i,
  /query returned more than/i,
  /too many (results|logs|blocks)/i,
  /response size (is )?(too large|exceeded)/i,
  /exceed(s|ed)? (the )?(max(imum)?|limit)/i,
  /limited to (a )?\d+/i,
  /log response size/i,
];
const RATE_LIMITED = [/rate limit/i, /too many requests/i, /request limit/i, /capacity exceeded/i];

/** Classifies an error thrown by a provider for eth_getLogs (JSON-RPC error object or HTTP status). */
export function classifyLogError(error: unknown): LogRefusal {
  const e = error as {
    code?: unknown;
    message?: unknown;
    shortMessage?: unknown;
    error?: { code?: unknown; message?: unknown };
    info?: { error?: { code?: unknown; message?: unknown } };
    response?: { statusCode?: number; headers?: Record<string, string> };
  } | null;
  if (!e || typeof e !== 'object') return null;
  const rpc = e.error ?? e.info?.error;
  const code = typeof rpc?.code === 'number' ? rpc.code : undefined;
  const text = [rpc?.message, e.shortMessage, e.message].filter((m) => typeof m === 'string').join(' ');
  const status = e.response?.statusCode;
  const retryAfter = retryAfterMs(e.response?.headers?.['retry-after']);
  if (status === 429 || RATE_LIMITED.some((r) => r.test(text))) {
    return { kind: 'rate-limited', retryAfterMs: retryAfter ?? 1000 };
  }
  if (status === 413 || TOO_LARGE.some((r) => r.test(text))) return { kind: 'too-large' };
  // -32005 is "limit exceeded" (results or rate, by message); -32602 with a range message is matched above.
  if (code === -32005) return { kind: 'too-large' };
  return null;
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export interface LogReaderOptions {
  maxBlockRange?: number;
}

/** Reads logs for one registry through one provider. */
export class LogReader {
  readonly maxBlockRange: number;
  constructor(
    readonly provider: Provider,
    options: LogReaderOptions = {},
  ) {
    this.maxBlockRange = Math.max(1, options.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE);
  }

  async head(meter: BudgetMeter): Promise<number> {
    meter.spend('read the latest block');
    return this.provider.getBlockNumber();
  }

  /** Every log matching `filter` in [fromBlock, toBlock], in ranges the node accepts, in block order. */
  async getLogs(filter: LogFilter, fromBlock: number, toBlock: number, meter: BudgetMeter): Promise<Log[]> {
    if (toBlock < fromBlock) return [];
    const windows: [number, number][] = [];
    for (let from = fromBlock; from <= toBlock; from += this.maxBlockRange) {
      windows.push([from, Math.min(toBlock, from + this.maxBlockRange - 1)]);
    }
    const results: Log[][] = new Array(windows.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < windows.length) {
        const at = next++;
        const [from, to] = windows[at] as [number, number];
        results[at] = await this.window(filter, from, to, meter);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL, windows.length) }, worker));
    return results.flat();
  }

  private async window(filter: LogFilter, from: number, to: number, meter: BudgetMeter): Promise<Log[]> {
    for (;;) {
      meter.spend(`read logs of blocks ${from}–${to}`);
      try {
        return await this.provider.getLogs({
          address: filter.address,
          topics: filter.topics,
          fromBlock: from,
          toBlock: to,
        });
      } catch (error) {
        const refusal = classifyLogError(error);
        if (refusal?.kind === 'too-large' && to > from) {
          const middle = from + Math.floor((to - from) / 2);
          const left = await this.window(filter, from, middle, meter);
          const right = await this.window(filter, middle + 1, to, meter);
          return [...left, ...right];
        }
        if (refusal?.kind === 'rate-limited') {
          const wait = Math.min(refusal.retryAfterMs, MAX_RATE_LIMIT_WAIT_MS);
          if (wait > meter.remainingMs()) meter.checkTime(`wait for the RPC endpoint's rate limit`);
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
        throw error;
      }
    }
  }
}

/**
 * Logs of one filter cached by block height: a later read only asks for blocks after the last one read.
 * Only blocks at least `confirmations` deep are cached, so a reorganised tip is read again.
 */
export class CachedLogs {
  private logs: Log[] = [];
  private readUpTo: number;
  constructor(
    private readonly filter: LogFilter,
    readonly fromBlock: number,
    private readonly confirmations = 0,
  ) {
    this.readUpTo = fromBlock - 1;
  }

  async upTo(reader: LogReader, head: number, meter: BudgetMeter): Promise<Log[]> {
    const fresh = await reader.getLogs(this.filter, this.readUpTo + 1, head, meter);
    const stable = head - this.confirmations;
    const keep = fresh.filter((l) => l.blockNumber <= stable);
    const tip = fresh.filter((l) => l.blockNumber > stable);
    this.logs.push(...keep);
    this.readUpTo = Math.max(this.readUpTo, stable);
    return tip.length > 0 ? [...this.logs, ...tip] : this.logs;
  }
}
