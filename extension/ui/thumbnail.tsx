// Preview of an item. Only thumbnails the runtime already made are shown: the UI never fetches page media.
import type { MediaItem, MediaKind } from '../platform/model.ts';

const KIND_GLYPHS: Record<MediaKind, string> = { image: '▣', audio: '♪', video: '▶' };

export function Thumbnail({ item, size }: { item: MediaItem; size: 'small' | 'large' }) {
  if (item.thumbnail) {
    return <img class={`thumb thumb-${size}`} src={item.thumbnail} alt="" loading="lazy" decoding="async" />;
  }
  return (
    <span class={`thumb thumb-${size} thumb-empty`} aria-hidden="true">
      {KIND_GLYPHS[item.kind]}
    </span>
  );
}
