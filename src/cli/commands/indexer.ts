// `provlens index`: runs the registry indexer (Ponder) for a registry until Ctrl-C, so look-ups are
// answered from a database in milliseconds instead of by scanning chain logs.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { indexSchema, startIndexer } from '../../../indexer/launch.ts';
import { connectRpc } from '../../registry/client.ts';
import { ANVIL_CHAIN_ID, freePort } from '../../registry/node-chain.ts';
import { describeFailure, exitCodeFor, hintLine } from '../../registry/node-connection.ts';
import { DEPLOYMENT_FILE, readDeployment } from '../../registry/node-deployment.ts';
import { announceIndexer, INDEXER_FILE, withdrawIndexer } from '../../registry/node-indexer.ts';
import { untilStopped } from '../until-stopped.ts';
import { UsageError } from '../usage-error.ts';

interface IndexOptions {
  rpc?: string;
  registry?: string;
  fromBlock?: string;
  port?: string;
  host: string;
  databaseUrl?: string;
  dataDir?: string;
  serveOnly?: boolean;
  json?: boolean;
}

const DEFAULT_PORT = 42069;

export function addIndexCommand(program: Command): void {
  program
    .command('index')
    .description(
      'run the registry indexer: exact, near-duplicate and lineage look-ups from a database; Ctrl-C stops it',
    )
    .option('--rpc <url>', `chain RPC URL (default: ${DEPLOYMENT_FILE})`)
    .option('--registry <address>', `registry contract address (default: ${DEPLOYMENT_FILE})`)
    .option(
      '--from-block <n>',
      'block the registry was deployed in (default: from the deployment file, else 0)',
    )
    .option('--port <port>', `HTTP port (default ${DEFAULT_PORT} if free, else any free port)`)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--database-url <url>',
      'PostgreSQL connection string (default: $DATABASE_URL, else embedded PGlite)',
    )
    .option('--data-dir <dir>', 'embedded PGlite folder (default: .provlens/index/<chain>-<registry>)')
    .option('--serve-only', 'answer from a PostgreSQL index another `provlens index` keeps up to date')
    .option('--json', 'print one JSON line once ready')
    .action(async (options: IndexOptions) => {
      const deployment = options.rpc && options.registry ? undefined : readDeployment();
      const rpcUrl = options.rpc ?? deployment?.rpcUrl;
      const registry = options.registry ?? deployment?.address;
      if (!rpcUrl || !registry)
        throw new UsageError(`no registry: ${DEPLOYMENT_FILE} not found and --rpc/--registry not both given`);
      if (!/^0x[0-9a-fA-F]{40}$/.test(registry))
        throw new UsageError(
          `--registry must be a contract address (0x and 40 hex digits), not "${registry}"`,
        );
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
        throw new UsageError(`--port must be a port number from 1 to 65535, not "${options.port}"`);
      const fromBlock = options.fromBlock === undefined ? undefined : Number(options.fromBlock);
      if (fromBlock !== undefined && (!Number.isInteger(fromBlock) || fromBlock < 0))
        throw new UsageError(`--from-block must be a block number, not "${options.fromBlock}"`);
      const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
      if (options.serveOnly && !databaseUrl)
        throw new UsageError(
          '--serve-only needs a PostgreSQL index: pass --database-url or set DATABASE_URL',
        );

      let running: Awaited<ReturnType<typeof startIndexer>> | undefined;
      // Ctrl-C or SIGTERM at any moment, starting included, stops the Ponder child with this process.
      let stopRequested = false;
      const finished = untilStopped().then(() => {
        stopRequested = true;
      });
      try {
        const chainId = Number(
          (await (await connectRpc(rpcUrl, { timeoutMs: 10_000 })).getNetwork()).chainId,
        );
        if (stopRequested) return;
        const same = deployment && deployment.address.toLowerCase() === registry.toLowerCase();
        const dataDir =
          options.dataDir ??
          path.join('.provlens/index', `${chainId}-${registry.toLowerCase().slice(2, 14)}`);
        // A local chain starts empty each time: an index of an earlier run would describe blocks that are gone.
        if (!databaseUrl && !options.dataDir && chainId === ANVIL_CHAIN_ID)
          await rm(dataDir, { recursive: true, force: true });
        running = await startIndexer({
          rpcUrl,
          registry,
          chainId,
          startBlock: fromBlock ?? (same ? deployment.block : 0),
          port: port ?? (await preferredPort()),
          hostname: options.host,
          ...(databaseUrl ? { databaseUrl } : { pgliteDir: dataDir }),
          schema: indexSchema(chainId, registry),
          ...(options.serveOnly ? { mode: 'serve' as const } : {}),
          onLog: (line) => {
            const entry = parseLog(line);
            if (entry && entry.level >= 50) process.stderr.write(`provlens index: ${entry.msg}\n`);
          },
        });
        const child = running.process;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        await Promise.race([running.ready(10 * 60_000), finished]);
        if (stopRequested) return;
        // Ready means the backfill is done; the blocks since then follow within a poll or two.
        const started = running;
        const progress = await Promise.race([
          started.caughtUp(undefined, 30_000).catch(() => started.client.progress()),
          finished,
        ]);
        if (stopRequested || !progress) return;
        await announceIndexer({ url: running.url, chainId, registry, pid: process.pid });
        if (options.json) {
          console.log(JSON.stringify({ url: running.url, ...progress }));
        } else {
          console.log('Registry indexer running (Ponder).');
          console.log(`  URL:       ${running.url}   (GET /progress, POST /lookup, GET /near, /records/...)`);
          console.log(`  Registry:  ${registry} on chain ${chainId} via ${rpcUrl}`);
          console.log(
            `  Database:  ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${dataDir}`}`,
          );
          console.log(
            `  Progress:  block ${progress.indexedBlock} of ${progress.headBlock} (${progress.blocksBehind} behind)`,
          );
          console.log(`  Written:   ${INDEXER_FILE} (provlens verify and lookup ask this indexer first)`);
          console.log('Press Ctrl-C to stop.');
        }
        await Promise.race([finished, exited]);
      } catch (error) {
        process.stderr.write(
          `provlens: the registry indexer could not run: ${describeFailure(error)}\n${hintLine(error)}`,
        );
        process.exitCode = exitCodeFor(error);
      } finally {
        await withdrawIndexer(process.pid);
        const died = running?.exitReason();
        await running?.stop();
        if (died && !stopRequested && process.exitCode === undefined) {
          process.stderr.write(`provlens: the registry indexer stopped by itself: ${died}\n`);
          process.exitCode = 1;
        } else if (stopRequested && !options.json) console.log('Registry indexer stopped.');
      }
    });
}

async function preferredPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(DEFAULT_PORT, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  return free ? DEFAULT_PORT : freePort();
}

function parseLog(line: string): { level: number; msg: string } | undefined {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; error?: { message?: string } };
    if (typeof entry.level !== 'number') return undefined;
    return { level: entry.level, msg: [entry.msg, entry.error?.message].filter(Boolean).join(': ') };
  } catch {
    return line.trim() ? { level: 50, msg: line.trim() } : undefined;
  }
}
