// Runs from document start in the top frame, while the page is being parsed: tells the background the media
// its elements name, so what the extension downloads itself (another origin's images, audio, video) starts
// downloading before the page scan, which runs once parsing ends, reports it. It lists nothing and stops
// when parsing ends. Only what the browser will surely load is named, by the address the page scan will
// report: an image's own src (not a srcset or <picture> choice, not a tracking pixel), a media element's
// src, or its first <source> when it can play it.
import { tell } from '../platform/content.ts';
import { MAX_SPOTTED } from '../platform/messages.ts';
import type { MediaKind } from '../platform/model.ts';
import { tooSmall } from './detect-media.ts';

/**
 * The first media of a page are what the early start is for: a page of hundreds gets its first 100 started
 * early (one message), the rest when the page scan reports them.
 */
const MAX_TOLD = MAX_SPOTTED;
/**
 * How often the page is looked at while it is parsed. A MutationObserver would see each element at once,
 * but its records and callback land inside the parser's own tasks (20-35 ms more on a page of 500 images);
 * a look at the document's live lists of images and players is a short task of its own.
 */
const LOOK_EVERY_MS = 10;
/** A document still parsed after this long (one streamed without end) is left to the page scan. */
const MAX_LOOKS = 1000;

type Medium = { src: string; kind: MediaKind };

function named(element: Element): Medium | undefined {
  if (element instanceof HTMLImageElement) {
    if (element.hasAttribute('srcset') || element.parentElement?.localName === 'picture') return undefined;
    return element.hasAttribute('src') && !tooSmall(element)
      ? { src: element.src, kind: 'image' }
      : undefined;
  }
  if (!(element instanceof HTMLAudioElement || element instanceof HTMLVideoElement)) return undefined;
  const kind = element instanceof HTMLAudioElement ? 'audio' : 'video';
  if (element.hasAttribute('src')) return { src: element.src, kind };
  const source = element.firstElementChild;
  if (!(source instanceof HTMLSourceElement) || !source.hasAttribute('src')) return undefined;
  const type = source.getAttribute('type');
  return type && element.canPlayType(type) === '' ? undefined : { src: source.src, kind };
}

const told = new Set<string>();
const images = document.getElementsByTagName('img');
const players = [document.getElementsByTagName('video'), document.getElementsByTagName('audio')];
let imagesSeen = 0;
let looks = 0;
/** Players looked at; those whose first child was not yet parsed are looked at again. */
const playersSeen = new Set<Element>();

function look(): void {
  const spotted: Medium[] = [];
  const consider = (element: Element): void => {
    const medium = named(element);
    if (!medium || told.size >= MAX_TOLD || told.has(medium.src) || !/^https?:/i.test(medium.src)) return;
    told.add(medium.src);
    spotted.push(medium);
  };
  for (; imagesSeen < images.length; imagesSeen++) consider(images[imagesSeen] as Element);
  for (const list of players) {
    for (const player of Array.from(list)) {
      if (playersSeen.has(player)) continue;
      consider(player);
      if (player.hasAttribute('src') || player.firstElementChild) playersSeen.add(player);
    }
  }
  if (spotted.length > 0) tell({ type: 'page-media-soon', media: spotted });
  looks += 1;
  if (document.readyState === 'loading' && told.size < MAX_TOLD && looks < MAX_LOOKS)
    setTimeout(look, LOOK_EVERY_MS);
}

setTimeout(look, 0);
