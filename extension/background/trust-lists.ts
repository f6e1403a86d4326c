// The trust lists in force: fetched from their official publishers on install and refreshed weekly
// (kept with version and date), plus anchors a person adds. A development build may carry a seed file
// (dev-trust.json, written by `npm start` and the e2e suite) that replaces the network fetch.
import { derToPem } from '../../src/encoding/pem.ts';
import { sha256Hex } from '../../src/verify/sha256.ts';
import { parsePemBundle } from '../../src/verify/trust.ts';
import { extensionUrl } from '../platform/background.ts';
import type { AnchorImportResult, TrustListStatus } from '../platform/model.ts';
import { loadTrustLists, type StoredTrustList, saveTrustList } from '../platform/store.ts';

interface OfficialList {
  id: string;
  name: string;
  url: string;
  role: StoredTrustList['role'];
}

export const OFFICIAL_LISTS: OfficialList[] = [
  {
    id: 'c2pa-conformance',
    name: 'C2PA trust list',
    url: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TRUST-LIST.pem',
    role: 'anchors',
  },
  {
    id: 'c2pa-tsa',
    name: 'C2PA time-stamping authorities',
    url: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TSA-TRUST-LIST.pem',
    role: 'anchors',
  },
  {
    id: 'interim',
    name: 'Content Credentials interim list',
    url: 'https://contentcredentials.org/trust/anchors.pem',
    role: 'anchors',
  },
  {
    id: 'interim-allowed',
    name: 'Content Credentials allowed signers',
    url: 'https://contentcredentials.org/trust/allowed.sha256.txt',
    role: 'allowed',
  },
  {
    id: 'interim-eku',
    name: 'Signing purposes',
    url: 'https://contentcredentials.org/trust/store.cfg',
    role: 'eku',
  },
];

const REFRESH_AFTER_MS = 7 * 24 * 3600 * 1000;
const MAX_LIST_BYTES = 4 * 1024 * 1024;

interface DevSeed {
  /** `local`: the throw-away demo chain of `npm start`, whose accounts the extension may fund itself. */
  registry?: { rpcUrl: string; address: string; chainId?: number; local?: boolean };
  lists: {
    id: string;
    name: string;
    pem: string;
    role: StoredTrustList['role'];
    user?: boolean;
    version?: string;
  }[];
}

/** The development seed's registry (the local chain of `npm start`), if any. */
export async function devRegistry(): Promise<DevSeed['registry']> {
  return (await readDevSeed())?.registry;
}

async function readDevSeed(): Promise<DevSeed | undefined> {
  try {
    const response = await fetch(extensionUrl('dev-trust.json'));
    if (!response.ok) return undefined;
    const seed = (await response.json()) as DevSeed;
    return Array.isArray(seed.lists) ? seed : undefined;
  } catch {
    return undefined; // No seed in a release build.
  }
}

function countEntries(list: StoredTrustList): number {
  if (list.role === 'eku')
    return list.pem.split('\n').filter((line) => /^\d+(\.\d+)+$/.test(line.trim())).length;
  const pemBlocks = (list.pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  const hashLines = list.pem.split('\n').filter((line) => /^[A-Za-z0-9+/]{43}=$/.test(line.trim())).length;
  return pemBlocks + hashLines;
}

async function fetchOfficial(
  list: OfficialList,
  previous: StoredTrustList | undefined,
): Promise<StoredTrustList> {
  const now = new Date().toISOString();
  try {
    const response = await fetch(list.url, { cache: 'no-cache', credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_LIST_BYTES) throw new Error('the list is larger than expected');
    if (list.role === 'anchors' && !text.includes('-----BEGIN CERTIFICATE-----'))
      throw new Error('no certificates in it');
    const version = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
    return {
      id: list.id,
      name: list.name,
      pem: text,
      role: list.role,
      source: 'fetched',
      fetchedAt: now,
      ...(version ? { version } : {}),
    };
  } catch (error) {
    const reason = `Could not refresh from ${new URL(list.url).host}: ${error instanceof Error ? error.message : String(error)}`;
    // Keep the last good copy in force; say that it is a cached one.
    if (previous?.pem)
      return { ...previous, source: previous.source === 'bundled' ? 'bundled' : 'cache', error: reason };
    return { id: list.id, name: list.name, pem: '', role: list.role, source: 'fetched', error: reason };
  }
}

/** Loads the lists in force, fetching them first when missing or stale (or when `force`). */
export async function ensureTrustLists(force = false): Promise<StoredTrustList[]> {
  const stored = await loadTrustLists();
  const seed = await readDevSeed();
  if (seed) {
    const seeded = stored.some((list) => list.source === 'bundled');
    if (!seeded || force) {
      for (const list of seed.lists) {
        await saveTrustList({
          id: list.id,
          name: list.name,
          pem: list.pem,
          role: list.role,
          source: list.user ? 'user' : 'bundled',
          fetchedAt: new Date().toISOString(),
          ...(list.version ? { version: list.version } : {}),
        });
      }
    }
    return loadTrustLists();
  }
  const byId = new Map(stored.map((list) => [list.id, list]));
  for (const official of OFFICIAL_LISTS) {
    const previous = byId.get(official.id);
    const fetchedAt = previous?.fetchedAt ? Date.parse(previous.fetchedAt) : 0;
    if (force || !previous?.pem || Date.now() - fetchedAt > REFRESH_AFTER_MS) {
      await saveTrustList(await fetchOfficial(official, previous));
    }
  }
  return loadTrustLists();
}

export function trustStatus(lists: StoredTrustList[]): TrustListStatus[] {
  return lists
    .filter((list) => list.role !== 'eku')
    .map((list) => ({
      id: list.id,
      name: list.name,
      certificates: countEntries(list),
      source: list.source,
      ...(list.version ? { version: list.version } : {}),
      ...(list.fetchedAt ? { fetchedAt: list.fetchedAt } : {}),
      ...(list.error ? { error: list.error } : {}),
    }));
}

/** A stable name for the lists in force: verdicts cached under another name are checked again. */
export async function trustFingerprint(lists: StoredTrustList[]): Promise<string> {
  const text = [...lists]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((list) => `${list.id}\n${list.role}\n${list.pem}`)
    .join('\n--\n');
  return sha256Hex(new TextEncoder().encode(text));
}

/** Adds a person's own anchors: many certificates per bundle, keyed by fingerprint, never by subject name. */
export async function importUserAnchors(pem: string): Promise<AnchorImportResult> {
  const parsed = parsePemBundle(pem);
  const result: AnchorImportResult = { accepted: [], rejected: [] };
  for (const bad of parsed.rejected)
    result.rejected.push({ reason: `Certificate ${bad.index + 1}: ${bad.reason}` });
  if (parsed.certificates.length === 0 && parsed.rejected.length === 0) {
    result.rejected.push({
      reason: 'No PEM certificate (-----BEGIN CERTIFICATE-----) was found in the text.',
    });
    return result;
  }
  const existing = (await loadTrustLists()).find((list) => list.id === 'user');
  const known = new Set<string>();
  for (const cert of parsePemBundle(existing?.pem ?? '').certificates) known.add(await sha256Hex(cert.der));
  const blocks: string[] = existing?.pem ? [existing.pem.trim()] : [];
  const now = Date.now();
  for (const cert of parsed.certificates) {
    const sha256 = await sha256Hex(cert.der);
    if (cert.notAfter.getTime() < now) {
      result.rejected.push({
        subject: cert.subject,
        reason: `It expired on ${cert.notAfter.toISOString().slice(0, 10)}.`,
      });
    } else if (known.has(sha256)) {
      result.rejected.push({ subject: cert.subject, reason: 'It is already one of your anchors.' });
    } else {
      known.add(sha256);
      blocks.push(derToPem(cert.der, 'CERTIFICATE').trim());
      result.accepted.push({ subject: cert.subject, sha256 });
    }
  }
  if (result.accepted.length > 0) {
    await saveTrustList({
      id: 'user',
      name: 'Your own anchors',
      pem: blocks.join('\n'),
      role: 'anchors',
      source: 'user',
      fetchedAt: new Date().toISOString(),
    });
  }
  return result;
}
