// "Inspect a file": drop or choose local files, see each full verdict, export the evidence.
import { useEffect, useState } from 'preact/hooks';
import { renderEvidenceReport } from '../../src/report/html.ts';
import { getMediaItem, getTrustStatus, t, verifyFile } from '../platform/client.ts';
import type { MediaItem, MediaKind } from '../platform/model.ts';
import { DetailView } from '../ui/detail-view.tsx';
import { downloadText, exportFileName, verdictExport } from '../ui/export.ts';
import { MediaList } from '../ui/media-list.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { useRegistryState } from '../ui/use-registry-state.ts';
import { localThumbnail } from './local-thumbnail.ts';

interface Failure {
  name: string;
  message: string;
}

function kindOf(mediaType: string): MediaKind {
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType.startsWith('video/')) return 'video';
  return 'image';
}

let nextLocalId = 0;

export function InspectPage({ search }: { search: string }) {
  const [items, setItems] = useState<MediaItem[]>([]);
  const [failures, setFailures] = useState<Failure[]>([]);
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const [exportError, setExportError] = useState<string | undefined>(undefined);
  const registryState = useRegistryState();

  // The same file dropped twice has the same key (its SHA-256): keep one row for it.
  const replace = (placeholderKey: string, next: MediaItem) => {
    setItems((current) =>
      current.some((item) => item.key === next.key && item.key !== placeholderKey)
        ? current
            .filter((item) => item.key !== placeholderKey)
            .map((item) => (item.key === next.key ? next : item))
        : current.map((item) => (item.key === placeholderKey ? next : item)),
    );
    setSelectedKey((current) => (current === placeholderKey ? next.key : current));
  };

  const inspectFile = async (file: File) => {
    const placeholderKey = `local-${nextLocalId++}`;
    const placeholder: MediaItem = {
      key: placeholderKey,
      src: file.name,
      kind: kindOf(file.type),
      state: 'checking',
      name: file.name,
    };
    setItems((current) => [...current, placeholder]);
    setSelectedKey((current) => current ?? placeholderKey);
    try {
      const [bytes, thumbnail] = await Promise.all([
        file.arrayBuffer().then((buffer) => new Uint8Array(buffer)),
        localThumbnail(file),
      ]);
      const checked = await verifyFile(file.name, bytes, file.type);
      const thumb = checked.thumbnail ?? thumbnail;
      replace(placeholderKey, {
        ...checked,
        name: checked.name ?? file.name,
        ...(thumb ? { thumbnail: thumb } : {}),
      });
    } catch (error) {
      setItems((current) => current.filter((item) => item.key !== placeholderKey));
      setSelectedKey((current) => (current === placeholderKey ? undefined : current));
      setFailures((current) => [
        ...current,
        { name: file.name, message: error instanceof Error ? error.message : String(error) },
      ]);
    }
  };

  const inspectFiles = (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) void inspectFile(file);
  };

  // inspect.html?key=K shows an item the extension already checked (e.g. "open in a tab" from the popup).
  useEffect(() => {
    const key = new URLSearchParams(search).get('key');
    if (!key) return;
    getMediaItem(key)
      .then((item) => {
        if (item) {
          setItems((current) => [item, ...current.filter((other) => other.key !== item.key)]);
          setSelectedKey(item.key);
        } else setFailures((current) => [...current, { name: key, message: t('inspect_key_missing') }]);
      })
      .catch((error: unknown) =>
        setFailures((current) => [
          ...current,
          { name: key, message: error instanceof Error ? error.message : String(error) },
        ]),
      );
  }, [search]);

  const done = items.filter((item) => item.state === 'done' && item.verdict);
  const selected = items.find((item) => item.key === selectedKey);

  const exportHtml = async () => {
    setExportError(undefined);
    try {
      const trustLists = await getTrustStatus();
      const html = renderEvidenceReport({
        items: done.map((item) => ({
          name: item.name ?? item.src,
          verdict: item.verdict!,
          ...(item.thumbnail ? { thumbnail: item.thumbnail } : {}),
        })),
        trustLists,
        checkedAt: new Date().toISOString(),
      });
      downloadText(exportFileName(done, 'html'), html, 'text/html');
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div class="page wide inspect">
      <PageHeader current="inspect" title={t('inspect_title')} />
      <main>
        <section
          class={`dropzone${dragging ? ' dragging' : ''}`}
          aria-labelledby="dropzone-title"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            inspectFiles(event.dataTransfer?.files ?? null);
          }}
        >
          <p id="dropzone-title" class="dropzone-title">
            {t('inspect_drop')}
          </p>
          <label class="button primary">
            {t('inspect_choose')}
            <input
              class="visually-hidden"
              type="file"
              data-testid="file-input"
              multiple
              accept="image/*,audio/*,video/*,.jxl,.heic,.heif,.avif,.dng,.tif,.tiff,.pdf"
              onChange={(event) => {
                const input = event.currentTarget;
                inspectFiles(input.files);
                input.value = '';
              }}
            />
          </label>
          <p class="muted">{t('inspect_privacy')}</p>
        </section>
        {failures.length > 0 ? (
          <ul class="failures" role="alert">
            {failures.map((failure, index) => (
              <li key={`${failure.name}-${index}`} class="notice error">
                {t('inspect_failed', [failure.name, failure.message])}
              </li>
            ))}
          </ul>
        ) : null}
        {items.length > 0 ? (
          <div class="inspect-grid">
            <div class="inspect-list">
              <div class="actions">
                <button
                  type="button"
                  class="button"
                  disabled={done.length === 0}
                  onClick={() =>
                    downloadText(
                      exportFileName(done, 'json'),
                      verdictExport(done, new Date().toISOString()),
                      'application/json',
                    )
                  }
                >
                  {t('export_all_json')}
                </button>
                <button
                  type="button"
                  class="button"
                  disabled={done.length === 0}
                  onClick={() => void exportHtml()}
                >
                  {t('export_html')}
                </button>
              </div>
              {exportError ? (
                <p class="notice error" role="alert">
                  {t('export_failed', exportError)}
                </p>
              ) : null}
              <MediaList
                items={items}
                selectedKey={selectedKey}
                emptyText={t('inspect_empty')}
                onOpen={(item) => setSelectedKey(item.key)}
              />
            </div>
            <div class="inspect-detail">
              {selected ? <DetailView item={selected} registryState={registryState} /> : null}
            </div>
          </div>
        ) : null}
      </main>
    </div>
  );
}
