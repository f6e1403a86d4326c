// The trust lists in force: the dated snapshot bundled with the extension (public/trust/) from the first
// second, refreshed weekly from the official publishers (one table with the CLI: src/verify/trust-lists.ts)
// — a refresh replaces a list only with one that parses and holds entries — plus anchors a person adds. A
// development build may carry a seed file (dev-trust.json, written by `npm start` and the e2e suite) that
// adds the demo CA and a local registry, and turns the network refresh off.
import { derToPem } from '../../src/encoding/pem.ts';
import { sha256Hex } from '../../src/verify/sha256.ts';
import { parsePemBundle } from '../../src/verify/trust.ts';
import {
  countEntries,
  fetchOfficialList,
  OFFICIAL_LISTS,
  type OfficialList,
  REFRESH_AFTER_MS,
} from '../../src/verify/trust-lists.ts';
import type { TrustSnapshot } from '../../src/verify/trust-snapshot.ts';
import { extensionUrl } from '../platform/background.ts';
import type { AnchorImportResult, TrustListStatus } from '../platform/model.ts';
import { loadTrustLists, type StoredTrustList, saveTrustList } from '../platform/store.ts';

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
  /** Refresh the official lists from the network (off unless said: tests and demos stay offline). */
  refresh?: boolean;
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

async function packaged(path: string): Promise<string> {
  const response = await fetch(extensionUrl(`trust/${path}`));
  if (!response.ok) throw new Error(`the extension holds no trust/${path}`);
  return response.text();
}

/** The bundled snapshot's copy of each official list. */
async function bundledLists(): Promise<StoredTrustList[]> {
  let snapshot: TrustSnapshot;
  try {
    snapshot = JSON.parse(await packaged('snapshot.json')) as TrustSnapshot;
  } catch {
    return [];
  }
  const out: StoredTrustList[] = [];
  for (const official of OFFICIAL_LISTS) {
    const entry = snapshot.lists.find((list) => list.id === official.id);
    if (!entry) continue;
    out.push({
      id: official.id,
      name: official.name,
      pem: await packaged(entry.file),
      role: official.role,
      source: 'bundled',
      version: `snapshot ${snapshot.date}`,
      fetchedAt: `${snapshot.date}T00:00:00.000Z`,
    });
  }
  return out;
}

async function refreshOne(
  official: OfficialList,
  previous: StoredTrustList | undefined,
): Promise<StoredTrustList> {
  const now = new Date().toISOString();
  try {
    const { text, version } = await fetchOfficialList(official);
    return {
      id: official.id,
      name: official.name,
      pem: text,
      role: official.role,
      source: 'fetched',
      fetchedAt: now,
      checkedAt: now,
      ...(version ? { version } : {}),
    };
  } catch (error) {
    const reason = `Could not refresh from ${new URL(official.url).host}: ${error instanceof Error ? error.message : String(error)}`;
    // The copy in force stays as it was; the failure is kept with its date for the options page.
    if (previous?.pem) return { ...previous, checkedAt: now, failedAt: now, error: reason };
    return {
      id: official.id,
      name: official.name,
      pem: '',
      role: official.role,
      source: 'fetched',
      checkedAt: now,
      failedAt: now,
      error: reason,
    };
  }
}

/** After a failed refresh, try again a day later rather than a week. */
const RETRY_AFTER_FAILURE_MS = 24 * 3600 * 1000;

const changeListeners: (() => void)[] = [];

/** `listener` runs when a refresh changed a list in force (verdicts made with the old lists are stale). */
export function onTrustListsChanged(listener: () => void): void {
  changeListeners.push(listener);
}

/**
 * The lists in force, without waiting for the network: the bundled snapshot fills what is missing, a
 * development seed adds its lists. A refresh of stale lists starts in the background.
 */
export async function ensureTrustLists(): Promise<StoredTrustList[]> {
  const seed = await readDevSeed();
  const stored = new Map((await loadTrustLists()).map((list) => [list.id, list]));
  for (const list of await bundledLists()) {
    const previous = stored.get(list.id);
    // A list never fetched, or an older snapshot than this build's, takes the bundled copy.
    const older = previous?.source === 'bundled' && !previous.seeded && previous.version !== list.version;
    if (!previous?.pem || older) {
      const failure = previous?.failedAt ? { failedAt: previous.failedAt, error: previous.error ?? '' } : {};
      await saveTrustList({
        ...list,
        ...failure,
        ...(previous?.checkedAt ? { checkedAt: previous.checkedAt } : {}),
      });
    }
  }
  if (seed && ![...stored.values()].some((list) => list.seeded)) {
    for (const list of seed.lists) {
      await saveTrustList({
        id: list.id,
        name: list.name,
        pem: list.pem,
        role: list.role,
        source: list.user ? 'user' : 'bundled',
        fetchedAt: new Date().toISOString(),
        seeded: true,
        ...(list.version ? { version: list.version } : {}),
      });
    }
  }
  if (!seed || seed.refresh) void refreshTrustLists(false).catch(() => undefined);
  return loadTrustLists();
}

let refreshing: Promise<StoredTrustList[]> | undefined;

/** Fetches the official lists that are stale (all of them when `force`); the copy in force stays on failure. */
export function refreshTrustLists(force: boolean): Promise<StoredTrustList[]> {
  if (refreshing && !force) return refreshing;
  const run = (async () => {
    if (force) await ensureTrustLists();
    const stored = new Map((await loadTrustLists()).map((list) => [list.id, list]));
    let changed = false;
    for (const official of OFFICIAL_LISTS) {
      const previous = stored.get(official.id);
      const last = Date.parse(previous?.checkedAt ?? '') || 0;
      const wait =
        previous?.failedAt && previous.failedAt === previous.checkedAt
          ? RETRY_AFTER_FAILURE_MS
          : REFRESH_AFTER_MS;
      if (!force && previous?.pem && Date.now() - last < wait) continue;
      const next = await refreshOne(official, previous);
      await saveTrustList(next);
      if (next.pem !== previous?.pem) changed = true;
    }
    if (changed) for (const listener of changeListeners) listener();
    return loadTrustLists();
  })();
  refreshing = run;
  void run
    .finally(() => {
      if (refreshing === run) refreshing = undefined;
    })
    .catch(() => undefined);
  return run;
}

export function trustStatus(lists: StoredTrustList[]): TrustListStatus[] {
  return lists
    .filter((list) => list.role !== 'eku')
    .map((list) => ({
      id: list.id,
      name: list.name,
      certificates: countEntries(list.role, list.pem),
      source: list.source,
      ...(list.version ? { version: list.version } : {}),
      ...(list.fetchedAt ? { fetchedAt: list.fetchedAt } : {}),
      ...(list.error ? { error: list.error } : {}),
      ...(list.failedAt ? { failedAt: list.failedAt } : {}),
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
      ...(existing?.seeded ? { seeded: true } : {}),
    });
  }
  return result;
}
