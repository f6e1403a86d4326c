// `provlens trust status|update`: the official trust lists cached on this machine.
import type { Command } from 'commander';
import { fileTrustStore } from '../../verify/node-trust-store.ts';
import { parsePemBundle } from '../../verify/trust.ts';
import { type ListStatus, PUBLISHED_LISTS, refreshTrustLists } from '../../verify/trust-lists.ts';

function printStatus(statuses: ListStatus[], json: boolean): void {
  if (json) {
    for (const s of statuses) process.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  for (const s of statuses) {
    const when = s.fetchedAt ? `fetched ${s.fetchedAt}` : 'never fetched';
    process.stdout.write(
      `${s.name.padEnd(42)} ${String(s.certificates).padStart(3)} certs  ${s.source.padEnd(8)} ${when}${s.version ? `  version ${s.version}` : ''}\n`,
    );
    if (s.error) process.stdout.write(`  ! ${s.error}\n`);
  }
}

export function addTrustCommand(program: Command): void {
  const trust = program
    .command('trust')
    .description('Show or refresh the official C2PA trust lists cached on this machine.');
  trust
    .command('status')
    .description('List the cached trust lists with their version and fetch date.')
    .option('--json', 'one JSON object per list')
    .action(async (options: { json?: boolean }) => {
      const store = fileTrustStore();
      const statuses: ListStatus[] = [];
      for (const list of PUBLISHED_LISTS) {
        const cached = await store.load(list.id);
        statuses.push(
          cached
            ? {
                id: list.id,
                name: list.name,
                certificates: parsePemBundle(cached.text).certificates.length,
                fetchedAt: cached.fetchedAt,
                source: 'cache',
                ...(cached.version ? { version: cached.version } : {}),
              }
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
      'Fetch the lists from their publishers (C2PA conformance program, contentcredentials.org); keeps the cached copy when offline.',
    )
    .option('--json', 'one JSON object per list')
    .action(async (options: { json?: boolean }) => {
      const statuses = await refreshTrustLists(fileTrustStore());
      printStatus(statuses, Boolean(options.json));
      if (statuses.every((s) => s.source === 'missing')) process.exitCode = 1;
    });
}
