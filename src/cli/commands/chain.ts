// `provlens chain`: a local EVM chain (anvil) with the registry deployed and demo records, until Ctrl-C.

import path from 'node:path';
import type { Command } from 'commander';
import { fundAddress, startLocalRegistry } from '../../registry/node-chain.ts';
import { describeFailure, exitCodeFor, hintLine } from '../../registry/node-connection.ts';
import { DEPLOYMENT_FILE } from '../../registry/node-deployment.ts';
import { untilStopped } from '../until-stopped.ts';

interface ChainOptions {
  port?: string;
  seed: boolean;
  fund: string[];
  json?: boolean;
}

export function addChainCommand(program: Command): void {
  program
    .command('chain')
    .description('start a local chain (anvil) with the provenance registry and demo records; Ctrl-C stops it')
    .option('--port <port>', 'RPC port on 127.0.0.1 (default 8545 if free, else any free port)')
    .option('--no-seed', 'deploy the registry without demo records')
    .option(
      '--fund <address>',
      'send 10 ETH to this address (repeatable), e.g. the extension key',
      collect,
      [],
    )
    .option('--json', 'print the deployment as one JSON line once ready')
    .action(async (options: ChainOptions, command: Command) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        command.error(`--port must be a port number from 1 to 65535, not "${options.port}"`, { exitCode: 2 });
      }
      let running: Awaited<ReturnType<typeof startLocalRegistry>>;
      try {
        running = await startLocalRegistry({ seed: options.seed, ...(port !== undefined ? { port } : {}) });
        for (const address of options.fund) await fundAddress(running.chain.rpcUrl, address);
      } catch (error) {
        process.stderr.write(
          `provlens: could not start the local registry chain: ${describeFailure(error)}\n${hintLine(error)}`,
        );
        process.exitCode = exitCodeFor(error);
        return;
      }
      const { deployment, demo, chain } = running;
      if (options.json) {
        console.log(JSON.stringify(deployment));
      } else {
        console.log('Local registry chain running (anvil).');
        console.log(`  RPC URL:   ${deployment.rpcUrl}`);
        console.log(`  Chain id:  ${deployment.chainId}`);
        console.log(`  Registry:  ${deployment.address}`);
        console.log(`  Written:   ${DEPLOYMENT_FILE} (used by provlens register/lookup/pay by default)`);
        for (const address of options.fund) console.log(`  Funded:    ${address} with 10 ETH`);
        if (demo) {
          console.log(
            `  Demo:      dataset #${demo.dataset}, model #${demo.model}, application #${demo.application}, ` +
              `outputs ${demo.outputs.map((id) => `#${id}`).join(' ')}, photo #${demo.photo}`,
          );
          const copy = path.relative(process.cwd(), demo.photoCopy);
          console.log(`  Try:       provlens lookup ${copy}   (an unregistered copy of the photo)`);
          console.log(`             provlens pay ${demo.outputs[0]} --value 0.01`);
          if (!demo.fingerprinted)
            console.log('  Note:      demo files were registered without fingerprints.');
        }
        console.log('Press Ctrl-C to stop; the chain keeps no state after it stops.');
      }
      await untilStopped(chain.process);
      await chain.stop();
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
