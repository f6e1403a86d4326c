// The official trust lists: how an answer is judged, and how they are refreshed and cached (the table of
// where they are published is official-lists.ts). The CLI (`provlens trust`) and the extension both use
// this; storage is injected (a file cache in Node, IndexedDB in the extension) so this stays platform-free.
import { type ListRole, OFFICIAL_LISTS, type OfficialList } from './official-lists.ts';
import { parsePemBundle, type TrustConfig, type TrustListSource } from './trust.ts';

export {
  type ListRole,
  OFFICIAL_LISTS,
  type OfficialList,
  type OfficialListId,
  STALE_AFTER_DAYS,
  type TrustWarning,
  trustWarning,
} from './official-lists.ts';

/** The engine itself caps a fetched list at 1 MiB; an answer beyond that is not a trust list. */
export const MAX_LIST_BYTES = 1024 * 1024;

/** Lists are fetched again after a week. */
export const REFRESH_AFTER_MS = 7 * 24 * 3600 * 1000;

const HASH_LINE = /^[A-Za-z0-9+/]{43}=$/;
const OID_LINE = /^\d+(\.\d+)+$/;

/** Certificates, allowed-list hashes or OIDs in a list's text: what a person sees as its size. */
export function countEntries(role: ListRole, text: string): number {
  const lines = text.split('\n').map((line) => line.trim());
  if (role === 'eku') return lines.filter((line) => OID_LINE.test(line)).length;
  const certificates = parsePemBundle(text).certificates.length;
  return role === 'allowed'
    ? certificates + lines.filter((line) => HASH_LINE.test(line)).length
    : certificates;
}

/** Why `text` is not a usable copy of `list`, or undefined when it is: it parses and holds entries. */
export function whyNotAList(list: Pick<OfficialList, 'role'>, text: string): string | undefined {
  if (text.trim() === '') return 'the answer was empty';
  if (text.length > MAX_LIST_BYTES) return 'the answer is larger than 1 MiB';
  if (countEntries(list.role, text) > 0) return undefined;
  if (list.role === 'anchors') return 'the answer holds no readable certificate';
  if (list.role === 'allowed') return 'the answer holds no certificate or certificate hash';
  return 'the answer holds no OID';
}

export interface CachedList {
  id: string;
  name: string;
  text: string;
  /** The publisher's version: ETag or Last-Modified, or the snapshot's date. */
  version?: string;
  /** When this copy was fetched (for the bundled snapshot: when the snapshot was taken). */
  fetchedAt: string;
  url: string;
  /** Where this copy came from; absent means fetched from the publisher. */
  source?: 'fetched' | 'bundled' | 'imported';
}

export interface TrustListStore {
  load(id: string): Promise<CachedList | undefined>;
  save(list: CachedList): Promise<void>;
}

export interface ListStatus {
  id: string;
  name: string;
  /** Certificates, hashes or OIDs it holds. */
  certificates: number;
  version?: string;
  fetchedAt?: string;
  source: 'fetched' | 'cache' | 'bundled' | 'imported' | 'user' | 'missing';
  error?: string;
}

/** Fetches one list; resolves to its text and version, or throws with a reason a person can read. */
export async function fetchOfficialList(
  list: OfficialList,
  fetcher: typeof fetch = fetch,
): Promise<{ text: string; version?: string }> {
  const response = await fetcher(list.url, { cache: 'no-cache', credentials: 'omit', redirect: 'follow' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  const problem = whyNotAList(list, text);
  if (problem) throw new Error(problem);
  const version = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
  return { text, ...(version ? { version } : {}) };
}

/**
 * Fetches every official list. An answer replaces the copy in force only when it parses and holds entries;
 * otherwise the copy in force (cached, imported or bundled) stays, and the status says why.
 */
export async function refreshTrustLists(
  store: TrustListStore,
  fetcher: typeof fetch = fetch,
  now: () => Date = () => new Date(),
): Promise<ListStatus[]> {
  return Promise.all(
    OFFICIAL_LISTS.map(async (list): Promise<ListStatus> => {
      let error: string;
      try {
        const { text, version } = await fetchOfficialList(list, fetcher);
        const cached: CachedList = {
          id: list.id,
          name: list.name,
          text,
          fetchedAt: now().toISOString(),
          url: list.url,
          source: 'fetched',
          ...(version ? { version } : {}),
        };
        await store.save(cached);
        return statusOf(list, cached, 'fetched');
      } catch (caught) {
        error = `could not fetch ${list.url}: ${(caught as Error).message}`;
      }
      const cached = await store.load(list.id);
      if (cached) {
        const status = statusOf(list, cached, cached.source === 'fetched' ? 'cache' : undefined);
        return { ...status, error: `${error}; the ${describeCopy(cached)} stays in force` };
      }
      return { id: list.id, name: list.name, certificates: 0, source: 'missing', error };
    }),
  );
}

function describeCopy(list: CachedList): string {
  const day = list.fetchedAt.slice(0, 10);
  if (list.source === 'bundled') return `bundled snapshot of ${day}`;
  if (list.source === 'imported') return `copy imported ${day}`;
  return `copy fetched ${list.fetchedAt}`;
}

/** How a stored copy is reported: `as` overrides where it came from (a fetched copy read back is "cache"). */
export function statusOf(
  list: Pick<OfficialList, 'role'>,
  cached: CachedList,
  as?: ListStatus['source'],
): ListStatus {
  return {
    id: cached.id,
    name: cached.name,
    certificates: countEntries(list.role, cached.text),
    fetchedAt: cached.fetchedAt,
    source: as ?? cached.source ?? 'fetched',
    ...(cached.version ? { version: cached.version } : {}),
  };
}

/** The lists in force: each official list from `store`, else from `fallback` (the bundled snapshot). */
export function withFallback(store: TrustListStore, fallback: TrustListStore | undefined): TrustListStore {
  if (!fallback) return store;
  return {
    load: async (id) => (await store.load(id)) ?? fallback.load(id),
    save: (list) => store.save(list),
  };
}

/** The trust configuration from stored lists plus the user's own anchors; null when nothing is in force. */
export async function trustFromStore(
  store: TrustListStore,
  userAnchors: TrustListSource[] = [],
): Promise<TrustConfig | null> {
  const anchors: TrustListSource[] = [];
  let allowedList: TrustListSource | undefined;
  let trustConfig: string | undefined;
  for (const list of OFFICIAL_LISTS) {
    const cached = await store.load(list.id);
    if (!cached) continue;
    const source: TrustListSource = {
      id: list.id,
      name: list.name,
      pem: cached.text,
      fetchedAt: cached.fetchedAt,
      source: cached.source ?? 'fetched',
      ...(cached.version ? { version: cached.version } : {}),
    };
    if (list.role === 'anchors') anchors.push(source);
    else if (list.role === 'allowed') allowedList = source;
    else trustConfig = cached.text;
  }
  if (anchors.length === 0 && userAnchors.length === 0 && !allowedList) return null;
  return {
    anchors,
    userAnchors,
    ...(allowedList ? { allowedList } : {}),
    ...(trustConfig ? { trustConfig } : {}),
  };
}

/** Which official list a file is, by its name as published (C2PA-TRUST-LIST.pem, anchors.pem, …). */
export function officialListForFile(fileName: string): OfficialList | undefined {
  const base = fileName.split(/[/\\]/).pop() ?? fileName;
  return OFFICIAL_LISTS.find((list) => list.snapshotFile.split('/').pop() === base);
}
