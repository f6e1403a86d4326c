// Content script entry (every frame, from the end of parsing): starts the page scan, wired to the
// background through the typed runtime messages.
import { onOverlayHints, request } from '../platform/content.ts';
import { createOverlay } from './overlay.ts';
import { readFromPageCache } from './page-cache.ts';
import { start } from './scan-page.ts';

start(new AbortController().signal, {
  report: (media, reset) => void request({ type: 'page-media', reset, media }).catch(() => undefined),
  openDetail: (src) => void request({ type: 'badge-click', src }).catch(() => undefined),
  onHints: onOverlayHints,
  overlay: createOverlay,
  readCached: readFromPageCache,
});
