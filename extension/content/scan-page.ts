// The page scan (every frame, from the end of parsing): finds media as the page shows it, including media
// added or changed later, reports what each slice found at once, and draws the on-page badges it is told
// to. Work is cut into slices of a few milliseconds so the page never sees a long task, even with hundreds
// of images. Everything it starts (observer, listeners, timers, badges) stops with `signal`.
import {
  displaySrc,
  MAX_INLINE_BYTES,
  type OverlayHint,
  type OverlayHints,
  type ReportedMedia,
} from '../platform/messages.ts';
import { backgroundOf, type FoundMedia, MEDIA_ATTRIBUTES, mediaOf } from './detect-media.ts';
import type { Overlay } from './overlay.ts';
import { base64Of, type CachedMedia, sameOrigin } from './page-cache.ts';
import { pageAllowsBadges } from './page-manners.ts';
import { pageOrderKey } from './page-order.ts';

const SLICE_MS = 8;
const FRAME_MS = 16;
const MAX_REPORT = 200;
/** Bytes of file data per report: one message's serialisation is one task of the page's main thread. */
const MAX_REPORT_PAYLOAD = 256 * 1024;
/**
 * Cache reads in flight: each starts in a task of its own, so none of the page's tasks runs many; a read
 * mostly waits on the browser's cache, so many may wait at once.
 */
const MAX_COPY_READS = 16;
/** Media found one by one (as images load) is sent together within this window; the first goes at once. */
const REPORT_WINDOW_MS = 30;
/** Style-sheet backgrounds are read after a frame; a tab that draws none (hidden) is read after this. */
const STYLE_FALLBACK_MS = 200;

/** What the scan needs from the extension: the content script wires it to runtime messages. */
export interface ExtensionLink {
  /**
   * Media found; `reset` on the first report says this frame's document starts over. Answers the media
   * whose promised copy the extension does not need (it knows them, or downloads them itself).
   */
  report(media: ReportedMedia[], reset: boolean): Promise<{ copiesNotNeeded: string[] } | undefined>;
  /** A badge was clicked: open the extension's own view of this media. */
  openDetail(src: string): void;
  /** Hints from the background, until `signal` aborts. */
  onHints(handler: (hints: OverlayHints) => void, signal: AbortSignal): void;
  /** Where badges are drawn (the page's overlay), gone when `signal` aborts. */
  overlay(onOpen: (src: string) => void, signal: AbortSignal): Overlay;
  /**
   * The page's own downloaded copy of an image (its headers, or its bytes), so the extension need not
   * download it again; undefined when the browser cannot give it (the extension then downloads it).
   */
  readCached?(src: string, signal: AbortSignal): Promise<CachedMedia | undefined>;
}

export function start(signal: AbortSignal, link: ExtensionLink): void {
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
  let inSlice = false;
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let firstSliceDone = false;
  let firstReport = true;
  let flushedAt = Number.NEGATIVE_INFINITY;
  let lastHints: OverlayHint[] = [];
  /** The page's own load: after it, an image still not loaded (a lazy one out of view) may never load. */
  const pageLoaded = new Promise<void>((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', () => resolve(), { once: true, signal });
  });

  /** Resolves once the page has loaded (or failed to load) this image, or has finished loading itself. */
  function loaded(element: Element): Promise<void> {
    if (!(element instanceof HTMLImageElement) || element.complete) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => resolve();
      element.addEventListener('load', done, { once: true, signal });
      element.addEventListener('error', done, { once: true, signal });
      void pageLoaded.then(done);
    });
  }

  const nextSlice = (work: () => void) => {
    const scheduler = (
      globalThis as {
        scheduler?: {
          postTask?: (cb: () => void, o: { priority: string; signal: AbortSignal }) => Promise<void>;
        };
      }
    ).scheduler;
    // user-visible, not background: background tasks wait behind the page's whole load.
    if (scheduler?.postTask)
      scheduler.postTask(work, { priority: 'user-visible', signal }).catch(() => undefined);
    else setTimeout(() => signal.aborted || work(), 0);
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
    for (const found of mediaOf(element, document.baseURI)) {
      if (remember(found)) void queueReport(found);
    }
    if (element instanceof HTMLElement) {
      styleChecks.add(element);
      scheduleStyleChecks();
    }
  }

  /**
   * Elements whose style-sheet background is still to be read. Computed style is read only once a frame
   * has been drawn: read earlier, the browser would compute a whole loading page's styles inside our task.
   */
  const styleChecks = new Set<Element>();
  let styleScheduled = false;

  function scheduleStyleChecks(): void {
    if (styleScheduled || signal.aborted) return;
    styleScheduled = true;
    let started = false;
    const run = () => {
      if (started) return;
      started = true;
      clearTimeout(fallback);
      nextSlice(checkStyles);
    };
    const fallback = setTimeout(run, STYLE_FALLBACK_MS);
    requestAnimationFrame(() => setTimeout(run, 0));
  }

  function checkStyles(): void {
    styleScheduled = false;
    const deadline = performance.now() + SLICE_MS;
    inSlice = true;
    try {
      for (const element of styleChecks) {
        styleChecks.delete(element);
        if (element.isConnected)
          for (const found of backgroundOf(element, document.baseURI, getComputedStyle))
            if (remember(found)) void queueReport(found);
        if (performance.now() > deadline) break;
      }
    } finally {
      inSlice = false;
    }
    if (pendingReports.length > 0) flush();
    // More left: the styles are computed now, so the rest follows at once, a slice at a time.
    if (styleChecks.size > 0 && !styleScheduled && !signal.aborted) {
      styleScheduled = true;
      nextSlice(checkStyles);
    }
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
    } else if (link.readCached && found.kind === 'image' && sameOrigin(found.src, location.href)) {
      // Listed now; its copy is read once the page has it (then it is in the cache) and follows, unless
      // the extension answers that it does not need it.
      enqueue({ ...item, copyFollows: true });
      await loaded(found.element);
      if (signal.aborted || copiesNotNeeded.has(found.src)) return;
      const cached = await readCopy(found.src);
      if (copiesNotNeeded.has(found.src)) return;
      if (cached) Object.assign(item, cached);
    }
    enqueue(item);
  }

  const copiesNotNeeded = new Set<string>();
  const copyReads: (() => void)[] = [];
  let copiesReading = 0;

  /** One cache read, started from a task of its own when fewer than MAX_COPY_READS are in flight. */
  function readCopy(src: string): Promise<CachedMedia | undefined> {
    return new Promise((resolve) => {
      copyReads.push(() => {
        const read = copiesNotNeeded.has(src)
          ? Promise.resolve(undefined)
          : (link.readCached?.(src, signal) ?? Promise.resolve(undefined));
        void read
          .catch(() => undefined)
          .then((cached) => {
            copiesReading -= 1;
            resolve(cached);
            startCopyReads();
          });
      });
      startCopyReads();
    });
  }

  function startCopyReads(): void {
    if (signal.aborted || copiesReading >= MAX_COPY_READS) return;
    const next = copyReads.shift();
    if (!next) return;
    copiesReading += 1; // counted from now: reads scheduled in this turn count against the limit too
    nextSlice(next);
    // More may start, each from a task of its own.
    if (copiesReading < MAX_COPY_READS && copyReads.length > 0) nextSlice(startCopyReads);
  }

  function enqueue(item: ReportedMedia): void {
    if (signal.aborted) return;
    pendingReports.push(item);
    if (pendingReports.length >= MAX_REPORT) flush();
    // Found during a slice: the slice's end sends it. Found later (an image read as it loads): sent at
    // once after a quiet spell, else with the others of the same short window.
    else if (!inSlice && !reportTimer && firstSliceDone)
      reportTimer = setTimeout(flush, Math.max(0, flushedAt + REPORT_WINDOW_MS - performance.now()));
  }

  function flush(): void {
    if (reportTimer) clearTimeout(reportTimer);
    reportTimer = undefined;
    if (signal.aborted) return;
    // Up to MAX_REPORT items, and no more file data than MAX_REPORT_PAYLOAD (a larger file goes alone).
    let count = 0;
    let payload = 0;
    for (const item of pendingReports) {
      const weight = (item.bytes?.length ?? 0) + (item.head?.length ?? 0);
      if (count >= MAX_REPORT || (count > 0 && payload + weight > MAX_REPORT_PAYLOAD)) break;
      payload += weight;
      count += 1;
    }
    const media = pendingReports.splice(0, count);
    const reset = firstReport;
    firstReport = false;
    if (media.length === 0 && !reset) return;
    flushedAt = performance.now();
    void link.report(media, reset).then((answer) => {
      for (const src of answer?.copiesNotNeeded ?? []) copiesNotNeeded.add(src);
    });
    if (pendingReports.length > 0) reportTimer = setTimeout(flush, 0);
  }

  /**
   * One slice: walk the document (first pass) and the elements that changed, until the time budget is
   * spent; what it found goes to the background right away (the first report also says the frame starts over).
   */
  function slice(): void {
    scheduled = false;
    inSlice = true;
    try {
      walk(performance.now() + SLICE_MS);
    } finally {
      inSlice = false;
    }
    if (pendingReports.length > 0 || !firstSliceDone) flush();
    firstSliceDone = true;
  }

  function walk(deadline: number): void {
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
    if (scheduled || signal.aborted) return;
    scheduled = true;
    nextSlice(slice);
  }

  function watch(element: Element): void {
    pendingElements.add(element);
    schedule();
  }

  const observer = new MutationObserver((records) => {
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
  });
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: MEDIA_ATTRIBUTES,
  });

  // Lazy images and media pick their source when they load; `load` does not bubble, so listen in capture.
  const rewatch = (event: Event) => event.target instanceof Element && watch(event.target);
  document.addEventListener('load', rewatch, { capture: true, signal });
  document.addEventListener('loadedmetadata', rewatch, { capture: true, signal });

  /** Made when the first badge is drawn: a page with nothing to mark never pays for it. */
  let overlay: Overlay | undefined;

  let drawFrame = 0;
  let drawnAt = Number.NEGATIVE_INFINITY;

  function drawHints(): void {
    drawFrame = 0;
    drawnAt = performance.now();
    const badges: { element: Element; hint: OverlayHint }[] = [];
    for (const hint of lastHints) {
      for (const element of seenByDisplaySrc.get(hint.src) ?? [])
        if (element.isConnected) badges.push({ element, hint });
    }
    overlay ??= link.overlay((src) => link.openDetail(src), signal);
    overlay.show(badges);
  }

  /**
   * Hints arrive once per finished verdict (hundreds on a busy page): draw at most once a frame. Hints
   * after a quiet spell are drawn at once: a frame can be long in coming while the page still loads.
   */
  function scheduleDraw(): void {
    if (drawFrame) return;
    if (performance.now() - drawnAt > FRAME_MS) drawHints();
    else drawFrame = requestAnimationFrame(drawHints);
  }

  // The extension's runtime is first touched in a task of its own (the browser sets up its bindings then,
  // some 20 ms on a busy page), not in this script's evaluation; hints follow a report, so none is missed.
  const listenForHints = () =>
    link.onHints((hints) => {
      if (!hints.overlay || !pageAllowsBadges(document)) {
        lastHints = [];
        if (drawFrame) cancelAnimationFrame(drawFrame);
        drawFrame = 0;
        overlay?.clear();
        return;
      }
      lastHints = hints.hints;
      scheduleDraw();
    }, signal);
  setTimeout(() => signal.aborted || listenForHints(), 0);

  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (reportTimer) clearTimeout(reportTimer);
      if (drawFrame) cancelAnimationFrame(drawFrame);
      walker = undefined;
      pendingElements.clear();
      styleChecks.clear();
      pendingReports.length = 0;
    },
    { once: true },
  );

  // The first slice runs in a task of its own, right after this script's evaluation (on a busy page the two
  // together made one long task); its report (even an empty one) tells the background the frame starts over.
  setTimeout(() => signal.aborted || slice(), 0);
}
