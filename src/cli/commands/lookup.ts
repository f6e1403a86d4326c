// `provlens lookup PATH`: who registered this file (or a close copy of it), and its lineage to the roots.
import type { Command } from 'commander';
import { RegistryClient } from '../../registry/client.ts';
import { describeMatch } from '../../registry/describe.ts';
import { NETWORK_NAMES } from '../../registry/networks.ts';
import { connectionOptions, openRegistry, reportFailure } from '../../registry/node-connection.ts';
import { identifyFile } from '../../registry/node-files.ts';
import { withConfiguredIndexer } from '../../registry/node-indexer.ts';

interface LookupOptions {
  threshold?: string;
  rpc?: string;
  registry?: string;
  network?: string;
  json?: boolean;
  indexer?: string;
}

export function addLookupCommand(program: Command): void {
  program
    .command('lookup')
    .description('find registry records of a file: exact hash matches and near duplicates, with lineage')
    .argument('<path>', 'the file to look up')
    .option('--threshold <bits>', 'largest pdq64 Hamming distance for near duplicates (0-15)')
    .option('--rpc <url>', 'chain RPC URL (default: .provlens/deployment.json)')
    .option('--registry <address>', 'registry contract address (default: .provlens/deployment.json)')
    .option('--indexer <url>', 'registry indexer to ask first (default: the one `provlens index` runs)')
    .option(
      '--network <name>',
      `registry network: ${NETWORK_NAMES.join(' | ')} (RPC URL, address and limits from the list)`,
    )
    .option('--json', 'print JSON')
    .action(async (path: string, options: LookupOptions, command: Command) => {
      const threshold = options.threshold === undefined ? undefined : Number(options.threshold);
      if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 0 || threshold > 15)) {
        command.error(`--threshold must be a whole number of bits from 0 to 15, not "${options.threshold}"`, {
          exitCode: 2,
        });
      }
      try {
        const identity = await identifyFile(path);
        const { client: defaultClient, chainId } = await openRegistry(connectionOptions(options, false));
        const client =
          threshold === undefined
            ? defaultClient
            : new RegistryClient(defaultClient.address, defaultClient.provider, {
                fromBlock: defaultClient.fromBlock,
                maxBlockRange: defaultClient.logs.maxBlockRange,
                nearThreshold: threshold,
              });
        const source = withConfiguredIndexer(client, {
          chainId,
          ...(options.indexer ? { indexer: options.indexer } : {}),
          onFallback: (error) =>
            process.stderr.write(
              `provlens: ${(error as Error).message} Searching the chain's logs instead.\n`,
            ),
        });
        const matches = (await source.lookupMany([identity]))[0] ?? [];
        if (options.json) {
          const { fingerprintNote, ...query } = identity;
          console.log(
            JSON.stringify(
              { query, matches, ...(fingerprintNote ? { note: fingerprintNote } : {}) },
              null,
              2,
            ),
          );
          return;
        }
        const pdq64 = identity.fingerprints.find((f) => f.algorithm === 'pdq64');
        console.log(`sha256 ${identity.sha256}${pdq64 ? `  pdq64 ${pdq64.value}` : ''}`);
        if (identity.fingerprintNote)
          console.log(`Note: ${identity.fingerprintNote}; only exact copies can match.`);
        if (matches.length === 0) {
          console.log('No registry record for this file or a close copy of it.');
          return;
        }
        const exact = matches.filter((m) => m.match === 'exact');
        const near = matches.filter((m) => m.match === 'near');
        if (exact.length > 0) {
          console.log(
            `Registered ${exact.length} time${exact.length === 1 ? '' : 's'} (oldest first; the first is not necessarily the author):`,
          );
          for (const m of exact) for (const line of describeMatch(m)) console.log(`  ${line}`);
        }
        if (near.length > 0) {
          console.log(`Near duplicates (closest first):`);
          for (const m of near) for (const line of describeMatch(m)) console.log(`  ${line}`);
        }
      } catch (error) {
        reportFailure(error);
      }
    });
}
