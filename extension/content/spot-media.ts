// Runs from document start in the top frame, while the page is being parsed: tells the background the media
// each new element names, so what the extension downloads itself (another origin's images, audio, video)
// starts downloading before the page scan, which runs once parsing ends, reports it. It lists nothing and
// stops at DOMContentLoaded. Only what the browser will surely load is named, by the address the page scan
// will report: an image's own src (not a srcset or <picture> choice, not a tracking pixel), a media
// element's src, or the first <source> it can play.
import { tell } from '../platform/content.ts';
import { MAX_SPOTTED } from '../platform/messages.ts';
import type { MediaKind } from '../platform/model.ts';
import { tooSmall } from './detect-media.ts';

/**
 * The first media of a page are what the early start is for: a page of hundreds gets its first 100 started
 * early (one message), the rest when the page scan reports them.
 */
const MAX_TOLD = MAX_SPOTTED;
const told = new Set<string>();
/** Elements the parser made, looked at in a task of their own rather than inside the parser's. */
const made: Node[] = [];
let scheduled = false;

function named(node: Node): { src: string; kind: MediaKind } | undefined {
  if (node instanceof HTMLImageElement) {
    if (node.hasAttribute('srcset') || node.parentElement?.localName === 'picture') return undefined;
    return node.hasAttribute('src') && !tooSmall(node) ? { src: node.src, kind: 'image' } : undefined;
  }
  if (node instanceof HTMLAudioElement || node instanceof HTMLVideoElement)
    return node.hasAttribute('src')
      ? { src: node.src, kind: node instanceof HTMLAudioElement ? 'audio' : 'video' }
      : undefined;
  if (node instanceof HTMLSourceElement) {
    const media = node.parentElement;
    if (!(media instanceof HTMLAudioElement || media instanceof HTMLVideoElement)) return undefined;
    if (media.hasAttribute('src') || media.firstElementChild !== node || !node.hasAttribute('src'))
      return undefined;
    const type = node.getAttribute('type');
    if (type && media.canPlayType(type) === '') return undefined;
    return { src: node.src, kind: media instanceof HTMLAudioElement ? 'audio' : 'video' };
  }
  return undefined;
}

function tellSpotted(): void {
  scheduled = false;
  const spotted: { src: string; kind: MediaKind }[] = [];
  for (const node of made.splice(0)) {
    if (told.size >= MAX_TOLD) break;
    const medium = named(node);
    if (!medium || told.has(medium.src) || !/^https?:/i.test(medium.src)) continue;
    told.add(medium.src);
    spotted.push(medium);
  }
  if (spotted.length > 0) tell({ type: 'page-media-soon', media: spotted });
}

const NAMING = new Set(['IMG', 'VIDEO', 'AUDIO', 'SOURCE']);

const observer = new MutationObserver((records) => {
  for (const record of records)
    for (const node of Array.from(record.addedNodes)) if (NAMING.has(node.nodeName)) made.push(node);
  if (told.size >= MAX_TOLD) {
    made.length = 0;
    observer.disconnect();
  } else if (made.length > 0 && !scheduled) {
    scheduled = true;
    setTimeout(tellSpotted, 0);
  }
});

observer.observe(document, { childList: true, subtree: true });
document.addEventListener('DOMContentLoaded', () => observer.disconnect(), { once: true });
