// `provlens register PATH`: record a file on the provenance registry, with its lineage and fingerprints.
import type { Command } from 'commander';
import {
  type ParentInput,
  RECORD_KINDS,
  RELATIONS,
  type RecordKind,
  type Relation,
  type TrainingPermission,
} from '../../registry/client.ts';
import { NETWORK_NAMES } from '../../registry/networks.ts';
import { connectionOptions, openRegistry, reportFailure } from '../../registry/node-connection.ts';
import { identifyFile, onChainFingerprints } from '../../registry/node-files.ts';

interface RegisterOptions {
  kind: string;
  parent: string[];
  relation?: string;
  creator?: string;
  title?: string;
  uri?: string;
  training?: string;
  sourceType?: string;
  manifestHash?: string;
  rpc?: string;
  registry?: string;
  network?: string;
  keyFile?: string;
  json?: boolean;
}

const KIND_ALIASES: Record<string, RecordKind> = { app: 'application' };
const TRAINING_VALUES: TrainingPermission[] = ['allowed', 'notAllowed', 'constrained'];
// How a record of each kind relates to its parents unless --relation says otherwise.
const DEFAULT_RELATION: Record<RecordKind, Relation> = {
  media: 'DerivedFrom',
  dataset: 'DerivedFrom',
  model: 'TrainedOn',
  application: 'ComponentOf',
  output: 'GeneratedBy',
};

export function addRegisterCommand(program: Command): void {
  program
    .command('register')
    .description('register a file on the provenance registry (prints the record id and transaction)')
    .argument('<path>', 'the file to register (its SHA-256 and fingerprints are recorded)')
    .requiredOption('--kind <kind>', 'media | dataset | model | app | output')
    .option(
      '--parent <id[:bps[:relation]]>',
      'a record this one was made from, with its share of payments in basis points (default 0); repeatable',
      collect,
      [],
    )
    .option('--relation <relation>', `default relation to parents: ${RELATIONS.join(' | ')}`)
    .option('--creator <name>', 'creator name or DID')
    .option('--title <title>', 'short name of the work')
    .option('--uri <uri>', 'where the work or its description lives')
    .option('--training <permission>', 'training and data mining: allowed | notAllowed | constrained')
    .option('--source-type <uri>', 'IPTC digital source type URI')
    .option(
      '--manifest-hash <hex>',
      'hash of the C2PA credential the work was signed with (64 hex digits), shown with recovered copies',
    )
    .option('--rpc <url>', 'chain RPC URL (default: .provlens/deployment.json)')
    .option('--registry <address>', 'registry contract address (default: .provlens/deployment.json)')
    .option(
      '--network <name>',
      `registry network: ${NETWORK_NAMES.join(' | ')} (RPC URL, address and limits from the list)`,
    )
    .option(
      '--key-file <file>',
      'file holding the hex private key that signs (default on local anvil: dev account 0)',
    )
    .option('--json', 'print JSON')
    .action(async (path: string, options: RegisterOptions, command: Command) => {
      const usage = (message: string): never => command.error(message, { exitCode: 2 });
      const kind = KIND_ALIASES[options.kind] ?? (options.kind as RecordKind);
      if (!RECORD_KINDS.includes(kind))
        usage(`--kind must be one of media, dataset, model, app, output (not "${options.kind}")`);
      if (
        options.training !== undefined &&
        !TRAINING_VALUES.includes(options.training as TrainingPermission)
      ) {
        usage(`--training must be one of ${TRAINING_VALUES.join(', ')} (not "${options.training}")`);
      }
      if (options.relation !== undefined && !RELATIONS.includes(options.relation as Relation)) {
        usage(`--relation must be one of ${RELATIONS.join(', ')} (not "${options.relation}")`);
      }
      const defaultRelation = (options.relation as Relation | undefined) ?? DEFAULT_RELATION[kind];
      const parents = options.parent.map(
        (spec) =>
          parseParent(spec, defaultRelation) ??
          usage(
            `--parent "${spec}" is not ID[:BPS[:RELATION]] (e.g. 3:2500 or 3:2500:TrainedOn; BPS 0-10000)`,
          ),
      );
      const manifestHash = options.manifestHash?.replace(/^0x/i, '').toLowerCase();
      if (manifestHash !== undefined && !/^[0-9a-f]{64}$/.test(manifestHash))
        usage(`--manifest-hash must be 64 hex digits (a SHA-256), not "${options.manifestHash}"`);
      const totalBps = parents.reduce((sum, p) => sum + p.shareBps, 0);
      if (totalBps > 10000)
        usage(`the --parent shares add up to ${totalBps} basis points; at most 10000 are allowed`);

      try {
        const identity = await identifyFile(path);
        const softBindings = onChainFingerprints(identity.fingerprints);
        const connection = await openRegistry(connectionOptions(options, true));
        const result = await connection.client.register({
          contentHash: identity.sha256,
          kind,
          parents,
          softBindings,
          ...(options.title ? { title: options.title } : {}),
          ...(options.creator ? { creator: options.creator } : {}),
          ...(options.uri ? { uri: options.uri } : {}),
          ...(options.sourceType ? { digitalSourceType: options.sourceType } : {}),
          ...(manifestHash ? { manifestHash } : {}),
          ...(options.training ? { training: options.training as TrainingPermission } : {}),
        });
        const notes = [...connection.notes];
        if (softBindings.length === 0) {
          notes.push(
            `Registered without fingerprints (${identity.fingerprintNote ?? 'no 64-bit fingerprint'}): only exact copies will match.`,
          );
        }
        if (options.json) {
          console.log(
            JSON.stringify(
              {
                ...result,
                contentHash: identity.sha256,
                kind,
                softBindings,
                parents,
                chainId: connection.chainId,
                registry: connection.client.address,
                notes,
              },
              null,
              2,
            ),
          );
          return;
        }
        for (const note of notes) console.log(`Note: ${note}`);
        console.log(`Registered record #${result.id} (${kind}) for sha256 ${identity.sha256}`);
        console.log(`  registrant:   ${result.registrant}`);
        console.log(
          `  transaction:  ${result.txHash} (block ${result.blockNumber}, chain ${connection.chainId})`,
        );
        for (const b of softBindings) console.log(`  fingerprint:  ${b.algorithm} ${b.value}`);
        for (const p of parents) console.log(`  parent:       #${p.id} ${p.relation} ${p.shareBps / 100}%`);
      } catch (error) {
        reportFailure(error);
      }
    });
}

function parseParent(spec: string, defaultRelation: Relation): ParentInput | undefined {
  const match = /^(\d+)(?::(\d+))?(?::([A-Za-z]+))?$/.exec(spec.trim());
  if (!match || BigInt(match[1]!) === 0n) return undefined;
  const shareBps = match[2] === undefined ? 0 : Number(match[2]);
  if (shareBps > 10000) return undefined;
  const relation = (match[3] ?? defaultRelation) as Relation;
  if (!RELATIONS.includes(relation)) return undefined;
  return { id: match[1]!, relation, shareBps };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
