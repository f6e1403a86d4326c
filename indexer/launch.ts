// Starts the registry indexer (`ponder start` on this folder) as a child process and waits for it. Node only.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IndexerClient, type IndexerProgress } from '../src/registry/indexer-client.ts';
import { freePort } from '../src/registry/node-chain.ts';

const INDEXER_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface IndexerOptions {
  rpcUrl: string;
  registry: string;
  chainId: number;
  /** The registry's deployment block: nothing before it is read. */
  startBlock?: number;
  /** HTTP port on `hostname` (default: a free port). */
  port?: number;
  hostname?: string;
  /** PostgreSQL connection string; without it the index lives in embedded PGlite under `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir?: string;
  /** Database schema of this index (Ponder keeps one app per schema). */
  schema?: string;
  /** How often the chain head is polled. */
  pollingIntervalMs?: number;
  /** `serve`: answer from a database another instance keeps up to date, without indexing. */
  mode?: 'start' | 'serve';
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Each line Ponder logs (JSON). */
  onLog?: (line: string) => void;
}

export interface RunningIndexer {
  url: string;
  port: number;
  process: ChildProcess;
  client: IndexerClient;
  /** Resolves once backfill is done (GET /ready answers 200). */
  ready(timeoutMs?: number): Promise<void>;
  /** Resolves once the index has reached `block` (default: the chain head when called). */
  caughtUp(block?: number, timeoutMs?: number): Promise<IndexerProgress>;
  stop(): Promise<void>;
  /** Why the indexer process ended, once it has ("the indexer exited (code 1)"). */
  exitReason(): string | undefined;
}

/** The schema name for a registry: one per chain and contract, within Ponder's 45 characters. */
export function indexSchema(chainId: number, registry: string): string {
  return `provlens_${chainId}_${registry.toLowerCase().replace(/^0x/, '').slice(0, 12)}`;
}

function ponderBin(): string {
  // Ponder's exports map has no require condition: look through the node_modules folders Node would.
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths('ponder') ?? []) {
    const bin = path.join(dir, 'ponder/dist/esm/bin/ponder.js');
    if (existsSync(bin)) return bin;
  }
  throw new Error('The ponder package is not installed; run `npm install`.');
}

export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  const port = options.port ?? (await freePort());
  const hostname = options.hostname ?? '127.0.0.1';
  const schema = options.schema ?? indexSchema(options.chainId, options.registry);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PONDER_TELEMETRY_DISABLED: '1',
    PROVLENS_INDEX_RPC_URL: options.rpcUrl,
    PROVLENS_INDEX_REGISTRY: options.registry,
    PROVLENS_INDEX_CHAIN_ID: String(options.chainId),
    PROVLENS_INDEX_START_BLOCK: String(options.startBlock ?? 0),
    ...(options.pgliteDir ? { PROVLENS_INDEX_PGLITE_DIR: path.resolve(options.pgliteDir) } : {}),
    ...(options.pollingIntervalMs ? { PROVLENS_INDEX_POLL_MS: String(options.pollingIntervalMs) } : {}),
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [
      ponderBin(),
      '--root',
      INDEXER_DIR,
      '--log-format',
      'json',
      '--log-level',
      options.logLevel ?? 'warn',
      options.mode ?? 'start',
      '--schema',
      schema,
      '--port',
      String(port),
      '--hostname',
      hostname,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let tail = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    tail = (tail + text).slice(-4000);
    if (options.onLog) for (const line of text.split('\n')) if (line.trim()) options.onLog(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `the indexer exited (${signal ?? `code ${code}`})`;
      resolve();
    });
    child.once('error', (error) => {
      exited = `the indexer could not start: ${error.message}`;
      resolve();
    });
  });
  const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  const client = new IndexerClient(url, {
    timeoutMs: 10_000,
    expect: { chainId: options.chainId, address: options.registry },
  });
  const failure = (): Error => new Error(`${exited}. ${tail.trim().split('\n').slice(-5).join('\n')}`.trim());

  const ready = async (timeoutMs = 120_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited !== undefined) throw failure();
      try {
        const response = await fetch(`${url}/ready`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`The indexer at ${url} was not ready within ${timeoutMs / 1000} s. ${tail.trim()}`);
  };

  const caughtUp = async (block?: number, timeoutMs = 60_000): Promise<IndexerProgress> => {
    const deadline = Date.now() + timeoutMs;
    let target = block;
    let last: IndexerProgress | undefined;
    while (Date.now() < deadline) {
      if (exited !== undefined) throw failure();
      try {
        last = await client.progress();
        target ??= last.headBlock;
        if (last.indexedBlock >= target) return last;
      } catch {
        // still starting
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
      `The indexer at ${url} did not reach block ${target} within ${timeoutMs / 1000} s (at ${last?.indexedBlock}).`,
    );
  };

  const stop = async (): Promise<void> => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };

  return { url, port, process: child, client, ready, caughtUp, stop, exitReason: () => exited };
}
