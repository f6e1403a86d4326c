// IndexedDB, shared by the background and the verifier host (same extension origin): verdicts keyed by
// SHA-256, each tab's media list (so a stopped service worker recovers), and the trust lists in force.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Verdict } from '../../src/verdict/types.ts';
import type { MediaItem } from './model.ts';

export interface CachedVerdict {
  sha256: string;
  verdict: Verdict;
  thumbnail?: string;
  /** Verdicts depend on the trust lists and settings in force: a different fingerprint is a miss. */
  trustFingerprint: string;
  savedAt: number;
}

export interface StoredTab {
  tabId: number;
  pageUrl: string;
  /** Media reported per frame, in page order. */
  items: MediaItem[];
  savedAt: number;
}

export interface StoredTrustList {
  id: string;
  name: string;
  pem: string;
  version?: string;
  fetchedAt?: string;
  source: 'bundled' | 'fetched' | 'cache' | 'user';
  /** Whether this list is an allowed list (end-entity certificates / hashes) rather than anchors. */
  role: 'anchors' | 'allowed' | 'eku';
  /** Why the last refresh failed (the copy in force stays), and when. */
  error?: string;
  failedAt?: string;
  /** When a refresh was last tried. */
  checkedAt?: string;
  /** Put there by a development seed (dev-trust.json). */
  seeded?: boolean;
}

interface LensDb extends DBSchema {
  verdicts: { key: string; value: CachedVerdict; indexes: { savedAt: number } };
  tabs: { key: number; value: StoredTab };
  trust: { key: string; value: StoredTrustList };
}

const MAX_CACHED_VERDICTS = 5000;

let opening: Promise<IDBPDatabase<LensDb>> | undefined;
function db(): Promise<IDBPDatabase<LensDb>> {
  opening ??= openDB<LensDb>('provenance-lens', 1, {
    upgrade(database) {
      const verdicts = database.createObjectStore('verdicts', { keyPath: 'sha256' });
      verdicts.createIndex('savedAt', 'savedAt');
      database.createObjectStore('tabs', { keyPath: 'tabId' });
      database.createObjectStore('trust', { keyPath: 'id' });
    },
  });
  return opening;
}

export async function cachedVerdict(
  sha256: string,
  trustFingerprint: string,
): Promise<CachedVerdict | undefined> {
  const hit = await (await db()).get('verdicts', sha256);
  return hit && hit.trustFingerprint === trustFingerprint ? hit : undefined;
}

/** Any cached verdict for these bytes, whatever trust was in force (for showing an item by key). */
export async function anyCachedVerdict(sha256: string): Promise<CachedVerdict | undefined> {
  return (await db()).get('verdicts', sha256);
}

/** Forgets the `count` oldest verdicts: the cache is a speed-up, never the record. */
async function evictOldest(database: IDBPDatabase<LensDb>, count: number): Promise<void> {
  const tx = database.transaction('verdicts', 'readwrite');
  let cursor = await tx.store.index('savedAt').openCursor();
  for (let removed = 0; cursor && removed < count; removed++) {
    await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

const isQuotaError = (error: unknown): boolean =>
  error instanceof DOMException && (error.name === 'QuotaExceededError' || /quota/i.test(error.message));

export async function cacheVerdict(entry: CachedVerdict): Promise<void> {
  const database = await db();
  try {
    await database.put('verdicts', entry);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    // Storage is full: make room by forgetting the older half, then try once more.
    await evictOldest(database, Math.max(1, Math.ceil((await database.count('verdicts')) / 2)));
    await database.put('verdicts', entry);
  }
  const count = await database.count('verdicts');
  if (count > MAX_CACHED_VERDICTS) await evictOldest(database, MAX_CACHED_VERDICTS / 10);
}

export async function saveTab(tab: StoredTab): Promise<void> {
  await (await db()).put('tabs', tab);
}

export async function loadTabs(): Promise<StoredTab[]> {
  return (await db()).getAll('tabs');
}

export async function forgetTab(tabId: number): Promise<void> {
  await (await db()).delete('tabs', tabId);
}

export async function forgetAllTabs(): Promise<void> {
  await (await db()).clear('tabs');
}

export async function loadTrustLists(): Promise<StoredTrustList[]> {
  return (await db()).getAll('trust');
}

export async function saveTrustList(list: StoredTrustList): Promise<void> {
  await (await db()).put('trust', list);
}
