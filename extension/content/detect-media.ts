// Finds the media a person sees in a document: <img> (the srcset/<picture> source actually shown), CSS
// background images, <video>/<audio> and their <source>s and posters, <object>/<embed>, SVG <image>,
// blob: and data: URLs. Pure DOM code: no extension API.
import type { MediaKind } from '../platform/model.ts';

export interface FoundMedia {
  src: string;
  kind: MediaKind;
  element: Element;
}

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|avif|heic|heif|tiff?|svg|dng)(?:$|[?#])/i;
const AUDIO_EXT = /\.(mp3|wav|m4a|aac|flac|ogg|oga|opus)(?:$|[?#])/i;
const VIDEO_EXT = /\.(mp4|m4v|mov|webm|ogv|avi)(?:$|[?#])/i;
/** Tracking pixels and spacers: nothing a person looks at. */
const MIN_PIXELS = 64;

function absolute(url: string, base: string): string | undefined {
  const trimmed = url.trim();
  if (!trimmed) return undefined;
  try {
    const resolved = new URL(trimmed, base);
    return ['http:', 'https:', 'blob:', 'data:', 'file:'].includes(resolved.protocol)
      ? resolved.href
      : undefined;
  } catch {
    return undefined;
  }
}

function kindFromType(type: string | null | undefined, url: string): MediaKind | undefined {
  const t = (type ?? '').toLowerCase();
  if (t.startsWith('image/') || url.startsWith('data:image/')) return 'image';
  if (t.startsWith('audio/') || url.startsWith('data:audio/')) return 'audio';
  if (t.startsWith('video/') || url.startsWith('data:video/')) return 'video';
  if (IMAGE_EXT.test(url)) return 'image';
  if (AUDIO_EXT.test(url)) return 'audio';
  if (VIDEO_EXT.test(url)) return 'video';
  return undefined;
}

/** URLs inside a CSS background-image value (several layers, gradients ignored). */
export function backgroundUrls(value: string): string[] {
  if (!value || value === 'none' || !value.includes('url(')) return [];
  const out: string[] = [];
  const pattern = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)]*?))\s*\)/g;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    const url = match[1] ?? match[2] ?? match[3];
    if (url) out.push(url.replace(/\\(.)/g, '$1'));
  }
  return out;
}

const UNDRAWABLE_EXT = /\.(heic|heif|tiff?|dng)(?:$|[?#])/i;

function undrawable(img: HTMLImageElement, src: string | null): boolean {
  return img.complete && img.naturalWidth === 0 && src !== null && UNDRAWABLE_EXT.test(src);
}

/** A tracking pixel or spacer: by its drawn size, or while still loading by its size attributes. */
export function tooSmall(img: HTMLImageElement): boolean {
  if (img.complete) {
    const w = img.naturalWidth || img.width;
    const h = img.naturalHeight || img.height;
    return w > 0 && h > 0 && w * h < MIN_PIXELS;
  }
  // Still loading (found as the page parses): its size attributes, read without forcing a layout; the
  // load event looks at it again.
  const w = Number(img.getAttribute('width'));
  const h = Number(img.getAttribute('height'));
  return w > 0 && h > 0 && w * h < MIN_PIXELS;
}

/**
 * The media one element shows by its own markup (most show one; a <video> may show a poster and a video),
 * and any inline style background. Backgrounds from style sheets are backgroundOf's.
 */
export function mediaOf(element: Element, base: string): FoundMedia[] {
  const found: FoundMedia[] = [];
  const add = (raw: string | null | undefined, kind: MediaKind | undefined, el: Element = element) => {
    if (!raw || !kind) return;
    const src = absolute(raw, base);
    if (src) found.push({ src, kind, element: el });
  };
  const tag = element.localName;
  if (tag === 'img') {
    const img = element as HTMLImageElement;
    // currentSrc is the srcset/<picture> candidate the browser chose; empty until a lazy image loads.
    const src = img.currentSrc || img.getAttribute('src');
    // A format the browser cannot draw (HEIC, TIFF) loads "broken": still list it, its size is unknown.
    if (!tooSmall(img) || undrawable(img, src)) add(src, 'image');
  } else if (tag === 'video' || tag === 'audio') {
    const media = element as HTMLMediaElement;
    const kind: MediaKind = tag;
    if (media.currentSrc) add(media.currentSrc, kind);
    else if (media.getAttribute('src')) add(media.getAttribute('src'), kind);
    else {
      for (const source of Array.from(element.querySelectorAll(':scope > source'))) {
        add(
          source.getAttribute('src'),
          kindFromType(source.getAttribute('type'), source.getAttribute('src') ?? '') ?? kind,
        );
      }
    }
    if (tag === 'video') add(element.getAttribute('poster'), 'image');
  } else if (tag === 'object') {
    const data = element.getAttribute('data');
    add(data, kindFromType(element.getAttribute('type'), data ?? ''));
  } else if (tag === 'embed') {
    const src = element.getAttribute('src');
    add(src, kindFromType(element.getAttribute('type'), src ?? ''));
  } else if (tag === 'image' && element.namespaceURI === 'http://www.w3.org/2000/svg') {
    add(
      element.getAttribute('href') ?? element.getAttributeNS('http://www.w3.org/1999/xlink', 'href'),
      'image',
    );
  } else if (tag === 'input' && (element as HTMLInputElement).type === 'image') {
    add(element.getAttribute('src'), 'image');
  }
  if (element instanceof HTMLElement && element.style.backgroundImage) {
    for (const url of backgroundUrls(element.style.backgroundImage)) add(url, 'image');
  }
  return found;
}

/**
 * Background images an element gets from style sheets. Reading computed style makes the browser compute
 * the page's styles now if they are not: callers read it once a frame has been drawn, when they are.
 */
export function backgroundOf(
  element: Element,
  base: string,
  computedStyle: (el: Element) => CSSStyleDeclaration,
): FoundMedia[] {
  if (!(element instanceof HTMLElement) || element.style.backgroundImage) return [];
  const found: FoundMedia[] = [];
  for (const url of backgroundUrls(computedStyle(element).backgroundImage)) {
    const src = absolute(url, base);
    if (src) found.push({ src, kind: 'image', element });
  }
  return found;
}

/** Attributes whose change can change the media an element shows. */
export const MEDIA_ATTRIBUTES = [
  'src',
  'srcset',
  'sizes',
  'style',
  'class',
  'data',
  'href',
  'xlink:href',
  'poster',
];
