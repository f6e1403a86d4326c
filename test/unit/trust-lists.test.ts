// Fetching the official trust lists: success, publisher down (cache used), garbage answers rejected.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../scripts/trust-snapshot.ts';
import { bundledTrustStore, SNAPSHOT_DIR } from '../../src/verify/node-trust-snapshot.ts';
import { engineSettings, parsePemBundle } from '../../src/verify/trust.ts';
import {
  type CachedList,
  OFFICIAL_LISTS,
  refreshTrustLists,
  type TrustListStore,
  trustFromStore,
  withFallback,
} from '../../src/verify/trust-lists.ts';
import type { TrustSnapshot } from '../../src/verify/trust-snapshot.ts';
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
  'interim-eku': cfg,
};

function memoryStore(): TrustListStore & { items: Map<string, CachedList> } {
  const items = new Map<string, CachedList>();
  return { items, load: async (id) => items.get(id), save: async (list) => void items.set(list.id, list) };
}

const publisher = (respond: (id: string) => Response | Promise<Response>): typeof fetch =>
  (async (url: string | URL | Request) => {
    const list = OFFICIAL_LISTS.find((l) => l.url === String(url))!;
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
      'could not fetch https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TRUST-LIST.pem: fetch failed; the copy fetched 2026-11-25T12:00:00.000Z stays in force',
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
    expect(statuses[0]!.error).toContain('the answer holds no readable certificate');
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

describe('the bundled snapshot', () => {
  it('holds every official list, as stated in snapshot.json, read the same way the extension reads it', async () => {
    const meta = JSON.parse(readFileSync(`${SNAPSHOT_DIR}/snapshot.json`, 'utf8')) as TrustSnapshot;
    expect(meta.lists.map((l) => [l.id, l.entries, l.licence])).toEqual([
      ['c2pa-conformance', 30, 'CC-BY-4.0'],
      ['c2pa-tsa', 22, 'CC-BY-4.0'],
      ['interim', 18, 'Apache-2.0'],
      ['interim-allowed', 86, 'Apache-2.0'],
      ['interim-eku', 6, 'Apache-2.0'],
    ]);
    for (const list of meta.lists) {
      const bytes = readFileSync(`${SNAPSHOT_DIR}/${list.file}`);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(list.sha256);
      expect(list.file.split('/')).not.toContain('test');
    }
    expect(readFileSync(`${SNAPSHOT_DIR}/NOTICE.md`, 'utf8')).toContain('CC BY 4.0');
    const store = (await bundledTrustStore())!;
    const trust = (await trustFromStore(store))!;
    expect(trust.anchors.map((a) => [a.id, a.source, a.version])).toEqual([
      ['c2pa-conformance', 'bundled', `snapshot ${meta.date}`],
      ['c2pa-tsa', 'bundled', `snapshot ${meta.date}`],
      ['interim', 'bundled', `snapshot ${meta.date}`],
    ]);
    expect(trust.allowedList?.pem).toBe(allowed);
  });

  it('regenerates from a folder, and refuses a folder whose list holds no certificate', () => {
    const out = mkdtempSync(join(tmpdir(), 'provlens-snapshot-'));
    const made = makeSnapshot(`${SHARED}trust`, out, '2026-11-25');
    expect(made).toEqual(JSON.parse(readFileSync(`${SNAPSHOT_DIR}/snapshot.json`, 'utf8')));
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/trust-snapshot.ts',
        join(out, 'c2pa-conformance'),
        '--out',
        join(out, 'x'),
      ],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('C2PA-TRUST-LIST.pem is missing (the C2PA trust list)');
    rmSync(out, { recursive: true, force: true });
  });

  it('keeps the bundled list in force when a refresh answers 500, nothing or garbage', async () => {
    const cache = memoryStore();
    const store = withFallback(cache, (await bundledTrustStore())!);
    const answers: Response[] = [
      new Response('down', { status: 500 }),
      new Response(''),
      new Response('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'),
    ];
    const reasons = ['HTTP 500', 'the answer was empty', 'the answer holds no readable certificate'];
    for (const [i, answer] of answers.entries()) {
      const statuses = await refreshTrustLists(
        store,
        publisher(() => answer.clone()),
        now,
      );
      const conf = statuses.find((s) => s.id === 'c2pa-conformance')!;
      expect(conf.source).toBe('bundled');
      expect(conf.certificates).toBe(30);
      expect(conf.error).toBe(
        `could not fetch ${OFFICIAL_LISTS[0]!.url}: ${reasons[i]}; the bundled snapshot of 2026-11-25 stays in force`,
      );
    }
    expect(cache.items.size).toBe(0);
    expect((await trustFromStore(store))!.anchors[0]!.pem).toBe(conformance);
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
