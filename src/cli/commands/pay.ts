// `provlens pay ID`, `provlens balance [ADDR]`, `provlens withdraw`: value flowing down the lineage.
import type { Command } from 'commander';
import { formatEther, isAddress, parseUnits } from 'ethers';
import { NETWORK_NAMES } from '../../registry/networks.ts';
import { connectionOptions, openRegistry, reportFailure } from '../../registry/node-connection.ts';

interface ChainOptions {
  rpc?: string;
  registry?: string;
  network?: string;
  keyFile?: string;
  json?: boolean;
}

function withChainOptions(command: Command, signs: boolean): Command {
  command
    .option('--rpc <url>', 'chain RPC URL (default: .provlens/deployment.json)')
    .option('--registry <address>', 'registry contract address (default: .provlens/deployment.json)')
    .option(
      '--network <name>',
      `registry network: ${NETWORK_NAMES.join(' | ')} (RPC URL, address and limits from the list)`,
    );
  if (signs) {
    command.option(
      '--key-file <file>',
      'file holding the hex private key (default on local anvil: dev account 0)',
    );
  }
  return command.option('--json', 'print JSON');
}

/** "0.01", "0.01eth", "1000 gwei", "5wei" → wei. */
export function parseAmount(text: string): bigint | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(eth|gwei|wei)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'eth').toLowerCase();
  try {
    return parseUnits(match[1]!, unit === 'eth' ? 18 : unit === 'gwei' ? 9 : 0);
  } catch {
    return undefined;
  }
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);

export function addPayCommands(program: Command): void {
  withChainOptions(
    program
      .command('pay')
      .description('pay a record; the registry splits the amount down its lineage by the registered shares')
      .argument('<id>', 'record id')
      .requiredOption('--value <amount>', 'amount, in ETH unless suffixed gwei or wei (e.g. 0.01, 500gwei)'),
    true,
  ).action(async (id: string, options: ChainOptions & { value: string }, command: Command) => {
    if (!/^[1-9]\d*$/.test(id))
      command.error(`the record id must be a positive whole number, not "${id}"`, { exitCode: 2 });
    const amount = parseAmount(options.value);
    if (amount === undefined || amount === 0n) {
      command.error(
        `--value must be a positive amount such as 0.01, 0.5eth, 1000gwei or 5wei (not "${options.value}")`,
        {
          exitCode: 2,
        },
      );
    }
    try {
      const connection = await openRegistry(connectionOptions(options, true));
      const result = await connection.client.pay(id, amount);
      if (options.json) {
        console.log(json({ ...result, notes: connection.notes }));
        return;
      }
      for (const note of connection.notes) console.log(`Note: ${note}`);
      console.log(`Paid ${formatEther(amount)} ETH to record #${id} (transaction ${result.txHash}).`);
      for (const step of result.steps) {
        const indent = '  '.repeat(step.depth + 1);
        if (step.step === 'forwarded') {
          console.log(`${indent}#${step.id} passes ${formatEther(step.amount)} ETH to #${step.toId}`);
        } else {
          console.log(`${indent}#${step.id} credits ${formatEther(step.amount)} ETH to ${step.account}`);
        }
      }
      console.log('Credited amounts are withdrawn by their owners with `provlens withdraw`.');
    } catch (error) {
      reportFailure(error);
    }
  });

  withChainOptions(
    program
      .command('balance')
      .description('ETH credited to an account by registry payments and not yet withdrawn')
      .argument('[address]', 'account (default: the key in use, on local anvil dev account 0)'),
    true,
  ).action(async (address: string | undefined, options: ChainOptions, command: Command) => {
    if (address !== undefined && !isAddress(address)) {
      command.error(`"${address}" is not an Ethereum address`, { exitCode: 2 });
    }
    try {
      const connection = await openRegistry(connectionOptions(options, address === undefined));
      const account = address ?? connection.signer!.address;
      const credited = await connection.client.creditsOf(account);
      if (options.json) {
        console.log(json({ account, credited, creditedEth: formatEther(credited) }));
        return;
      }
      for (const note of connection.notes) console.log(`Note: ${note}`);
      console.log(`${account}: ${formatEther(credited)} ETH credited, withdrawable`);
    } catch (error) {
      reportFailure(error);
    }
  });

  withChainOptions(
    program
      .command('withdraw')
      .description('withdraw everything credited to your account by registry payments'),
    true,
  ).action(async (options: ChainOptions) => {
    try {
      const connection = await openRegistry(connectionOptions(options, true));
      const result = await connection.client.withdraw();
      if (options.json) {
        console.log(json({ account: connection.signer!.address, ...result, notes: connection.notes }));
        return;
      }
      for (const note of connection.notes) console.log(`Note: ${note}`);
      console.log(
        `Withdrew ${formatEther(result.amount)} ETH to ${connection.signer!.address} (transaction ${result.txHash}).`,
      );
    } catch (error) {
      reportFailure(error);
    }
  });
}
