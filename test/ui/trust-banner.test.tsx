// @vitest-environment happy-dom
// The popup's and side panel's banner: shown when no official trust list is in force or they are old.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrustListStatus } from '../../extension/platform/model.ts';
import { TrustBanner } from '../../extension/ui/trust-banner.tsx';
import { fakeClient } from './fake-client.ts';
import { mount } from './render.tsx';

vi.mock('../../extension/platform/client.ts', async () => (await import('./fake-client.ts')).fakeClient);

const NOW = new Date('2026-12-05T12:00:00Z');
const list = (id: string, certificates: number, fetchedAt: string): TrustListStatus => ({
  id,
  name: id,
  certificates,
  fetchedAt,
  source: 'fetched',
});

beforeEach(() => vi.clearAllMocks());

async function bannerFor(lists: TrustListStatus[]): Promise<HTMLElement | null> {
  fakeClient.getTrustStatus.mockResolvedValue(lists);
  const root = await mount(<TrustBanner now={NOW} />);
  return root.querySelector<HTMLElement>('[data-testid="trust-banner"]');
}

describe('trust banner', () => {
  it('says nothing while fresh official lists are in force', async () => {
    expect(
      await bannerFor([
        list('c2pa-conformance', 30, '2026-11-25T00:00:00Z'),
        list('interim', 18, '2026-12-01T00:00:00Z'),
      ]),
    ).toBeNull();
  });

  it('says no official list is in force when only a person’s own anchors are', async () => {
    const banner = await bannerFor([
      list('c2pa-conformance', 0, '2026-12-01T00:00:00Z'),
      list('user', 3, '2026-12-01'),
    ]);
    expect(banner?.dataset.kind).toBe('none');
    expect(banner?.textContent).toBe(
      'No official trust list is in force, so no signer can be recognised: every credential shows as “unknown signer”. Open Settings to refresh the lists.',
    );
  });

  it('says when the oldest official list is more than 60 days old', async () => {
    const banner = await bannerFor([
      list('c2pa-conformance', 30, '2026-11-25T00:00:00Z'),
      list('interim', 18, '2026-09-01T00:00:00Z'),
    ]);
    expect(banner?.dataset.kind).toBe('stale');
    expect(banner?.textContent).toBe(
      'The trust lists are from 2026-09-01 (95 days ago) and have not been refreshed since: signers added after that show as unknown. Open Settings to refresh them.',
    );
  });
});
