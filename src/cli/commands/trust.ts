// `provlens trust status|update|import`: the official trust lists in force on this machine — the copies
// fetched or imported into the cache, else the snapshot bundled with provlens.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { bundledTrustStore } from '../../verify/node-trust-snapshot.ts';
import { fileTrustStore } from '../../verify/node-trust-store.ts';
import {
  type ListStatus,
  OFFICIAL_LISTS,
  officialListForFile,
  refreshTrustLists,
  statusOf,
  type TrustListStore,
  whyNotAList,
  withFallback,
} from '../../verify/trust-lists.ts';
import { UsageError } from '../usage-error.ts';

/** The lists `provlens verify` uses by default: the cache, with the bundled snapshot beneath it. */
export async function listsInForce(): Promise<TrustListStore> {
  return withFallback(fileTrustStore(), await bundledTrustStore());
}

function printStatus(statuses: ListStatus[], json: boolean): void {
  if (json) {
    for (const s of statuses) process.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  for (const s of statuses) {
    const when =
      s.source === 'bundled'
        ? `snapshot of ${s.fetchedAt?.slice(0, 10)}`
        : s.fetchedAt
          ? `${s.source === 'imported' ? 'imported' : 'fetched'} ${s.fetchedAt}`
          : 'never fetched';
    process.stdout.write(
      `${s.name.padEnd(42)} ${String(s.certificates).padStart(3)} entries  ${s.source.padEnd(8)} ${when}${s.version && s.source !== 'bundled' ? `  version ${s.version}` : ''}\n`,
    );
    if (s.error) process.stdout.write(`  ! ${s.error}\n`);
  }
}

/** Files under each argument (folders walked one level deep and below). */
async function filesOf(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string, depth: number): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`${path} does not exist`);
    }
    if (info.isDirectory()) {
      if (depth > 4) return;
      for (const name of (await readdir(path)).sort()) await walk(join(path, name), depth + 1);
    } else out.push(path);
  };
  for (const input of inputs) await walk(input, 0);
  return out;
}

export function addTrustCommand(program: Command): void {
  const trust = program
    .command('trust')
    .description(
      'Show, refresh or import the official C2PA trust lists (a dated snapshot ships with provlens).',
    );
  trust
    .command('status')
    .description('List the trust lists in force with their source, version and date.')
    .option('--json', 'one JSON object per list')
    .action(async (options: { json?: boolean }) => {
      const store = await listsInForce();
      const statuses: ListStatus[] = [];
      for (const list of OFFICIAL_LISTS) {
        const cached = await store.load(list.id);
        statuses.push(
          cached
            ? statusOf(list, cached, cached.source === 'fetched' || !cached.source ? 'cache' : undefined)
            : {
                id: list.id,
                name: list.name,
                certificates: 0,
                source: 'missing',
                error: 'not fetched yet: run provlens trust update',
              },
        );
      }
      printStatus(statuses, Boolean(options.json));
    });
  trust
    .command('update')
    .description(
      'Fetch the lists from their publishers (C2PA conformance program, contentcredentials.org); a failed or empty answer keeps the list in force.',
    )
    .option('--json', 'one JSON object per list')
    .action(async (options: { json?: boolean }) => {
      const statuses = await refreshTrustLists(await listsInForce());
      printStatus(statuses, Boolean(options.json));
      if (statuses.every((s) => s.source === 'missing')) process.exitCode = 1;
    });
  trust
    .command('import')
    .description(
      'Put local copies of the official lists into the cache (files named as published: C2PA-TRUST-LIST.pem, C2PA-TSA-TRUST-LIST.pem, anchors.pem, allowed.sha256.txt, store.cfg).',
    )
    .argument('<paths...>', 'files, or folders holding them')
    .option('--json', 'one JSON object per imported list')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const store = fileTrustStore();
      const imported: (ListStatus & { file: string })[] = [];
      let refused = 0;
      for (const file of await filesOf(paths)) {
        const list = officialListForFile(file);
        if (!list) continue; // licences, READMEs and other lists in the folder
        const text = await readFile(file, 'utf8');
        const problem = whyNotAList(list, text);
        if (problem) {
          refused++;
          process.stderr.write(
            `provlens: ${file} not imported: ${problem.replace(/^the answer/, 'the file')}\n`,
          );
          continue;
        }
        const cached = {
          id: list.id,
          name: list.name,
          text,
          fetchedAt: new Date().toISOString(),
          url: file,
          source: 'imported' as const,
        };
        await store.save(cached);
        imported.push({ ...statusOf(list, cached), file });
      }
      if (imported.length === 0 && refused === 0) {
        throw new UsageError(
          `no official list found in ${paths.join(', ')} (expected ${OFFICIAL_LISTS.map((l) => l.snapshotFile.split('/').pop()).join(', ')})`,
        );
      }
      if (options.json) printStatus(imported, true);
      else
        for (const s of imported)
          process.stdout.write(`imported ${s.name}: ${s.certificates} entries from ${s.file}\n`);
      if (refused > 0) process.exitCode = 1;
    });
}
