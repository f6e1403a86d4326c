// `provlens verify`: verdicts for files, folders and URLs, as a table, JSON lines, or an evidence report.
import { openAsBlob } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import sharp from 'sharp';
import { fingerprintBytes } from '../../fingerprint/node-fingerprint.ts';
import { connectRpc, type LookupQuery, RegistryClient } from '../../registry/client.ts';
import { RegistryError, RegistryUnavailableError } from '../../registry/errors.ts';
import {
  NETWORK_NAMES,
  networkByName,
  type RegistryNetwork,
  wrongChainMessage,
} from '../../registry/networks.ts';
import { DEPLOYMENT_FILE, readDeployment } from '../../registry/node-deployment.ts';
import { type ReportTrustList, renderEvidenceReport, trustWords } from '../../report/html.ts';
import type { RegistryMatch, Verdict } from '../../verdict/types.ts';
import {
  DEFAULT_MAX_BYTES,
  type RegistryLookup,
  type VerifyOptions,
  verifyAsset,
} from '../../verify/index.ts';
import { createNodeEngine } from '../../verify/node-engine.ts';
import { parsePemBundle, type TrustConfig, type TrustListSource } from '../../verify/trust.ts';
import { trustFromStore } from '../../verify/trust-lists.ts';
import { UsageError } from '../usage-error.ts';
import { listsInForce } from './trust.ts';

interface VerifyCliOptions {
  json?: boolean;
  trust: string[];
  trustConfig?: string;
  allowed?: string;
  /** commander turns --no-trust into trustLists: false */
  trustLists: boolean;
  remote?: boolean;
  report?: string;
  at?: string;
  timeout: string;
  maxSize: string;
  fragment?: string;
  concurrency: string;
  rpc?: string;
  network?: string;
  /** An address, false for --no-registry, undefined for the default (the deployment file). */
  registry?: string | false;
}

const collect = (value: string, previous: string[]) => [...previous, value];

async function listInputs(inputs: string[]): Promise<{ inputs: string[]; missing: string[] }> {
  const out: string[] = [];
  const missing: string[] = [];
  async function walk(path: string, depth: number): Promise<void> {
    const info = await stat(path);
    if (info.isDirectory()) {
      if (depth > 32) return;
      const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        if (entry.isDirectory() || entry.isFile()) await walk(join(path, entry.name), depth + 1);
      }
    } else if (info.isFile()) out.push(path);
  }
  for (const input of inputs) {
    if (/^https?:\/\//i.test(input)) {
      out.push(input);
      continue;
    }
    try {
      await walk(input, 0);
    } catch {
      missing.push(input);
    }
  }
  return { inputs: out, missing };
}

async function readText(path: string, what: string): Promise<string> {
  if (/^https:\/\//i.test(path)) {
    try {
      const response = await fetch(path);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.text();
    } catch (error) {
      throw new UsageError(`cannot download ${what} ${path}: ${(error as Error).message}`);
    }
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

async function trustFromOptions(
  options: VerifyCliOptions,
): Promise<{ trust: TrustConfig | null; lists: ReportTrustList[] }> {
  if (!options.trustLists) return { trust: null, lists: [] };
  const lists: ReportTrustList[] = [];
  const given: TrustListSource[] = [];
  for (const file of options.trust) {
    const pem = await readText(file, 'trust anchors');
    const parsed = parsePemBundle(pem);
    if (parsed.certificates.length === 0) throw new UsageError(`${file} holds no readable PEM certificate`);
    for (const bad of parsed.rejected)
      process.stderr.write(`provlens: ${file}: certificate #${bad.index + 1} ignored: ${bad.reason}\n`);
    given.push({ id: basename(file), name: basename(file), pem });
    lists.push({
      id: basename(file),
      name: basename(file),
      certificates: parsed.certificates.length,
      source: 'file',
    });
  }
  const allowed = options.allowed ? await readText(options.allowed, 'allowed list') : undefined;
  const config = options.trustConfig ? await readText(options.trustConfig, 'trust configuration') : undefined;
  if (given.length > 0 || allowed) {
    return {
      trust: {
        anchors: given,
        ...(allowed
          ? { allowedList: { id: 'allowed', name: basename(options.allowed!), pem: allowed } }
          : {}),
        ...(config ? { trustConfig: config } : {}),
      },
      lists,
    };
  }
  const cached = await trustFromStore(await listsInForce());
  if (!cached) {
    process.stderr.write(
      'provlens: no trust list is in force, so no signer can be verified (credentials show as "untrusted" at best).\n' +
        '          Run `provlens trust update` or `provlens trust import DIR`, or pass --trust FILE.\n',
    );
    return { trust: null, lists: [] };
  }
  for (const list of cached.anchors) {
    lists.push({
      id: list.id,
      name: list.name,
      certificates: parsePemBundle(list.pem).certificates.length,
      source: list.source === 'fetched' ? 'cache' : (list.source ?? 'cache'),
      ...(list.version ? { version: list.version } : {}),
      ...(list.fetchedAt ? { fetchedAt: list.fetchedAt } : {}),
    });
  }
  if (config) cached.trustConfig = config;
  return { trust: cached, lists };
}

// ------------------------------------------------------------------ registry

interface RegistryTarget {
  rpcUrl: string;
  address: string;
  chainId?: number;
  fromBlock?: number;
  /** A network from networks.ts (--network): its chain id is checked and its log-range limit kept. */
  network?: RegistryNetwork;
  /** Where the target came from, for the note on stderr. */
  source: string;
}

/** The registry to look files up in: --rpc/--registry, else .provlens/deployment.json, else none. */
function registryTarget(options: VerifyCliOptions): RegistryTarget | undefined {
  if (options.registry === false) return undefined;
  if (options.network) {
    const network = networkByName(options.network);
    if (!network)
      throw new UsageError(`--network must be one of ${NETWORK_NAMES.join(', ')}, not "${options.network}"`);
    return {
      rpcUrl: options.rpc ?? network.rpcUrls[0] ?? '',
      address: options.registry ?? network.registry,
      ...(network.deploymentBlock !== null ? { fromBlock: network.deploymentBlock } : {}),
      network,
      source: `--network ${network.name}`,
    };
  }
  let deployment: ReturnType<typeof readDeployment>;
  try {
    deployment = options.rpc && options.registry ? undefined : readDeployment();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const rpcUrl = options.rpc ?? deployment?.rpcUrl;
  const address = options.registry ?? deployment?.address;
  if (!rpcUrl || !address) {
    if (options.rpc || options.registry) {
      throw new UsageError(
        `--rpc and --registry go together (${DEPLOYMENT_FILE} is missing, so the other cannot be taken from it)`,
      );
    }
    return undefined;
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(address))
    throw new UsageError(`--registry must be a contract address (0x and 40 hex digits), not "${address}"`);
  const same = deployment?.address.toLowerCase() === address.toLowerCase() ? deployment : undefined;
  const given = [options.rpc ? '--rpc' : '', options.registry ? '--registry' : ''].filter(Boolean);
  return {
    rpcUrl,
    address,
    ...(same && same.rpcUrl === rpcUrl ? { chainId: same.chainId } : {}),
    ...(same ? { fromBlock: same.block } : {}),
    source: given.length === 2 ? 'the command line' : [...given, DEPLOYMENT_FILE].join(' and '),
  };
}

/**
 * A registry look-up that batches: queries arriving while a round trip is under way go out together in
 * the next one (one call for all exact hashes, the fingerprint searches in one JSON-RPC batch).
 */
function batchedRegistryLookup(target: RegistryTarget): RegistryLookup {
  let client: Promise<RegistryClient> | undefined;
  let queue: { query: LookupQuery; resolve: (m: RegistryMatch[]) => void; reject: (e: unknown) => void }[] =
    [];
  let running = false;
  const connect = async () => {
    const provider = await connectRpc(target.rpcUrl, {
      ...(target.chainId !== undefined ? { chainId: target.chainId } : {}),
      timeoutMs: 10_000,
    });
    const network = target.network;
    if (network) {
      const actual = Number((await provider.getNetwork()).chainId);
      if (actual !== network.chainId) {
        provider.destroy();
        throw new RegistryUnavailableError(wrongChainMessage(network, target.rpcUrl, actual));
      }
    }
    return new RegistryClient(target.address, provider, {
      ...(target.fromBlock !== undefined ? { fromBlock: target.fromBlock } : {}),
      ...(network ? { maxBlockRange: network.maxBlockRange } : {}),
    });
  };
  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        client ??= connect();
        const results = await (await client).lookupMany(batch.map((b) => b.query));
        for (const [i, b] of batch.entries()) b.resolve(results[i] ?? []);
      } catch (error) {
        client = undefined; // the chain may come up before the next batch
        const detail = error instanceof Error ? error.message : String(error);
        const failure =
          error instanceof RegistryError
            ? error
            : new RegistryUnavailableError(`The registry at ${target.address} could not be read: ${detail}`);
        for (const b of batch) b.reject(failure);
      }
    }
    running = false;
  };
  return (query) =>
    new Promise<RegistryMatch[]>((resolve, reject) => {
      queue.push({ query, resolve, reject });
      if (!running) setImmediate(() => void drain());
    });
}

function topReason(verdict: Verdict): string {
  return verdict.message ?? verdict.evidence[0] ?? '';
}

function clip(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

function tableRow(file: string, v: Verdict): string {
  const signer = v.signer ? `${v.signer.name}` : '-';
  const credits = String(v.credits.length);
  return [
    clip(file, 34),
    clip(v.trust, 13),
    clip(v.origin, 18),
    clip(signer, 26),
    credits.padStart(3),
    ` ${clip(topReason(v), 90)}`,
  ].join(' ');
}

async function thumbnailOf(bytes: Uint8Array, verdict: Verdict): Promise<string | undefined> {
  if (
    !verdict.mediaType.startsWith('image/') ||
    verdict.size === undefined ||
    verdict.size > 64 * 1024 * 1024
  )
    return undefined;
  try {
    const png = await sharp(bytes, { limitInputPixels: 100_000_000 })
      .resize(240, 240, { fit: 'inside' })
      .png()
      .toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return undefined;
  }
}

export function addVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('Verify the Content Credentials of files, folders (walked) and URLs.')
    .argument('<inputs...>', 'files, folders or http(s) URLs')
    .option('--json', 'one Verdict per line (JSON Lines), with "file" added')
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
    .option('--report <out.html>', 'also write a self-contained HTML evidence report')
    .option('--at <date>', 'validate as of this date (ISO 8601), e.g. for certificate expiry')
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
Trust lists: by default the official C2PA lists cached by \`provlens trust update\` are in force.
Registry: files are looked up (by hash and fingerprint) on the registry in ${DEPLOYMENT_FILE}
when it exists, or the one given by --rpc and --registry; a chain that is down only empties the
registry section (registryError), never the verdict.
Exit status: 0 when every input was read (whatever its verdict), 1 when an input could not be
opened or downloaded, 2 for wrong arguments.

Examples:
  provlens verify photo.jpg
  provlens verify --json --trust my-ca.pem ./downloads > verdicts.jsonl
  provlens verify --report evidence.html --at 2024-06-01 suspect.mp4`,
    )
    .action(async (inputs: string[], options: VerifyCliOptions) => {
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
      const { trust, lists } = await trustFromOptions(options);
      const fragment = options.fragment
        ? await readFile(options.fragment).catch(() => {
            throw new UsageError(`cannot read --fragment ${options.fragment}`);
          })
        : undefined;
      const { inputs: files, missing } = await listInputs(inputs);
      for (const path of missing) process.stderr.write(`provlens: ${path}: no such file or folder\n`);
      if (files.length === 0 && missing.length > 0) {
        process.exitCode = 1;
        return;
      }

      const target = registryTarget(options);
      if (target) {
        process.stderr.write(
          `provlens: registry look-ups on ${target.chainId !== undefined ? `chain ${target.chainId}` : 'the chain'} at ${target.rpcUrl}, registry ${target.address} (from ${target.source}; --no-registry turns them off)\n`,
        );
      }
      let registryDownNoted = false;
      const registry = target ? batchedRegistryLookup(target) : undefined;
      const engine = createNodeEngine({ timeoutMs: timeoutSeconds * 1000, size: Math.min(concurrency, 4) });
      const base: Omit<VerifyOptions, 'name'> = {
        engine,
        trust,
        remoteManifests: Boolean(options.remote),
        maxBytes: maxMb * 1024 * 1024,
        thumbnails: Boolean(options.report),
        ...(options.at ? { at: options.at } : {}),
        ...(fragment ? { fragment } : {}),
        ...(registry ? { registry, fingerprint: fingerprintBytes } : {}),
      };
      const showProgress = files.length > 3 && process.stderr.isTTY;
      const bar = showProgress
        ? new SingleBar({
            format: 'verifying {bar} {value}/{total} {file}',
            hideCursor: true,
            stream: process.stderr,
          })
        : undefined;
      bar?.start(files.length, 0, { file: '' });
      if (!options.json) {
        process.stdout.write(
          `${['FILE'.padEnd(34), 'TRUST'.padEnd(13), 'ORIGIN'.padEnd(18), 'SIGNER'.padEnd(26), 'CR', ' WHY'].join(' ')}\n`,
        );
      }
      const results: { name: string; verdict: Verdict; thumbnail?: string }[] = new Array(files.length);
      let unreadable = 0;
      let next = 0;
      let printed = 0;
      const done = new Map<number, string>();
      const flush = () => {
        // Print in input order, as soon as the next one in line is done.
        while (done.has(printed)) {
          process.stdout.write(done.get(printed)!);
          done.delete(printed);
          printed += 1;
        }
      };
      const worker = async () => {
        while (next < files.length) {
          const index = next++;
          const file = files[index]!;
          const isUrl = /^https?:\/\//i.test(file);
          let verdict: Verdict;
          let bytes: Uint8Array | undefined;
          if (isUrl) {
            verdict = await verifyAsset(file, { ...base, name: file });
          } else {
            try {
              // A file over the limit is refused from its size alone: never read (or hash) 1 GB to say no.
              const size = (await stat(file)).size;
              if (size > maxMb * 1024 * 1024)
                verdict = await verifyAsset(await openAsBlob(file), { ...base, name: file });
              else bytes = await readFile(file);
            } catch (error) {
              bytes = undefined;
              verdict = await verifyAsset(new Uint8Array(0), { ...base, name: file });
              verdict.message = `Could not open the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`;
              verdict.evidence = [verdict.message];
            }
            if (bytes) verdict = await verifyAsset(bytes, { ...base, name: file });
          }
          if (verdict!.trust === 'error' && /^Could not (open|download)/.test(verdict!.message ?? ''))
            unreadable += 1;
          if (verdict!.registryError && !registryDownNoted) {
            registryDownNoted = true;
            process.stderr.write(`provlens: ${verdict!.registryError}\n`);
          }
          const display = isUrl ? file : basename(file);
          const thumbnail = options.report && bytes ? await thumbnailOf(bytes, verdict!) : undefined;
          results[index] = { name: display, verdict: verdict!, ...(thumbnail ? { thumbnail } : {}) };
          const { thumbnails: _omit, ...line } = verdict!;
          done.set(
            index,
            options.json ? `${JSON.stringify({ file, ...line })}\n` : `${tableRow(display, verdict!)}\n`,
          );
          bar?.increment(1, { file: basename(file) });
          if (!bar) flush();
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
      } finally {
        await engine.close();
        bar?.stop();
      }
      flush();
      if (!options.json) {
        const counts = new Map<string, number>();
        for (const r of results) counts.set(r.verdict.trust, (counts.get(r.verdict.trust) ?? 0) + 1);
        const ai = results.filter((r) => r.verdict.aiDerived === true).length;
        process.stdout.write(
          `\n${files.length} file(s): ${[...counts].map(([t, n]) => `${n} ${trustWords(t as Verdict['trust']).toLowerCase()}`).join(', ')}${ai ? `; ${ai} AI-derived` : ''}\n`,
        );
      }
      if (options.report) {
        const html = renderEvidenceReport({
          items: results,
          trustLists: lists,
          checkedAt: options.at ? new Date(options.at).toISOString() : new Date().toISOString(),
          generator: `provlens ${program.version() ?? ''}`.trim(),
        });
        try {
          await writeFile(options.report, html);
          process.stderr.write(`provlens: evidence report written to ${options.report}\n`);
        } catch (error) {
          process.stderr.write(
            `provlens: could not write the report to ${options.report}: ${(error as Error).message}\n`,
          );
          process.exitCode = 1;
        }
      }
      if (unreadable > 0 || missing.length > 0) process.exitCode = 1;
    });
}
