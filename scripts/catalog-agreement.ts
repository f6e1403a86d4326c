// Compares `provlens verify --json` output over ../shared/corpus/files with CATALOG.tsv, row by row.
// Usage: npx provlens verify --json <ref trust options> ../shared/corpus/files | npx tsx scripts/catalog-agreement.ts
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Verdict } from '../src/verdict/types.ts';
import { readCatalog } from '../test/support/shared.ts';

const STATE_TO_TRUST: Record<string, string> = {
  Trusted: 'verified',
  Valid: 'untrusted',
  Invalid: 'invalid',
};

export interface RowAgreement {
  file: string;
  agrees: boolean;
  got: string;
  expected: string;
}

export function compareWithCatalog(verdicts: (Verdict & { file: string })[]): RowAgreement[] {
  const byName = new Map(verdicts.map((v) => [basename(v.file), v]));
  return readCatalog().map((row) => {
    const v = byName.get(row.file);
    const trust = row.states.ref
      ? STATE_TO_TRUST[row.states.ref]!
      : { malformed: 'error', invalid: 'invalid', none: 'none', valid: 'untrusted' }[row.expectedValidity];
    const codes = [...row.expectedCodes].sort().join(',');
    const expected = `${trust} ${row.origin} [${codes}]${row.ingredients !== undefined ? ` ${row.ingredients}` : ''}`;
    if (!v) return { file: row.file, agrees: false, got: 'missing', expected };
    const gotCodes = [
      ...new Set(
        v.codes
          .filter((c) => c.severity === 'failure')
          .map((c) => (c.scope === 'ingredient' ? `ingredient:${c.code}` : c.code)),
      ),
    ]
      .sort()
      .join(',');
    const ingredients = v.credits.filter((c) => c.kind === 'ingredient').length;
    const got = `${v.trust} ${v.origin} [${gotCodes}]${row.ingredients !== undefined ? ` ${ingredients}` : ''}`;
    return { file: row.file, agrees: got === expected, got, expected };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = readFileSync(0, 'utf8').trim().split('\n').filter(Boolean);
  const rows = compareWithCatalog(lines.map((l) => JSON.parse(l) as Verdict & { file: string }));
  for (const r of rows)
    process.stdout.write(
      `${r.agrees ? 'agree   ' : 'DIFFER  '}${r.file.padEnd(46)} ${r.got}${r.agrees ? '' : `   (catalog: ${r.expected})`}\n`,
    );
  const agreeing = rows.filter((r) => r.agrees).length;
  process.stdout.write(`\n${agreeing} of ${rows.length} catalog rows agree\n`);
}
