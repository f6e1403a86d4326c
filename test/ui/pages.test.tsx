// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type MediaItem } from '../../extension/platform/model.ts';
import { Popup } from '../../extension/popup/popup.tsx';
import { SidePanel } from '../../extension/sidepanel/sidepanel.tsx';
import { fakeClient } from './fake-client.ts';
import { all, click, mount, one, settle } from './render.tsx';
import { item, tampered, verifiedAi } from './verdicts.ts';

vi.mock('../../extension/platform/client.ts', async () => (await import('./fake-client.ts')).fakeClient);

const tabItems = [
  item('k1', 'https://news.example/ai.jpg', verifiedAi),
  item('k2', 'https://news.example/t.jpg', tampered),
];

beforeEach(() => {
  vi.clearAllMocks();
  fakeClient.getSettings.mockResolvedValue(DEFAULT_SETTINGS);
  fakeClient.listTabMedia.mockResolvedValue(tabItems);
  fakeClient.watchTabMedia.mockImplementation(() => () => undefined);
  fakeClient.openDetail.mockResolvedValue(undefined);
  fakeClient.activeTabId.mockResolvedValue(99);
  fakeClient.getMediaItem.mockResolvedValue(undefined);
});

describe('popup', () => {
  it('shows the media of the tab named in its URL', async () => {
    const root = await mount(<Popup search="?tabId=7" />);
    expect(fakeClient.listTabMedia).toHaveBeenCalledWith(7);
    expect(fakeClient.activeTabId).not.toHaveBeenCalled();
    expect(
      all(root, '[data-testid="media-item"]').map((row) => [
        row.dataset.src,
        row.dataset.trust,
        row.dataset.origin,
      ]),
    ).toEqual([
      ['https://news.example/ai.jpg', 'verified', 'ai-generated'],
      ['https://news.example/t.jpg', 'invalid', 'human-capture'],
    ]);
  });

  it('falls back to the active tab', async () => {
    await mount(<Popup search="" />);
    expect(fakeClient.listTabMedia).toHaveBeenCalledWith(99);
  });

  it('follows changes while it is open', async () => {
    let push: ((items: MediaItem[]) => void) | undefined;
    fakeClient.watchTabMedia.mockImplementation((_tab, onChange) => {
      push = onChange;
      return () => undefined;
    });
    fakeClient.listTabMedia.mockResolvedValue([item('k1', 'https://news.example/ai.jpg', undefined)]);
    const root = await mount(<Popup search="?tabId=7" />);
    expect(one(root, '[data-testid="media-item"]').dataset.trust).toBe('checking');
    push?.([item('k1', 'https://news.example/ai.jpg', verifiedAi)]);
    await settle();
    expect(one(root, '[data-testid="media-item"]').dataset.trust).toBe('verified');
  });

  it('opens an item in place and goes back to the list', async () => {
    const root = await mount(<Popup search="?tabId=7" />);
    await click(one(root, '[data-key="k2"] button'));
    expect(one(root, '[data-testid="detail-view"]').dataset.trust).toBe('invalid');
    expect(root.querySelector('[data-testid="media-item"]')).toBe(null);
    await click(one(root, '.detail .actions button'));
    expect(all(root, '[data-testid="media-item"]')).toHaveLength(2);
  });

  it('asks the runtime to open the item in the side panel', async () => {
    const root = await mount(<Popup search="?tabId=7" />);
    await click(one(root, '[data-key="k1"] button'));
    const button = all(root, '.detail .actions button').find((b) => b.textContent === 'Open in side panel');
    await click(button);
    expect(fakeClient.openDetail).toHaveBeenCalledWith('k1', 'sidepanel');
  });

  it('says when the tab cannot be scanned', async () => {
    fakeClient.activeTabId.mockResolvedValue(undefined);
    const root = await mount(<Popup search="" />);
    expect(one(root, '.empty').textContent).toBe(
      'This page cannot be scanned (browser pages and the extension store are off limits). Use “Inspect a file” for local files.',
    );
  });
});

describe('side panel', () => {
  it('shows the selected item beside the list of the tab', async () => {
    window.location.hash = '';
    const root = await mount(<SidePanel search="?tabId=7&key=k2" />);
    expect(one(root, '[data-testid="detail-view"]').dataset.src).toBe('https://news.example/t.jpg');
    expect(one(root, '[data-key="k2"]').classList.contains('selected')).toBe(true);
    expect(all(root, '[data-testid="media-item"]')).toHaveLength(2);
  });

  it('fetches an item chosen elsewhere that is not in this tab', async () => {
    window.location.hash = '';
    const elsewhere = item('k9', 'https://other.example/x.jpg', verifiedAi);
    fakeClient.getMediaItem.mockResolvedValue(elsewhere);
    const root = await mount(<SidePanel search="?tabId=7&key=k9" />);
    expect(fakeClient.getMediaItem).toHaveBeenCalledWith('k9');
    expect(one(root, '[data-testid="detail-view"]').dataset.src).toBe('https://other.example/x.jpg');
  });
});

describe('side panel selection', () => {
  it('switches to the item the person picks in its list', async () => {
    window.location.hash = '';
    const root = await mount(<SidePanel search="?tabId=7&key=k1" />);
    await click(one(root, '[data-key="k2"] button'));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle();
    expect(window.location.hash).toBe('#key=k2');
    expect(one(root, '[data-testid="detail-view"]').dataset.src).toBe('https://news.example/t.jpg');
  });
});
