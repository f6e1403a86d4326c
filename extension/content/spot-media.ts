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

/** A page that makes thousands of media elements gets its first ones started early, the rest in turn. */
const MAX_TOLD = 300;
const told = new Set<string>();

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

const observer = new MutationObserver((records) => {
  const spotted: { src: string; kind: MediaKind }[] = [];
  for (const record of records) {
    for (const node of Array.from(record.addedNodes)) {
      if (told.size >= MAX_TOLD) break;
      const medium = named(node);
      if (!medium || told.has(medium.src) || !/^https?:/i.test(medium.src)) continue;
      told.add(medium.src);
      spotted.push(medium);
    }
  }
  for (let at = 0; at < spotted.length; at += MAX_SPOTTED)
    tell({ type: 'page-media-soon', media: spotted.slice(at, at + MAX_SPOTTED) });
});

observer.observe(document, { childList: true, subtree: true });
document.addEventListener('DOMContentLoaded', () => observer.disconnect(), { once: true });
