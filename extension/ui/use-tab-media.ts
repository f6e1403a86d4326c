// The live media list of one tab: the tab named in the page URL (?tabId=N), else the active tab.
import { useEffect, useState } from 'preact/hooks';
import { activeTabId, listTabMedia, watchTabMedia } from '../platform/client.ts';
import type { MediaItem } from '../platform/model.ts';

export type TabMedia =
  | { state: 'loading' }
  | { state: 'no-tab' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; tabId: number; items: MediaItem[] };

/** The tab id in a page URL's query, or undefined when absent or not a whole number. */
export function tabIdFromQuery(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

export function useTabMedia(search: string): TabMedia {
  const [media, setMedia] = useState<TabMedia>({ state: 'loading' });
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    (async () => {
      const tabId = tabIdFromQuery(search) ?? (await activeTabId());
      if (cancelled) return;
      if (tabId === undefined) {
        setMedia({ state: 'no-tab' });
        return;
      }
      // Subscribe first so no change between the first list and the subscription is lost.
      stop = watchTabMedia(tabId, (items) => {
        if (!cancelled) setMedia({ state: 'ready', tabId, items });
      });
      const items = await listTabMedia(tabId);
      if (!cancelled)
        setMedia((current) => (current.state === 'ready' ? current : { state: 'ready', tabId, items }));
    })().catch((error: unknown) => {
      if (!cancelled)
        setMedia({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [search]);
  return media;
}
