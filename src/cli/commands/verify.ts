// `provlens verify`: verdicts for files, folders and URLs, as a table, JSON lines, or an evidence report.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { fingerprintBytes } from '../../fingerprint/node-fingerprint.ts';
import { NETWORK_NAMES } from '../../registry/networks.ts';
import { hintLine } from '../../registry/node-connection.ts';
import { DEPLOYMENT_FILE } from '../../registry/node-deployment.ts';
import { EVIDENCE_SCHEMA, type EvidenceItem, type EvidenceRecord } from '../../report/evidence.ts';
import { renderEvidenceReport } from '../../report/html.ts';
import type { Verdict } from '../../verdict/types.ts';
import { DEFAULT_MAX_BYTES, type VerifyOptions, verifyAsset } from '../../verify/index.ts';
import { createNodeEngine } from '../../verify/node-engine.ts';
import { UsageError } from '../usage-error.ts';
import { type ErrorKind, errorKindOf } from '../verify/error-kinds.ts';
import {
  checkReportPath,
  engineVersion,
  evidenceItem,
  thumbnailOf,
  videoFrame,
} from '../verify/evidence-file.ts';
import { EXIT_CODES_HELP, exitCode } from '../verify/exit-policy.ts';
import { type InputEntry, isUrl, listInputs, readEntry } from '../verify/inputs.ts';
import { jsonLine } from '../verify/jsonl.ts';
import { batchedRegistryLookup, registryTarget } from '../verify/registry.ts';
import { summaryLine } from '../verify/summary.ts';
import { tableHeader, tableLayout, tableLegend, tableRow, terminalWidth } from '../verify/table.ts';
import { type TrustInForce, trustInForce } from '../verify/trust-options.ts';

export interface VerifyCliOptions {
  json?: boolean;
  trust: string[];
  trustConfig?: string;
  allowed?: string;
  /** commander turns --no-trust-lists into trustLists: false */
  trustLists: boolean;
  remote?: boolean;
  report?: string;
  at?: string;
  strict?: boolean;
  timeout: string;
  maxSize: string;
  fragment?: string;
  concurrency: string;
  rpc?: string;
  network?: string;
  /** An address, false for --no-registry, undefined for the default (the deployment file). */
  registry?: string | false;
}

/** One input's outcome, kept in input order. */
export interface VerifyResult {
  file: string;
  name: string;
  verdict: Verdict;
  errorKind?: ErrorKind;
  bytes?: Uint8Array;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export interface CheckSettings {
  trust: TrustInForce;
  at?: string | undefined;
  remote: boolean;
  timeoutSeconds: number;
  maxBytes: number;
  concurrency: number;
  fragment?: Uint8Array | undefined;
  registry?: VerifyOptions['registry'];
  keepBytes: boolean;
  /** Called once per input as soon as it is done (any order). */
  onResult?: (index: number, result: VerifyResult) => void;
}

/** Verifies every entry, in parallel up to `concurrency`; each input yields exactly one result. */
export async function checkInputs(entries: InputEntry[], settings: CheckSettings): Promise<VerifyResult[]> {
  const engine = createNodeEngine({
    timeoutMs: settings.timeoutSeconds * 1000,
    size: Math.min(settings.concurrency, 4),
  });
  const base: Omit<VerifyOptions, 'name'> = {
    engine,
    trust: settings.trust.trust,
    remoteManifests: settings.remote,
    maxBytes: settings.maxBytes,
    thumbnails: settings.keepBytes,
    ...(settings.at ? { at: settings.at } : {}),
    ...(settings.fragment ? { fragment: settings.fragment } : {}),
    ...(settings.registry ? { registry: settings.registry, fingerprint: fingerprintBytes } : {}),
  };
  const results: VerifyResult[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      const entry = entries[index]!;
      const read = await readEntry(entry, settings.maxBytes);
      const options = { ...base, name: entry.path };
      let verdict: Verdict;
      let errorKind: ErrorKind | undefined;
      if ('verdict' in read) {
        verdict = read.verdict;
        errorKind = read.errorKind;
      } else {
        verdict = await verifyAsset(
          'bytes' in read ? read.bytes : 'blob' in read ? read.blob : read.url,
          options,
        );
        errorKind = errorKindOf(verdict);
      }
      const result: VerifyResult = {
        file: entry.path,
        name: isUrl(entry.path) ? entry.path : basename(entry.path),
        verdict,
        ...(errorKind ? { errorKind } : {}),
        ...(settings.keepBytes && 'bytes' in read ? { bytes: read.bytes } : {}),
      };
      results[index] = result;
      settings.onResult?.(index, result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, entries.length) }, worker));
  } finally {
    await engine.close();
  }
  return results;
}

function parseNumbers(options: VerifyCliOptions) {
  const timeoutSeconds = Number(options.timeout);
  const maxMb = Number(options.maxSize);
  const concurrency = Number(options.concurrency);
  if (!(timeoutSeconds > 0))
    throw new UsageError(`--timeout must be a positive number of seconds, not "${options.timeout}"`);
  if (!(maxMb > 0))
    throw new UsageError(`--max-size must be a positive number of megabytes, not "${options.maxSize}"`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw new UsageError('--concurrency must be 1 to 16');
  if (options.at && Number.isNaN(Date.parse(options.at)))
    throw new UsageError(`--at must be a date like 2025-01-31, not "${options.at}"`);
  return { timeoutSeconds, maxMb, concurrency };
}

export function machineTimeZone(): { name: string; offset: string } {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const minutes = -new Date().getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return {
    name,
    offset: `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`,
  };
}

async function writeReport(
  path: string,
  program: Command,
  options: VerifyCliOptions,
  numbers: ReturnType<typeof parseNumbers>,
  trust: TrustInForce,
  results: VerifyResult[],
  checkedAt: string,
): Promise<void> {
  const items: Parameters<typeof renderEvidenceReport>[0]['items'] = [];
  const evidence: EvidenceItem[] = [];
  for (const r of results) {
    let thumbnail: string | undefined;
    let frameNote: string | undefined;
    if (r.bytes && r.verdict.mediaType.startsWith('video/')) {
      const frame = await videoFrame(r.bytes);
      thumbnail = frame.frame;
      frameNote = frame.note;
    } else if (r.bytes) thumbnail = await thumbnailOf(r.bytes, r.verdict);
    const item = await evidenceItem(r.file, r.name, r.verdict, r.bytes, r.errorKind, frameNote);
    evidence.push(item);
    items.push({ name: r.name, verdict: r.verdict, evidence: item, ...(thumbnail ? { thumbnail } : {}) });
  }
  const record: EvidenceRecord = {
    schema: EVIDENCE_SCHEMA,
    generatedAt: new Date().toISOString(),
    command: ['provlens', ...process.argv.slice(2)],
    options: {
      at: options.at ?? null,
      trust: options.trust,
      allowed: options.allowed ?? null,
      trustConfig: options.trustConfig ?? null,
      trustLists: options.trustLists,
      remote: Boolean(options.remote),
      timeoutSeconds: numbers.timeoutSeconds,
      maxSizeMb: numbers.maxMb,
      fragment: options.fragment ?? null,
      registry: options.registry === false ? null : (options.registry ?? null),
    },
    checkedAt,
    versions: { provlens: program.version() ?? 'unknown', engine: engineVersion(), node: process.version },
    trustLists: trust.lists,
    timeZone: machineTimeZone(),
    items: evidence,
  };
  const html = renderEvidenceReport({
    items,
    trustLists: [],
    checkedAt,
    generator: `provlens ${record.versions.provlens}`,
    record,
  });
  try {
    await writeFile(path, html);
    process.stderr.write(`provlens: evidence report written to ${path}\n`);
  } catch (error) {
    process.stderr.write(`provlens: could not write the report to ${path}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

export function addVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('Verify the Content Credentials of files, folders (walked) and URLs.')
    .argument('<inputs...>', 'files, folders or http(s) URLs')
    .option('--json', 'one Verdict per line (JSON Lines), with "file" (and "errorKind" for errors) added')
    .option(
      '--trust <file>',
      'PEM bundle of trust anchors, a file or https URL (repeatable); replaces the cached official lists',
      collect,
      [],
    )
    .option('--trust-config <file>', 'extra EKU OIDs allowed for signing certificates, one per line')
    .option('--allowed <file>', 'allowed list: end-entity certificates (PEM) or base64 SHA-256 lines')
    .option('--no-trust-lists', 'use no trust list at all (nothing can be "verified")')
    .option('--remote', 'fetch remote manifests that files point to (contacts third parties)')
    .option('--report <out.html>', 'also write a self-contained HTML evidence report (see provlens recheck)')
    .option('--at <date>', 'validate as of this date (ISO 8601), e.g. for certificate expiry')
    .option('--strict', 'exit 3 when any input is "invalid" or "error"')
    .option(
      '--fragment <file>',
      'a fragmented-MP4 segment to validate together with the (single) init segment given',
    )
    .addOption(new Option('--timeout <seconds>', 'per-file time limit').default('20'))
    .addOption(
      new Option('--max-size <MB>', 'largest file accepted').default(String(DEFAULT_MAX_BYTES / 1024 / 1024)),
    )
    .addOption(new Option('--concurrency <n>', 'files verified at once').default('2'))
    .option('--rpc <url>', `registry chain RPC URL (default: ${DEPLOYMENT_FILE} when present)`)
    .option('--registry <address>', `registry contract address (default: ${DEPLOYMENT_FILE} when present)`)
    .option(
      '--network <name>',
      `look files up on the registry of a known network: ${NETWORK_NAMES.join(' | ')}`,
    )
    .option('--no-registry', 'do not look files up on the provenance registry')
    .addHelpText(
      'after',
      `
Every input gets exactly one table row or JSON line, in the order given: a missing or unreadable
file too (trust "error", with errorKind). The table fits the terminal width ($COLUMNS, else 80 when
output is not a terminal); a legend under it explains the columns.
Trust lists: by default the official C2PA lists cached by \`provlens trust update\` are in force.
Registry: files are looked up (by hash and fingerprint) on the registry in ${DEPLOYMENT_FILE}
when it exists, or the one given by --rpc and --registry; a chain that is down only empties the
registry section (registryError), never the verdict.
${EXIT_CODES_HELP}

Examples:
  provlens verify photo.jpg
  provlens verify --json --trust my-ca.pem ./downloads > verdicts.jsonl
  provlens verify --report evidence.html --at 2024-06-01 suspect.mp4
  provlens recheck evidence.html suspect.mp4`,
    )
    .action(async (inputs: string[], options: VerifyCliOptions) => {
      const numbers = parseNumbers(options);
      // Everything that can make the run pointless is checked before any file is read.
      if (options.report) await checkReportPath(options.report);
      const trust = await trustInForce(options);
      if (trust.warning) process.stderr.write(`provlens: ${trust.warning}\n`);
      const fragment = options.fragment
        ? await readFile(options.fragment).catch(() => {
            throw new UsageError(`cannot read --fragment ${options.fragment}`);
          })
        : undefined;
      const target = registryTarget(options);
      if (target) {
        process.stderr.write(
          `provlens: registry look-ups on ${target.chainId !== undefined ? `chain ${target.chainId}` : 'the chain'} at ${target.rpcUrl}, registry ${target.address} (from ${target.source}; --no-registry turns them off)\n`,
        );
      }
      const entries = await listInputs(inputs);
      const checkedAt = options.at ? new Date(options.at).toISOString() : new Date().toISOString();
      const layout = tableLayout(terminalWidth());
      const bar =
        entries.length > 3 && process.stderr.isTTY
          ? new SingleBar({
              format: 'verifying {bar} {value}/{total} {file}',
              clearOnComplete: true,
              hideCursor: true,
              stream: process.stderr,
            })
          : undefined;
      bar?.start(entries.length, 0, { file: '' });
      // With a progress bar on the terminal, rows (and the header) wait until the bar is gone.
      if (!options.json && !bar) process.stdout.write(tableHeader(layout));
      // Print in input order, as soon as the next one in line is done.
      const done = new Map<number, string>();
      let printed = 0;
      const flush = () => {
        while (done.has(printed)) {
          process.stdout.write(done.get(printed)!);
          done.delete(printed);
          printed += 1;
        }
      };
      let registryDownNoted = false;
      let registryHint = '';
      const results = await checkInputs(entries, {
        trust,
        at: options.at,
        remote: Boolean(options.remote),
        timeoutSeconds: numbers.timeoutSeconds,
        maxBytes: numbers.maxMb * 1024 * 1024,
        concurrency: numbers.concurrency,
        fragment,
        ...(target
          ? {
              registry: batchedRegistryLookup(target, (error) => {
                registryHint ||= hintLine(error);
              }),
            }
          : {}),
        keepBytes: Boolean(options.report),
        onResult(index, r) {
          if (r.verdict.registryError && !registryDownNoted) {
            registryDownNoted = true;
            process.stderr.write(`provlens: ${r.verdict.registryError}\n${registryHint}`);
          }
          done.set(
            index,
            options.json ? jsonLine(r.file, r.verdict, r.errorKind) : tableRow(layout, r.name, r.verdict),
          );
          bar?.increment(1, { file: r.name });
          if (!bar) flush();
        },
      }).finally(() => bar?.stop());
      if (!options.json && bar) process.stdout.write(tableHeader(layout));
      flush();
      if (options.json) process.stderr.write(`provlens: ${summaryLine(results)}`);
      else process.stdout.write(`\n${summaryLine(results)}\n${tableLegend(layout)}`);
      if (options.report)
        await writeReport(options.report, program, options, numbers, trust, results, checkedAt);
      process.exitCode = Math.max(Number(process.exitCode ?? 0), exitCode(results, Boolean(options.strict)));
    });
}
