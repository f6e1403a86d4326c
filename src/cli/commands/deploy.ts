// `provlens deploy`: put the registry on a chain at the address it has on every chain (or find it there).
import type { Command } from 'commander';
import { connectRpc } from '../../registry/client.ts';
import { NETWORK_NAMES, type RegistryNetwork } from '../../registry/networks.ts';
import { connectNetwork, reportFailure, resolveNetwork, signerFor } from '../../registry/node-connection.ts';
import { deployRegistry } from '../../registry/node-deploy.ts';

interface DeployOptions {
  rpc?: string;
  network?: string;
  keyFile?: string;
  json?: boolean;
}

export function addDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description(
      'deploy the registry through the CREATE2 factory: the same address on every chain; a second run finds it and sends nothing',
    )
    .option('--rpc <url>', 'chain RPC URL')
    .option('--network <name>', `a known network: ${NETWORK_NAMES.join(' | ')}`)
    .option(
      '--key-file <file>',
      'file holding the hex private key that pays (default on local anvil: dev account 0)',
    )
    .option('--json', 'print JSON')
    .action(async (options: DeployOptions, command: Command) => {
      if (!options.rpc && !options.network)
        command.error('give --network NAME or --rpc URL', { exitCode: 2 });
      try {
        let network: RegistryNetwork | undefined;
        let provider: Awaited<ReturnType<typeof connectRpc>>;
        if (options.network) {
          network = resolveNetwork(options.network);
          ({ provider } = await connectNetwork(network, options.rpc));
        } else provider = await connectRpc(options.rpc as string);
        const notes: string[] = [];
        const signer = await signerFor(provider, options.keyFile, notes);
        const result = await deployRegistry(signer);
        provider.destroy();
        if (options.json) {
          console.log(JSON.stringify({ ...result, network: network?.name ?? null, notes }));
          return;
        }
        for (const note of notes) console.log(`Note: ${note}`);
        const where = network ? `${network.label} (chain ${result.chainId})` : `chain ${result.chainId}`;
        const block =
          result.block === null ? 'block unknown: the node keeps no old state' : `block ${result.block}`;
        if (result.alreadyDeployed) {
          console.log(
            `The registry is already deployed at ${result.address} on ${where} (${block}); nothing sent.`,
          );
        } else {
          console.log(
            `Deployed the registry at ${result.address} on ${where}: ${block}, transaction ${result.txHash}.`,
          );
        }
      } catch (error) {
        reportFailure(error);
      }
    });
}
