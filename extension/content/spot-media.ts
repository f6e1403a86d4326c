// Runs from document start in the top frame, while the page is being parsed: tells the background the media
// each new element names, so what the extension downloads itself (another origin's images, audio, video)
// starts downloading before the page scan, which runs once parsing ends, reports it. It lists nothing and
// stops at DOMContentLoaded. A MutationObserver and a tag-name test are all it adds to parsing.
import { tell } from '../platform/content.ts';
import { MAX_SPOTTED } from '../platform/messages.ts';
import type { MediaKind } from '../platform/model.ts';
import { mediaOf } from './detect-media.ts';

const NAMING_MEDIA = new Set(['img', 'video', 'audio', 'source']);
/** A page that makes thousands of media elements gets its first ones started early, the rest in turn. */
const MAX_TOLD = 300;
const told = new Set<string>();

const observer = new MutationObserver((records) => {
  const spotted: { src: string; kind: MediaKind }[] = [];
  for (const record of records) {
    for (const node of Array.from(record.addedNodes)) {
      if (!(node instanceof Element) || !NAMING_MEDIA.has(node.localName)) continue;
      // A <source> names what its <video>/<audio> plays.
      const element = node.localName === 'source' ? node.parentElement : node;
      if (!element) continue;
      for (const found of mediaOf(element, document.baseURI)) {
        if (told.size >= MAX_TOLD) break;
        if (told.has(found.src) || !/^https?:/i.test(found.src)) continue;
        told.add(found.src);
        spotted.push({ src: found.src, kind: found.kind });
      }
    }
  }
  for (let at = 0; at < spotted.length; at += MAX_SPOTTED)
    tell({ type: 'page-media-soon', media: spotted.slice(at, at + MAX_SPOTTED) });
});

observer.observe(document, { childList: true, subtree: true });
document.addEventListener('DOMContentLoaded', () => observer.disconnect(), { once: true });
