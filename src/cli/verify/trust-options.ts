// The trust lists for a run, from --trust/--allowed/--trust-config or the cached official lists, each
// recorded with where it came from and its SHA-256 so a report can say exactly what was in force.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EvidenceTrustList } from '../../report/evidence.ts';
import { sha256Hex } from '../../verify/sha256.ts';
import { parsePemBundle, type TrustConfig, type TrustListSource } from '../../verify/trust.ts';
import { OFFICIAL_LISTS, type TrustListStore } from '../../verify/trust-lists.ts';
import { listsInForce } from '../commands/trust.ts';
import { UsageError } from '../usage-error.ts';
import { errnoWords } from './inputs.ts';

export interface TrustRequest {
  trust: string[];
  allowed?: string | undefined;
  trustConfig?: string | undefined;
  /** false for --no-trust-lists. */
  trustLists: boolean;
}

export interface TrustInForce {
  trust: TrustConfig | null;
  lists: EvidenceTrustList[];
  /** Printed on stderr when nothing is in force. */
  warning?: string;
}

const encoder = new TextEncoder();
const sha256Of = (text: string) => sha256Hex(encoder.encode(text));

/** Reads a list given on the command line; a missing or unreadable one is a usage error (exit 2). */
async function readGiven(
  location: string,
  option: string,
): Promise<{ text: string; source: 'file' | 'url'; date?: string; version?: string }> {
  if (/^https:\/\//i.test(location)) {
    try {
      const response = await fetch(location);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const version = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
      return {
        text: await response.text(),
        source: 'url',
        date: new Date().toISOString(),
        ...(version ? { version } : {}),
      };
    } catch (error) {
      throw new UsageError(
        `cannot download the file given to ${option}, ${location}: ${(error as Error).message}`,
      );
    }
  }
  if (/^http:\/\//i.test(location))
    throw new UsageError(`${option} takes a file or an https URL, not plain http: ${location}`);
  try {
    const [text, info] = await Promise.all([readFile(location, 'utf8'), stat(location)]);
    return { text, source: 'file', date: info.mtime.toISOString() };
  } catch (error) {
    throw new UsageError(`cannot read the file given to ${option}, ${location}: ${errnoWords(error)}`);
  }
}

export async function trustInForce(request: TrustRequest): Promise<TrustInForce> {
  if (!request.trustLists) return { trust: null, lists: [] };
  const lists: EvidenceTrustList[] = [];
  const anchors: TrustListSource[] = [];
  for (const location of request.trust) {
    const given = await readGiven(location, '--trust');
    const parsed = parsePemBundle(given.text);
    if (parsed.certificates.length === 0)
      throw new UsageError(`${location} (given to --trust) holds no readable PEM certificate`);
    for (const bad of parsed.rejected)
      process.stderr.write(`provlens: ${location}: certificate #${bad.index + 1} ignored: ${bad.reason}\n`);
    const name = basename(location);
    anchors.push({ id: name, name, pem: given.text });
    lists.push({
      role: 'anchors',
      id: name,
      name,
      location,
      source: given.source,
      sha256: await sha256Of(given.text),
      certificates: parsed.certificates.length,
      ...(given.date ? { date: given.date } : {}),
      ...(given.version ? { version: given.version } : {}),
    });
  }
  let allowedList: TrustListSource | undefined;
  if (request.allowed) {
    const given = await readGiven(request.allowed, '--allowed');
    const name = basename(request.allowed);
    allowedList = { id: 'allowed', name, pem: given.text };
    lists.push({
      role: 'allowed',
      id: 'allowed',
      name,
      location: request.allowed,
      source: given.source,
      sha256: await sha256Of(given.text),
      ...(given.date ? { date: given.date } : {}),
      ...(given.version ? { version: given.version } : {}),
    });
  }
  let trustConfig: string | undefined;
  if (request.trustConfig) {
    const given = await readGiven(request.trustConfig, '--trust-config');
    trustConfig = given.text;
    lists.push({
      role: 'trust-config',
      id: 'trust-config',
      name: basename(request.trustConfig),
      location: request.trustConfig,
      source: given.source,
      sha256: await sha256Of(given.text),
      ...(given.date ? { date: given.date } : {}),
      ...(given.version ? { version: given.version } : {}),
    });
  }
  if (anchors.length > 0 || allowedList) {
    return {
      trust: {
        anchors,
        ...(allowedList ? { allowedList } : {}),
        ...(trustConfig !== undefined ? { trustConfig } : {}),
      },
      lists,
    };
  }
  const official = await officialLists(await listsInForce());
  if (official.anchors.length === 0 && !official.allowedList) {
    return {
      trust: null,
      lists,
      warning:
        'no trust list is in force, so no signer can be verified (credentials show as "untrusted" at best).\n' +
        '          Run `provlens trust update` or `provlens trust import DIR`, or pass --trust FILE.',
    };
  }
  const config = trustConfig ?? official.trustConfig;
  return {
    trust: {
      anchors: official.anchors,
      ...(official.allowedList ? { allowedList: official.allowedList } : {}),
      ...(config !== undefined ? { trustConfig: config } : {}),
    },
    lists: [
      ...official.lists.filter((l) => !(trustConfig !== undefined && l.role === 'trust-config')),
      ...lists,
    ],
  };
}

/** The official lists a store holds (fetched, imported, or the bundled snapshot), with their provenance. */
export async function officialLists(store: TrustListStore): Promise<{
  anchors: TrustListSource[];
  allowedList?: TrustListSource;
  trustConfig?: string;
  lists: EvidenceTrustList[];
}> {
  const anchors: TrustListSource[] = [];
  let allowedList: TrustListSource | undefined;
  let trustConfig: string | undefined;
  const lists: EvidenceTrustList[] = [];
  for (const published of OFFICIAL_LISTS) {
    const cached = await store.load(published.id);
    if (!cached) continue;
    const source = cached.source;
    const role = published.role === 'eku' ? 'trust-config' : published.role;
    lists.push({
      role,
      id: published.id,
      name: published.name,
      location: cached.url || published.url,
      source: source && source !== 'fetched' ? source : 'cache',
      sha256: await sha256Of(cached.text),
      date: cached.fetchedAt,
      ...(cached.version ? { version: cached.version } : {}),
      ...(role === 'anchors' ? { certificates: parsePemBundle(cached.text).certificates.length } : {}),
    });
    const list: TrustListSource = {
      id: published.id,
      name: published.name,
      pem: cached.text,
      fetchedAt: cached.fetchedAt,
      ...(cached.version ? { version: cached.version } : {}),
    };
    if (role === 'anchors') anchors.push(list);
    else if (role === 'allowed') allowedList = list;
    else trustConfig = cached.text;
  }
  return {
    anchors,
    ...(allowedList ? { allowedList } : {}),
    ...(trustConfig !== undefined ? { trustConfig } : {}),
    lists,
  };
}
