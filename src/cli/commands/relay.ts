// `provlens relay`: submit creators' signed registrations and pay their gas, so creators need no funds.

import type { Command } from 'commander';
import type { RegistryClient } from '../../registry/client.ts';
import { NETWORK_NAMES } from '../../registry/networks.ts';
import { connectionOptions, openRegistry, reportFailure } from '../../registry/node-connection.ts';
import { startRelay } from '../../registry/node-relay.ts';
import { untilStopped } from '../until-stopped.ts';

interface RelayOptions {
  network?: string;
  rpc?: string;
  registry?: string;
  keyFile?: string;
  host: string;
  port: string;
  perSigner: string;
}

export function addRelayCommand(program: Command): void {
  program
    .command('relay')
    .description(
      'an HTTP service that checks registrations signed by their creators and submits them, paying the gas',
    )
    .option('--network <name>', `registry network: ${NETWORK_NAMES.join(' | ')}`)
    .option('--rpc <url>', "chain RPC URL (default: the network's, or .provlens/deployment.json)")
    .option('--registry <address>', "registry contract address (default: the network's)")
    .option(
      '--key-file <file>',
      'file holding the hex private key that pays (default on local anvil: dev account 0)',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8547')
    .option('--per-signer <count>', 'registrations one creator may send per hour', '10')
    .action(async (options: RelayOptions, command: Command) => {
      const port = Number(options.port);
      const perSigner = Number(options.perSigner);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        command.error(`--port must be a port number from 0 to 65535, not "${options.port}"`, { exitCode: 2 });
      if (!Number.isInteger(perSigner) || perSigner < 1)
        command.error(`--per-signer must be a whole number of 1 or more, not "${options.perSigner}"`, {
          exitCode: 2,
        });
      try {
        const connection = await openRegistry(connectionOptions(options, true));
        const signer = connection.signer!;
        const relay = await startRelay({
          client: connection.client as RegistryClient,
          host: options.host,
          port,
          perSignerLimit: perSigner,
        });
        for (const note of connection.notes) console.log(`Note: ${note}`);
        const where = connection.network
          ? `${connection.network.label} (chain ${connection.chainId})`
          : `chain ${connection.chainId}`;
        console.log(
          `Relaying registrations to ${connection.client.address} on ${where}, paid by ${signer.address}.`,
        );
        console.log(`Listening: ${relay.url}`);
        await untilStopped();
        await relay.close();
        connection.provider.destroy();
      } catch (error) {
        reportFailure(error);
      }
    });
}
