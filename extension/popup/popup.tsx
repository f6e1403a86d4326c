// Toolbar popup: the tab's media at a glance; an item opens its full detail in place.
import { useEffect, useRef, useState } from 'preact/hooks';
import { openDetail, t } from '../platform/client.ts';
import type { MediaItem } from '../platform/model.ts';
import { DetailView } from '../ui/detail-view.tsx';
import { MediaList } from '../ui/media-list.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { originalThumbnailFor } from '../ui/recovered-section.tsx';
import { TrustBanner } from '../ui/trust-banner.tsx';
import { useRegistryState } from '../ui/use-registry-state.ts';
import { type TabMedia, useTabMedia } from '../ui/use-tab-media.ts';

function emptyText(media: TabMedia): string {
  if (media.state === 'no-tab') return t('popup_no_tab');
  if (media.state === 'failed') return t('popup_failed', media.message);
  return t('popup_empty');
}

export function PopupView({ media }: { media: TabMedia }) {
  const [openKey, setOpenKey] = useState<string | undefined>(undefined);
  const [lastOpened, setLastOpened] = useState<string | undefined>(undefined);
  const [openError, setOpenError] = useState<string | undefined>(undefined);
  const registryState = useRegistryState();
  const backRef = useRef<HTMLButtonElement>(null);
  const items: MediaItem[] = media.state === 'ready' ? media.items : [];
  const open = openKey === undefined ? undefined : items.find((item) => item.key === openKey);

  useEffect(() => {
    if (open) backRef.current?.focus();
    else if (lastOpened) {
      // Back in the list: return focus to the row the person came from.
      const row = document.querySelector<HTMLElement>(`[data-key="${CSS.escape(lastOpened)}"] button`);
      row?.focus();
    }
  }, [open?.key, lastOpened]);

  // Escape goes back to the list, as the "All media" button does.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      setLastOpened(open.key);
      setOpenKey(undefined);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open?.key]);

  const openElsewhere = (where: 'tab' | 'sidepanel') => {
    if (!open) return;
    openDetail(open.key, where)
      .then(() => {
        if (where === 'sidepanel') window.close();
      })
      .catch((error: unknown) => setOpenError(error instanceof Error ? error.message : String(error)));
  };

  return (
    <div class="page popup">
      <PageHeader />
      <TrustBanner />
      <main>
        {media.state === 'loading' ? (
          <p class="notice" role="status">
            {t('popup_loading')}
          </p>
        ) : open ? (
          <DetailView
            item={open}
            registryState={registryState}
            originalThumbnail={originalThumbnailFor(open, items)}
            actions={
              <>
                <button
                  ref={backRef}
                  type="button"
                  class="button"
                  onClick={() => {
                    setLastOpened(open.key);
                    setOpenKey(undefined);
                  }}
                >
                  <span aria-hidden="true">← </span>
                  {t('back_to_list')}
                </button>
                <button type="button" class="button" onClick={() => openElsewhere('sidepanel')}>
                  {t('open_sidepanel')}
                </button>
                <button type="button" class="button" onClick={() => openElsewhere('tab')}>
                  {t('open_tab')}
                </button>
                {openError ? (
                  <p class="notice error" role="alert">
                    {openError}
                  </p>
                ) : null}
              </>
            }
          />
        ) : (
          <MediaList
            items={items}
            emptyText={emptyText(media)}
            onOpen={(item) => {
              setOpenError(undefined);
              setOpenKey(item.key);
            }}
          />
        )}
      </main>
    </div>
  );
}

export function Popup({ search }: { search: string }) {
  return <PopupView media={useTabMedia(search)} />;
}
