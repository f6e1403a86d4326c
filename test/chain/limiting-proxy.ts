// A loopback JSON-RPC proxy in front of anvil that refuses what public endpoints refuse, the way they say it:
// eth_getLogs over too many blocks or with too many results, and bursts over a rate limit (HTTP 429).
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ProxyLimits {
  /** Largest block range of one eth_getLogs (inclusive count of blocks). */
  maxBlockRange: number;
  /** Most logs one eth_getLogs may return. */
  maxResults: number;
  /** Most HTTP requests per window before answering 429 with Retry-After. */
  requestsPerWindow: number;
  windowMs: number;
}

interface RpcRequest {
  jsonrpc: '2.0';
  id: number | string | null;
  method: string;
  params?: unknown[];
}

export interface LimitingProxy {
  url: string;
  /** JSON-RPC requests answered (refused ranges and result counts included, rate-limited ones not), by method. */
  methods: string[];
  refusals: { range: number; results: number; rate: number };
  reset(): void;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startLimitingProxy(upstream: string, limits: ProxyLimits): Promise<LimitingProxy> {
  const methods: string[] = [];
  const refusals = { range: 0, results: 0, rate: 0 };
  let windowStart = Date.now();
  let inWindow = 0;

  const forward = async (payload: unknown): Promise<unknown> => {
    const response = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return response.json();
  };
  const blockOf = async (tag: unknown): Promise<number> => {
    if (typeof tag === 'string' && tag.startsWith('0x')) return Number(BigInt(tag));
    const head = (await forward({ jsonrpc: '2.0', id: 0, method: 'eth_blockNumber', params: [] })) as {
      result: string;
    };
    return Number(BigInt(head.result));
  };
  const answer = async (request: RpcRequest): Promise<unknown> => {
    methods.push(request.method);
    if (request.method === 'eth_getLogs') {
      const filter = (request.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      const from = await blockOf(filter.fromBlock ?? 'latest');
      const to = await blockOf(filter.toBlock ?? 'latest');
      if (to - from + 1 > limits.maxBlockRange) {
        refusals.range += 1;
        return {
          jsonrpc: '2.0',
          id: request.id,
          error: {
            code: -32602,
            message: `eth_getLogs block range too large, range: ${to - from + 1}, max: ${limits.maxBlockRange}`,
          },
        };
      }
      const result = (await forward(request)) as { result?: unknown[] };
      if (Array.isArray(result.result) && result.result.length > limits.maxResults) {
        refusals.results += 1;
        return {
          jsonrpc: '2.0',
          id: request.id,
          error: { code: -32005, message: `query returned more than ${limits.maxResults} results` },
        };
      }
      return result;
    }
    return forward(request);
  };

  const server: Server = createServer(async (request, response) => {
    const text = await body(request);
    const now = Date.now();
    if (now - windowStart >= limits.windowMs) {
      windowStart = now;
      inWindow = 0;
    }
    inWindow += 1;
    let parsed: RpcRequest | RpcRequest[];
    try {
      parsed = JSON.parse(text) as RpcRequest | RpcRequest[];
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (inWindow > limits.requestsPerWindow) {
      refusals.rate += 1;
      response.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(Math.ceil(limits.windowMs / 1000)),
      });
      response.end(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32005, message: 'rate limit exceeded' } }),
      );
      return;
    }
    const result = Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    methods,
    refusals,
    reset() {
      methods.length = 0;
      refusals.range = 0;
      refusals.results = 0;
      refusals.rate = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
