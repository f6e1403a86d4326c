// Content script (every frame): finds media as the page shows it, including media added or changed later,
// reports it to the background in batches, and draws the on-page badges it is told to. Work is cut into
// slices of a few milliseconds so the page never sees a long task, even with hundreds of images.

import { onOverlayHints, request } from '../platform/content.ts';
import { displaySrc, MAX_INLINE_BYTES, type OverlayHint, type ReportedMedia } from '../platform/messages.ts';
import { type FoundMedia, MEDIA_ATTRIBUTES, mediaOf } from './detect-media.ts';
import { createOverlay } from './overlay.ts';
import { pageAllowsBadges } from './page-manners.ts';
import { pageOrderKey } from './page-order.ts';

const SLICE_MS = 8;
const REPORT_DELAY_MS = 150;
const MAX_REPORT = 200;

const seen = new Map<string, Set<Element>>();
/** The same elements keyed as hints name them (displaySrc), kept up to date as media is found. */
const seenByDisplaySrc = new Map<string, Set<Element>>();
const pendingElements = new Set<Element>();
const pendingReports: ReportedMedia[] = [];
let walker: TreeWalker | undefined = document.createTreeWalker(
  document.documentElement,
  NodeFilter.SHOW_ELEMENT,
);
let scheduled = false;
let reportTimer: ReturnType<typeof setTimeout> | undefined;
let firstReport = true;
let lastHints: OverlayHint[] = [];

const nextSlice = (work: () => void) => {
  const scheduler = (
    globalThis as { scheduler?: { postTask?: (cb: () => void, o: { priority: string }) => void } }
  ).scheduler;
  if (scheduler?.postTask) scheduler.postTask(work, { priority: 'background' });
  else setTimeout(work, 0);
};

function remember(found: FoundMedia): boolean {
  let elements = seen.get(found.src);
  const isNew = !elements;
  if (!elements) {
    elements = new Set();
    seen.set(found.src, elements);
    seenByDisplaySrc.set(displaySrc(found.src), elements);
  }
  elements.add(found.element);
  return isNew;
}

function consider(element: Element): void {
  for (const found of mediaOf(element, document.baseURI, getComputedStyle)) {
    if (remember(found)) void queueReport(found);
  }
}

/**
 * Firefox gives content scripts the page's own buffer for a page's blob, which they may not slice as a
 * typed array ("Permission denied to access property constructor"); a data: URL arrives as a plain string.
 */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

async function queueReport(found: FoundMedia): Promise<void> {
  const item: ReportedMedia = { src: found.src, kind: found.kind, order: pageOrderKey(found.element) };
  if (found.src.startsWith('blob:')) {
    // Only the page's own context can read its blob: URLs: read the bytes here.
    try {
      const blob = await (await fetch(found.src)).blob();
      if (blob.size > MAX_INLINE_BYTES) return;
      item.bytes = await base64Of(blob);
      if (blob.type) item.mediaType = blob.type;
    } catch {
      return; // Revoked before we could read it: nothing left to check.
    }
  }
  pendingReports.push(item);
  if (pendingReports.length >= MAX_REPORT) flush();
  else if (!reportTimer) reportTimer = setTimeout(flush, REPORT_DELAY_MS);
}

function flush(): void {
  if (reportTimer) clearTimeout(reportTimer);
  reportTimer = undefined;
  const media = pendingReports.splice(0, MAX_REPORT);
  const reset = firstReport;
  firstReport = false;
  if (media.length === 0 && !reset) return;
  void request({ type: 'page-media', reset, media }).catch(() => undefined);
  if (pendingReports.length > 0) reportTimer = setTimeout(flush, 0);
}

/** One slice: walk the document (first pass) and the elements that changed, until the time budget is spent. */
function slice(): void {
  scheduled = false;
  const deadline = performance.now() + SLICE_MS;
  for (const element of pendingElements) {
    pendingElements.delete(element);
    if (element.isConnected) consider(element);
    if (performance.now() > deadline) {
      schedule();
      return;
    }
  }
  while (walker) {
    const node = walker.nextNode();
    if (!node) {
      walker = undefined;
      break;
    }
    consider(node as Element);
    if (performance.now() > deadline) {
      schedule();
      return;
    }
  }
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  nextSlice(slice);
}

function watch(element: Element): void {
  pendingElements.add(element);
  schedule();
}

new MutationObserver((records) => {
  for (const record of records) {
    if (record.type === 'attributes') {
      watch(record.target as Element);
      continue;
    }
    for (const node of Array.from(record.addedNodes)) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const element = node as Element;
      pendingElements.add(element);
      // Descendants of an added subtree are queued lazily, slice by slice.
      if (element.firstElementChild)
        for (const child of Array.from(element.querySelectorAll('*'))) pendingElements.add(child);
    }
    // A <source> added inside a <video>/<audio> changes what its parent plays.
    if (record.target instanceof HTMLMediaElement) pendingElements.add(record.target);
  }
  schedule();
}).observe(document.documentElement, {
  subtree: true,
  childList: true,
  attributes: true,
  attributeFilter: MEDIA_ATTRIBUTES,
});

// Lazy images and media pick their source when they load; `load` does not bubble, so listen in capture.
document.addEventListener('load', (event) => event.target instanceof Element && watch(event.target), true);
document.addEventListener(
  'loadedmetadata',
  (event) => event.target instanceof Element && watch(event.target),
  true,
);

const overlay = createOverlay((src) => {
  void request({ type: 'badge-click', src }).catch(() => undefined);
});

let drawFrame = 0;

function drawHints(): void {
  drawFrame = 0;
  const badges: { element: Element; hint: OverlayHint }[] = [];
  for (const hint of lastHints) {
    for (const element of seenByDisplaySrc.get(hint.src) ?? [])
      if (element.isConnected) badges.push({ element, hint });
  }
  overlay.show(badges);
}

/** Hints arrive once per finished verdict (hundreds on a busy page): draw at most once a frame. */
function scheduleDraw(): void {
  if (!drawFrame) drawFrame = requestAnimationFrame(drawHints);
}

onOverlayHints((hints) => {
  if (!hints.overlay || !pageAllowsBadges(document)) {
    lastHints = [];
    if (drawFrame) cancelAnimationFrame(drawFrame);
    drawFrame = 0;
    overlay.clear();
    return;
  }
  lastHints = hints.hints;
  scheduleDraw();
});

// The first report (even an empty one) tells the background that this frame's document starts over.
flush();
schedule();
