// Which registry indexer the CLI asks first: --indexer URL, PROVLENS_INDEXER, or the one `provlens index`
// announced in .provlens/indexer.json for the same registry. Node only.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type BatchLookup, IndexerClient, preferIndexer } from './indexer-client.ts';

export const INDEXER_FILE = '.provlens/indexer.json';

export interface IndexerAnnouncement {
  url: string;
  chainId: number;
  registry: string;
  pid: number;
}

export async function announceIndexer(
  entry: IndexerAnnouncement,
  projectDir = process.cwd(),
): Promise<string> {
  const file = path.join(projectDir, INDEXER_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(entry, null, 2)}\n`);
  return file;
}

/** Removes the announcement if it is still this process's own. */
export async function withdrawIndexer(pid: number, projectDir = process.cwd()): Promise<void> {
  const file = path.join(projectDir, INDEXER_FILE);
  if (readAnnouncement(projectDir)?.pid === pid) await rm(file, { force: true });
}

function readAnnouncement(projectDir: string): IndexerAnnouncement | undefined {
  const file = path.join(projectDir, INDEXER_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<IndexerAnnouncement>;
    if (
      typeof entry.url === 'string' &&
      typeof entry.registry === 'string' &&
      typeof entry.chainId === 'number'
    )
      return entry as IndexerAnnouncement;
  } catch {
    // A broken file only means no indexer is known: look-ups use the chain.
  }
  return undefined;
}

/** The indexer URL configured for `registry`, if any. */
export function configuredIndexerUrl(
  registry: string,
  options: { indexer?: string; projectDir?: string } = {},
): string | undefined {
  if (options.indexer) return options.indexer;
  if (process.env.PROVLENS_INDEXER) return process.env.PROVLENS_INDEXER;
  const entry = readAnnouncement(options.projectDir ?? process.cwd());
  return entry && entry.registry.toLowerCase() === registry.toLowerCase() ? entry.url : undefined;
}

/**
 * `chain` itself, or look-ups that ask the configured indexer first and fall back to `chain` (logs) when it
 * fails or is slow. `onFallback` hears why (once per failure).
 */
export function withConfiguredIndexer(
  chain: BatchLookup & { address: string; nearThreshold: number },
  options: {
    indexer?: string;
    chainId?: number;
    projectDir?: string;
    onFallback?: (error: unknown) => void;
  } = {},
): BatchLookup {
  const url = configuredIndexerUrl(chain.address, options);
  if (!url) return chain;
  const indexer = new IndexerClient(url, {
    nearThreshold: chain.nearThreshold,
    expect: {
      address: chain.address,
      ...(options.chainId !== undefined ? { chainId: options.chainId } : {}),
    },
  });
  return preferIndexer(indexer, chain, options.onFallback);
}
