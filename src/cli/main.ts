// The `provlens` command.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { hintLine } from '../registry/node-connection.ts';
import { addChainCommand } from './commands/chain.ts';
import { addDeployCommand } from './commands/deploy.ts';
import { addFingerprintCommands } from './commands/fingerprint.ts';
import { addIndexCommand } from './commands/indexer.ts';
import { addLookupCommand } from './commands/lookup.ts';
import { addPayCommands } from './commands/pay.ts';
import { addRecheckCommand } from './commands/recheck.ts';
import { addRegisterCommand } from './commands/register.ts';
import { addRelayCommand } from './commands/relay.ts';
import { addTrustCommand } from './commands/trust.ts';
import { addVerifyCommand } from './commands/verify.ts';
import { USAGE_ERROR, UsageError } from './usage-error.ts';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('provlens')
    .description(
      'Provenance Lens: can this media be trusted, is it AI-derived, and whom does it credit?\n' +
        'Checks C2PA Content Credentials against trust lists and an on-chain provenance registry.',
    )
    .version(version())
    .exitOverride()
    .showHelpAfterError('(run provlens --help for usage)');
  addVerifyCommand(program);
  addRecheckCommand(program);
  addTrustCommand(program);
  addChainCommand(program);
  addDeployCommand(program);
  addRegisterCommand(program);
  addRelayCommand(program);
  addLookupCommand(program);
  addIndexCommand(program);
  addPayCommands(program);
  addFingerprintCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return USAGE_ERROR;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`provlens: ${error.message}\n(run provlens --help for usage)\n`);
      return USAGE_ERROR;
    }
    process.stderr.write(`provlens: ${(error as Error).message}\n${hintLine(error)}`);
    return 1;
  }
}
