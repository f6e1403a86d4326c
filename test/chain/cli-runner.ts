// Runs the registry's CLI commands in a bare commander program (the same modules `provlens` wires in).
import { Command } from 'commander';
import { addChainCommand } from '../../src/cli/commands/chain.ts';
import { addDeployCommand } from '../../src/cli/commands/deploy.ts';
import { addLookupCommand } from '../../src/cli/commands/lookup.ts';
import { addPayCommands } from '../../src/cli/commands/pay.ts';
import { addRegisterCommand } from '../../src/cli/commands/register.ts';
import { addRelayCommand } from '../../src/cli/commands/relay.ts';

const program = new Command('provlens');
addChainCommand(program);
addDeployCommand(program);
addRegisterCommand(program);
addRelayCommand(program);
addLookupCommand(program);
addPayCommands(program);
await program.parseAsync();
