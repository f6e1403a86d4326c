// `npm run trust:snapshot -- DIR [--date YYYY-MM-DD]`: regenerates the bundled snapshot of the official
// trust lists (public/trust/) from a folder laid out as their publishers' repositories
// (c2pa-conformance/C2PA-TRUST-LIST.pem, interim-verify-site/anchors.pem, …). Every list must parse and
// hold entries; test lists are refused.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SNAPSHOT_DIR } from '../src/verify/node-trust-snapshot.ts';
import { countEntries, OFFICIAL_LISTS, whyNotAList } from '../src/verify/trust-lists.ts';
import type { TrustSnapshot } from '../src/verify/trust-snapshot.ts';

const LICENCES: Record<string, { licence: string; file: string; attribution: string }> = {
  'c2pa-conformance': {
    licence: 'CC-BY-4.0',
    file: 'LICENSE',
    attribution:
      'The C2PA Trust List and the C2PA TSA Trust List, © Coalition for Content Provenance and Authenticity (C2PA), from the C2PA conformance program (github.com/c2pa-org/conformance-public, folder trust-list/), licensed under Creative Commons Attribution 4.0 International (CC BY 4.0, c2pa-conformance/LICENSE). Copied without change.',
  },
  'interim-verify-site': {
    licence: 'Apache-2.0',
    file: 'LICENSE-APACHE',
    attribution:
      "The interim trust list of Content Credentials Verify (anchors.pem, allowed.sha256.txt, store.cfg), from github.com/contentauth/verify-site, folder static/trust/, licensed under the Apache License 2.0 (interim-verify-site/LICENSE-APACHE). allowed.sha256.txt holds the base64 SHA-256 of each certificate of that folder's allowed.pem, as the verify site builds it. Copied without change.",
  },
};

function usage(message: string): never {
  console.error(
    `trust:snapshot: ${message}\nUsage: npm run trust:snapshot -- DIR [--date YYYY-MM-DD] [--out DIR]`,
  );
  process.exit(2);
}

export function makeSnapshot(sourceDir: string, outDir: string, date: string): TrustSnapshot {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) usage(`--date must be YYYY-MM-DD, not ${date}`);
  const snapshot: TrustSnapshot = { date, lists: [] };
  const files: [string, string][] = [];
  for (const list of OFFICIAL_LISTS) {
    const source = path.join(sourceDir, list.snapshotFile);
    if (source.split(path.sep).includes('test')) usage(`${source}: test lists never go into the product`);
    if (!existsSync(source)) usage(`${source} is missing (the ${list.name})`);
    const text = readFileSync(source, 'utf8');
    const problem = whyNotAList(list, text);
    if (problem) usage(`${source}: ${problem.replace(/^the answer/, 'the file')}`);
    const folder = list.snapshotFile.split('/')[0]!;
    snapshot.lists.push({
      id: list.id,
      name: list.name,
      file: list.snapshotFile,
      url: list.url,
      sha256: createHash('sha256').update(text).digest('hex'),
      entries: countEntries(list.role, text),
      licence: LICENCES[folder]?.licence ?? usage(`no licence known for ${folder}`),
    });
    files.push([source, list.snapshotFile]);
  }
  rmSync(outDir, { recursive: true, force: true });
  for (const [source, target] of files) {
    mkdirSync(path.dirname(path.join(outDir, target)), { recursive: true });
    copyFileSync(source, path.join(outDir, target));
  }
  const notice = [
    '# Bundled trust lists',
    '',
    `A snapshot taken on ${date} of the official lists (see snapshot.json for each file's source, SHA-256 and size). The product refreshes them from their publishers weekly.`,
    '',
  ];
  for (const [folder, { file, attribution }] of Object.entries(LICENCES)) {
    const licence = path.join(sourceDir, folder, file);
    if (!existsSync(licence)) usage(`${licence} is missing: the lists are shipped only with their licence`);
    copyFileSync(licence, path.join(outDir, folder, file));
    notice.push(`- ${attribution}`);
  }
  writeFileSync(path.join(outDir, 'NOTICE.md'), `${notice.join('\n')}\n`);
  writeFileSync(path.join(outDir, 'snapshot.json'), `${JSON.stringify(snapshot, null, 2)}\n`);
  return snapshot;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    if (at < 0) return undefined;
    const value = args[at + 1] ?? usage(`${name} needs a value`);
    args.splice(at, 2);
    return value;
  };
  const date = option('--date') ?? new Date().toISOString().slice(0, 10);
  const out = path.resolve(option('--out') ?? SNAPSHOT_DIR);
  if (args.length !== 1) usage('give one folder');
  const snapshot = makeSnapshot(path.resolve(args[0]!), out, date);
  for (const list of snapshot.lists)
    console.log(`${list.name.padEnd(40)} ${String(list.entries).padStart(3)} entries  ${list.file}`);
  console.log(`Snapshot of ${snapshot.date} written to ${path.relative(process.cwd(), out) || '.'}`);
}
