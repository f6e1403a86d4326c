// Fetching the official trust lists: success, publisher down (cache used), garbage answers rejected.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineSettings, parsePemBundle } from '../../src/verify/trust.ts';
import {
  type CachedList,
  PUBLISHED_LISTS,
  refreshTrustLists,
  type TrustListStore,
  trustFromStore,
} from '../../src/verify/trust-lists.ts';
import { SHARED } from '../support/shared.ts';

const conformance = readFileSync(`${SHARED}trust/c2pa-conformance/C2PA-TRUST-LIST.pem`, 'utf8');
const tsa = readFileSync(`${SHARED}trust/c2pa-conformance/C2PA-TSA-TRUST-LIST.pem`, 'utf8');
const interim = readFileSync(`${SHARED}trust/interim-verify-site/anchors.pem`, 'utf8');
const allowed = readFileSync(`${SHARED}trust/interim-verify-site/allowed.sha256.txt`, 'utf8');
const cfg = readFileSync(`${SHARED}trust/interim-verify-site/store.cfg`, 'utf8');
const BODIES: Record<string, string> = {
  'c2pa-conformance': conformance,
  'c2pa-tsa': tsa,
  interim,
  'interim-allowed': allowed,
  'interim-config': cfg,
};

function memoryStore(): TrustListStore & { items: Map<string, CachedList> } {
  const items = new Map<string, CachedList>();
  return { items, load: async (id) => items.get(id), save: async (list) => void items.set(list.id, list) };
}

const publisher = (respond: (id: string) => Response | Promise<Response>): typeof fetch =>
  (async (url: string | URL | Request) => {
    const list = PUBLISHED_LISTS.find((l) => l.url === String(url))!;
    return respond(list.id);
  }) as typeof fetch;

const now = () => new Date('2026-11-25T12:00:00Z');

describe('trust lists', () => {
  it('fetches every published list with its version and date', async () => {
    const store = memoryStore();
    const statuses = await refreshTrustLists(
      store,
      publisher((id) => new Response(BODIES[id], { headers: { etag: `"${id}-v7"` } })),
      now,
    );
    const conf = statuses.find((s) => s.id === 'c2pa-conformance')!;
    expect(conf).toEqual({
      id: 'c2pa-conformance',
      name: 'C2PA trust list',
      certificates: 30,
      fetchedAt: '2026-11-25T12:00:00.000Z',
      source: 'fetched',
      version: '"c2pa-conformance-v7"',
    });
    expect(statuses.find((s) => s.id === 'interim')!.certificates).toBe(18);
    expect(store.items.size).toBe(5);
  });

  it('falls back to the cached copy when the publisher is down, and says so', async () => {
    const store = memoryStore();
    await refreshTrustLists(
      store,
      publisher((id) => new Response(BODIES[id])),
      now,
    );
    const statuses = await refreshTrustLists(
      store,
      publisher(() => {
        throw new TypeError('fetch failed');
      }),
      now,
    );
    const conf = statuses.find((s) => s.id === 'c2pa-conformance')!;
    expect(conf.source).toBe('cache');
    expect(conf.certificates).toBe(30);
    expect(conf.error).toBe(
      'could not fetch https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TRUST-LIST.pem: fetch failed; using the copy fetched 2026-11-25T12:00:00.000Z',
    );
  });

  it('rejects an answer that holds no certificate instead of caching it', async () => {
    const store = memoryStore();
    const statuses = await refreshTrustLists(
      store,
      publisher(() => new Response('<html>captive portal</html>')),
      now,
    );
    expect(statuses.every((s) => s.source === 'missing')).toBe(true);
    expect(statuses[0]!.error).toContain('the list holds no readable certificate');
    expect(store.items.size).toBe(0);
    expect(await trustFromStore(store)).toBeNull();
  });

  it('builds a trust configuration from the cache', async () => {
    const store = memoryStore();
    await refreshTrustLists(
      store,
      publisher((id) => new Response(BODIES[id])),
      now,
    );
    const trust = (await trustFromStore(store))!;
    expect(trust.anchors.map((a) => a.id)).toEqual(['c2pa-conformance', 'c2pa-tsa', 'interim']);
    expect(trust.allowedList?.id).toBe('interim-allowed');
    expect(trust.trustConfig).toBe(cfg);
  });
});

describe('PEM bundles', () => {
  it('reads many certificates and reports a garbage block instead of passing it on', () => {
    const garbage = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    const parsed = parsePemBundle(`${interim}\n${garbage}`);
    expect(parsed.certificates).toHaveLength(18);
    expect(parsed.rejected).toHaveLength(1);
    expect(parsed.rejected[0]!.index).toBe(18);
  });

  it('turns remote manifests and OCSP off unless asked', () => {
    expect(JSON.parse(engineSettings({ trust: null }))).toEqual({
      trust: { trust_anchors: null, user_anchors: null, allowed_list: null, trust_config: null },
      verify: {
        verify_trust: true,
        verify_timestamp_trust: true,
        remote_manifest_fetch: false,
        ocsp_fetch: false,
      },
    });
  });
});
