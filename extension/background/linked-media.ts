// "Verify linked media": a link to a media file (<a href="photo.heic">) can be verified from its context
// menu. Which links the item shows on, and what kind of media a link points to, by its file extension.
import type { MediaKind } from '../platform/model.ts';

const EXTENSIONS: Record<MediaKind, readonly string[]> = {
  image: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'heic', 'heif', 'tif', 'tiff', 'dng', 'svg'],
  audio: ['mp3', 'wav', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus'],
  video: ['mp4', 'm4v', 'mov', 'webm', 'ogv', 'avi'],
};

/** Match patterns for the menu's links (upper case too: many cameras name files IMG_0001.HEIC). */
export const LINKED_MEDIA_PATTERNS: string[] = Object.values(EXTENSIONS)
  .flat()
  .flatMap((ext) => [
    `*://*/*.${ext}`,
    `*://*/*.${ext}?*`,
    `*://*/*.${ext.toUpperCase()}`,
    `*://*/*.${ext.toUpperCase()}?*`,
  ]);

/** The kind of media a link points to, or undefined when its address does not name a media file. */
export function linkedMediaKind(address: string): MediaKind | undefined {
  let path: string;
  try {
    path = new URL(address).pathname.toLowerCase();
  } catch {
    return undefined;
  }
  const ext = path.slice(path.lastIndexOf('.') + 1);
  for (const [kind, list] of Object.entries(EXTENSIONS) as [MediaKind, readonly string[]][]) {
    if (path.includes('.') && list.includes(ext)) return kind;
  }
  return undefined;
}
