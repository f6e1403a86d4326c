// Side panel (Chrome) / sidebar (Firefox): the selected item's full detail beside the page, and the tab's list.
import { useEffect, useState } from 'preact/hooks';
import { getMediaItem, t } from '../platform/client.ts';
import type { MediaItem } from '../platform/model.ts';
import { DetailView } from '../ui/detail-view.tsx';
import { MediaList } from '../ui/media-list.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { originalThumbnailFor } from '../ui/recovered-section.tsx';
import { TrustBanner } from '../ui/trust-banner.tsx';
import { useRegistryState } from '../ui/use-registry-state.ts';
import { type TabMedia, useTabMedia } from '../ui/use-tab-media.ts';

/** The selected item key: "#key=K" (set while the panel is open) wins over "?key=K" (set when it opens). */
export function selectedKeyFrom(search: string, hash: string): string | undefined {
  const fromHash = new URLSearchParams(hash.replace(/^#/, '')).get('key');
  return fromHash ?? new URLSearchParams(search).get('key') ?? undefined;
}

function useSelectedKey(search: string): [string | undefined, (key: string) => void] {
  const [key, setKey] = useState(() => selectedKeyFrom(search, location.hash));
  useEffect(() => {
    const onHash = () => setKey(selectedKeyFrom(search, location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [search]);
  const select = (next: string) => {
    location.hash = new URLSearchParams({ key: next }).toString();
  };
  return [key, select];
}

export function SidePanelView({
  media,
  selectedKey,
  onSelect,
}: {
  media: TabMedia;
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}) {
  const registryState = useRegistryState();
  const items = media.state === 'ready' ? media.items : [];
  const inList = selectedKey === undefined ? undefined : items.find((item) => item.key === selectedKey);
  // An item chosen elsewhere (another tab, the context menu) may not be in this tab's list.
  const [stored, setStored] = useState<MediaItem | undefined>(undefined);
  useEffect(() => {
    setStored(undefined);
    // Wait for the tab's list first: most selections are in it and need no extra request.
    if (selectedKey === undefined || inList || media.state === 'loading') return;
    let cancelled = false;
    getMediaItem(selectedKey)
      .then((item) => {
        if (!cancelled) setStored(item);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [selectedKey, inList === undefined, media.state]);
  const selected = inList ?? stored;
  return (
    <div class="page sidepanel">
      <PageHeader />
      <TrustBanner />
      <main>
        {selected ? (
          <DetailView
            item={selected}
            registryState={registryState}
            originalThumbnail={originalThumbnailFor(selected, items)}
          />
        ) : (
          <p class="notice">{t('sidepanel_pick')}</p>
        )}
        <h2 class="list-heading">{t('sidepanel_list_heading')}</h2>
        {media.state === 'loading' ? (
          <p class="notice" role="status">
            {t('popup_loading')}
          </p>
        ) : (
          <MediaList
            items={items}
            selectedKey={selected?.key}
            emptyText={media.state === 'no-tab' ? t('popup_no_tab') : t('popup_empty')}
            onOpen={(item) => {
              onSelect(item.key);
              // Move keyboard and screen-reader users to the detail they asked for.
              requestAnimationFrame(() =>
                document.querySelector<HTMLElement>('[data-testid="detail-view"]')?.focus(),
              );
            }}
          />
        )}
      </main>
    </div>
  );
}

export function SidePanel({ search }: { search: string }) {
  const media = useTabMedia(search);
  const [selectedKey, select] = useSelectedKey(search);
  return <SidePanelView media={media} selectedKey={selectedKey} onSelect={select} />;
}
