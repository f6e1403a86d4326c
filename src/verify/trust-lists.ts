// The official trust lists: where they are published, and how they are fetched, cached and reported.
// Storage is injected (a file cache in Node, extension storage in the browser) so this stays platform-free.
import { parsePemBundle, type TrustConfig, type TrustListSource } from './trust.ts';

export interface PublishedList {
  id: 'c2pa-conformance' | 'c2pa-tsa' | 'interim' | 'interim-allowed' | 'interim-config';
  name: string;
  url: string;
  role: 'anchors' | 'allowed' | 'config';
}

/** Publishers: the C2PA conformance program, and the interim list contentcredentials.org/verify uses. */
export const PUBLISHED_LISTS: readonly PublishedList[] = [
  {
    id: 'c2pa-conformance',
    name: 'C2PA trust list',
    url: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TRUST-LIST.pem',
    role: 'anchors',
  },
  {
    id: 'c2pa-tsa',
    name: 'C2PA time-stamping trust list',
    url: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TSA-TRUST-LIST.pem',
    role: 'anchors',
  },
  {
    id: 'interim',
    name: 'Content Credentials interim trust list',
    url: 'https://contentcredentials.org/trust/anchors.pem',
    role: 'anchors',
  },
  {
    id: 'interim-allowed',
    name: 'Content Credentials allowed list',
    url: 'https://contentcredentials.org/trust/allowed.sha256.txt',
    role: 'allowed',
  },
  {
    id: 'interim-config',
    name: 'Content Credentials trust configuration',
    url: 'https://contentcredentials.org/trust/store.cfg',
    role: 'config',
  },
];

export interface CachedList {
  id: string;
  name: string;
  text: string;
  /** The publisher's version: ETag or Last-Modified. */
  version?: string;
  fetchedAt: string;
  url: string;
}

export interface TrustListStore {
  load(id: string): Promise<CachedList | undefined>;
  save(list: CachedList): Promise<void>;
}

export interface ListStatus {
  id: string;
  name: string;
  certificates: number;
  version?: string;
  fetchedAt?: string;
  source: 'fetched' | 'cache' | 'user' | 'missing';
  error?: string;
}

const MAX_LIST_BYTES = 2 * 1024 * 1024;

function validate(list: PublishedList, text: string): string | undefined {
  if (text.length > MAX_LIST_BYTES) return 'the list is larger than 2 MB';
  if (list.role === 'anchors') {
    const parsed = parsePemBundle(text);
    if (parsed.certificates.length === 0) return 'the list holds no readable certificate';
  }
  if (list.role === 'allowed' && !/-----BEGIN CERTIFICATE-----|^[A-Za-z0-9+/]{43}=\s*$/m.test(text)) {
    return 'the allowed list holds no certificate or hash';
  }
  if (list.role === 'config' && !/^\s*\d+(\.\d+)+\s*$/m.test(text)) return 'the configuration holds no OID';
  return undefined;
}

/** Fetches every published list; a list that cannot be fetched falls back to its cached copy. */
export async function refreshTrustLists(
  store: TrustListStore,
  fetcher: typeof fetch = fetch,
  now: () => Date = () => new Date(),
): Promise<ListStatus[]> {
  return Promise.all(
    PUBLISHED_LISTS.map(async (list): Promise<ListStatus> => {
      let error: string | undefined;
      try {
        const response = await fetcher(list.url, { cache: 'no-cache' } as RequestInit);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const text = await response.text();
        const problem = validate(list, text);
        if (problem) throw new Error(problem);
        const version = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
        const cached: CachedList = {
          id: list.id,
          name: list.name,
          text,
          fetchedAt: now().toISOString(),
          url: list.url,
          ...(version ? { version } : {}),
        };
        await store.save(cached);
        return statusOf(cached, 'fetched');
      } catch (caught) {
        error = `could not fetch ${list.url}: ${(caught as Error).message}`;
      }
      const cached = await store.load(list.id);
      if (cached)
        return {
          ...statusOf(cached, 'cache'),
          error: `${error}; using the copy fetched ${cached.fetchedAt}`,
        };
      return { id: list.id, name: list.name, certificates: 0, source: 'missing', error: error! };
    }),
  );
}

function statusOf(list: CachedList, source: ListStatus['source']): ListStatus {
  return {
    id: list.id,
    name: list.name,
    certificates: parsePemBundle(list.text).certificates.length,
    fetchedAt: list.fetchedAt,
    source,
    ...(list.version ? { version: list.version } : {}),
  };
}

/** The trust configuration from cached lists plus the user's own anchors; null when nothing is in force. */
export async function trustFromStore(
  store: TrustListStore,
  userAnchors: TrustListSource[] = [],
): Promise<TrustConfig | null> {
  const anchors: TrustListSource[] = [];
  let allowedList: TrustListSource | undefined;
  let trustConfig: string | undefined;
  for (const list of PUBLISHED_LISTS) {
    const cached = await store.load(list.id);
    if (!cached) continue;
    const source: TrustListSource = {
      id: list.id,
      name: list.name,
      pem: cached.text,
      fetchedAt: cached.fetchedAt,
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
