// What each tab shows and what we know about it: per-tab media lists (kept in a store so a stopped
// service worker picks up where it was), the pages watching a tab, the toolbar badge and on-page hints.
// Everything it talks to (verifier, store, badge, hints, registry) is passed in.

import { errorVerdict } from '../../src/verdict/error.ts';
import { whyNotFetchedFor } from '../../src/verify/network-policy.ts';
import {
  displaySrc,
  type HostVerifyResult,
  type OverlayHints,
  type ReportedMedia,
  type TabMediaChanged,
} from '../platform/messages.ts';
import type { MediaItem, MediaKind, Settings } from '../platform/model.ts';
import type { CachedVerdict, StoredTab } from '../platform/store.ts';
import { pageHints } from './page-hints.ts';
import type { Registry } from './registry.ts';
import { createRegistryAnswers } from './registry-answers.ts';
import type { MediaJob, Verifier } from './verification.ts';

const MAX_ITEMS_PER_TAB = 2000;

interface TabState {
  tabId: number;
  pageUrl: string;
  items: MediaItem[];
}

/** Where tab lists outlive a stopped background, and the verdict cache (for showing an item by key). */
export interface TabStore {
  load(): Promise<StoredTab[]>;
  save(tab: StoredTab): Promise<void>;
  forget(tabId: number): Promise<void>;
  forgetAll(): Promise<void>;
  cachedVerdict(sha256: string): Promise<CachedVerdict | undefined>;
}

export interface TabMediaOptions {
  verifier: Pick<Verifier, 'verify' | 'thumbnail' | 'knows'>;
  settings: () => Promise<Settings>;
  store: TabStore;
  /** Shows a tab's media on its toolbar button. */
  badge: (tabId: number, items: MediaItem[]) => void;
  /** Sends a tab the badges to draw on its page. */
  hints: (tabId: number, hints: OverlayHints) => Promise<void>;
  /** Registry look-ups, batched per tab once its scan settles or a view opens it. */
  registry?: Pick<Registry, 'lookup' | 'forget'>;
}

/** Long enough to gather a burst of verdicts, short enough that a person sees no delay. */
const ANNOUNCE_WINDOW_MS = 60;
/** A copy the page said would follow and never did (a frame gone mid-load): the extension downloads it. */
const COPY_WAIT_MS = 30_000;
const MAX_REMEMBERED_SITES = 200;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

export function createTabMedia({ verifier, settings, store, badge, hints, registry }: TabMediaOptions) {
  const tabs = new Map<number, TabState>();
  /** Items checked outside any tab (inspect page, context menu on a page we could not list). */
  const loose = new Map<string, MediaItem>();
  const watchers = new Map<number, Set<(update: TabMediaChanged) => void>>();
  const saveTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const answers = createRegistryAnswers(registry);
  /** Media listed while the page downloads it, by tab and src: its copy follows in a later report. */
  const awaitingCopy = new Map<number, Map<string, { job: MediaJob; until: number }>>();
  /**
   * One timer per tab for all its waits (a timer each cost more than the rest of a report on a page of
   * hundreds of images). Waits are equally long, so the first in the map is the first due.
   */
  const copyTimers = new Map<number, ReturnType<typeof setTimeout>>();

  function sweepWaiting(tabId: number): void {
    copyTimers.delete(tabId);
    const waiting = awaitingCopy.get(tabId);
    if (!waiting) return;
    const now = Date.now();
    for (const [src, { job, until }] of waiting) {
      if (until > now) {
        copyTimers.set(
          tabId,
          setTimeout(() => sweepWaiting(tabId), until - now),
        );
        return;
      }
      waiting.delete(src);
      void check(tabId, src, job);
    }
    awaitingCopy.delete(tabId);
  }
  /**
   * Sites whose last promised copy did not come (media served no-store): their media is downloaded at once
   * rather than after the page's own load. Learnt again from every copy that comes or does not.
   */
  const copiesMissing = new Set<string>();

  function learnCopy(src: string, came: boolean): void {
    const origin = originOf(src);
    copiesMissing.delete(origin);
    if (came) return;
    copiesMissing.add(origin);
    if (copiesMissing.size > MAX_REMEMBERED_SITES) {
      const oldest = copiesMissing.values().next().value;
      if (oldest !== undefined) copiesMissing.delete(oldest);
    }
  }

  function stopWaiting(tabId: number, src: string): boolean {
    return awaitingCopy.get(tabId)?.delete(src) ?? false;
  }

  function forgetWaiting(tabId: number): void {
    clearTimeout(copyTimers.get(tabId));
    copyTimers.delete(tabId);
    awaitingCopy.delete(tabId);
  }

  const ready = store
    .load()
    .then((stored) => {
      for (const tab of stored) {
        tabs.set(tab.tabId, { tabId: tab.tabId, pageUrl: tab.pageUrl, items: tab.items });
        // Checks that were under way when the worker stopped start again (blob: bytes are gone: say so).
        for (const item of tab.items) if (item.state === 'checking') restart(tab.tabId, item);
      }
    })
    .catch(() => undefined);

  function restart(tabId: number, item: MediaItem): void {
    if (item.src.startsWith('blob:')) {
      finish(tabId, item.src, {
        key: item.src,
        state: 'done',
        verdict: errorVerdict(
          'interrupted',
          'The check was interrupted; reload the page to check this media again.',
        ),
      });
      return;
    }
    void check(tabId, item.src, { url: item.src });
  }

  function changed(tabId: number): void {
    const tab = tabs.get(tabId);
    if (!tab) return;
    const update: TabMediaChanged = { type: 'tab-media-changed', tabId, items: tab.items };
    for (const post of watchers.get(tabId) ?? []) post(update);
    badge(tabId, tab.items);
    // Writes are batched: a page reporting hundreds of images is saved once, not hundreds of times.
    clearTimeout(saveTimers.get(tabId));
    saveTimers.set(
      tabId,
      setTimeout(() => {
        saveTimers.delete(tabId);
        const current = tabs.get(tabId);
        if (current) void store.save({ ...current, savedAt: Date.now() }).catch(() => undefined);
      }, 300),
    );
  }

  async function sendHints(tabId: number): Promise<void> {
    const tab = tabs.get(tabId);
    if (!tab) return;
    await hints(tabId, pageHints(tab.items, await settings()));
  }

  /**
   * Verdicts arriving together (hundreds on a busy page) are announced once per short window per tab; the
   * first after a quiet spell goes out at once, so a lone verdict never waits for the window.
   */
  const flushTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const announcedAt = new Map<number, number>();
  /** Tabs whose announcement carries new verdicts (a thumbnail alone changes no on-page hint). */
  const pendingHints = new Set<number>();

  function announce(tabId: number, newVerdicts = true): void {
    if (flushTimers.has(tabId)) {
      if (newVerdicts) pendingHints.add(tabId);
      return;
    }
    if (newVerdicts) pendingHints.add(tabId);
    const wait = Math.max(
      0,
      (announcedAt.get(tabId) ?? Number.NEGATIVE_INFINITY) + ANNOUNCE_WINDOW_MS - Date.now(),
    );
    flushTimers.set(
      tabId,
      setTimeout(() => {
        flushTimers.delete(tabId);
        announcedAt.set(tabId, Date.now());
        const withHints = pendingHints.delete(tabId);
        changed(tabId);
        if (withHints) void sendHints(tabId);
      }, wait),
    );
  }
  function finish(tabId: number, src: string, patch: Partial<MediaItem>): void {
    const tab = tabs.get(tabId);
    const item = tab?.items.find((candidate) => candidate.src === src);
    if (!tab || !item) return;
    Object.assign(item, patch);
    announce(tabId);
  }

  /** The list preview follows the verdict: it never holds up the badge. */
  function addThumbnail(tabId: number, src: string, result: HostVerifyResult): void {
    const sha256 = result.verdict.sha256;
    if (result.thumbnail || !sha256 || !result.mediaType.startsWith('image/')) return;
    void verifier
      .thumbnail(sha256)
      .then((thumbnail) => {
        const item = tabs.get(tabId)?.items.find((candidate) => candidate.src === src);
        if (!thumbnail || !item || item.key !== sha256 || item.thumbnail) return;
        item.thumbnail = thumbnail;
        announce(tabId, false);
      })
      .catch(() => undefined);
  }

  /** A verdict someone waits for in a view: it comes with its preview. */
  async function withThumbnail(result: HostVerifyResult): Promise<HostVerifyResult> {
    const sha256 = result.verdict.sha256;
    if (result.thumbnail || !sha256 || !result.mediaType.startsWith('image/')) return result;
    const thumbnail = await verifier.thumbnail(sha256).catch(() => undefined);
    return thumbnail ? { ...result, thumbnail } : result;
  }

  async function check(tabId: number, src: string, job: MediaJob): Promise<MediaItem | undefined> {
    const result = await verifier.verify(job).catch(
      (error: unknown): HostVerifyResult => ({
        verdict: errorVerdict(
          'interrupted',
          `The verifier did not answer: ${error instanceof Error ? error.message : String(error)}`,
        ),
        mediaType: 'application/octet-stream',
      }),
    );
    const patch: Partial<MediaItem> = {
      key: result.verdict.sha256 || src,
      state: 'done',
      verdict: result.verdict,
      ...(result.thumbnail ? { thumbnail: result.thumbnail } : {}),
    };
    answers.remember(result.verdict);
    finish(tabId, src, patch);
    addThumbnail(tabId, src, result);
    scheduleRegistry(tabId, false);
    return tabs.get(tabId)?.items.find((item) => item.src === src);
  }

  /** A tab's registry look-up; verdicts it changed are announced like new ones. */
  function scheduleRegistry(tabId: number, now: boolean): void {
    answers.schedule(
      tabId,
      () => tabs.get(tabId)?.items,
      now,
      () => {
        changed(tabId);
        void sendHints(tabId);
      },
    );
  }

  /** The tab's page travels with a download: it decides whether the page's cookies go along. */
  const pageOf = (pageUrl: string): { pageUrl?: string } =>
    pageUrl && pageUrl.length <= 4096 ? { pageUrl } : {};

  return {
    ready,

    async report(
      tabId: number,
      frameId: number,
      pageUrl: string,
      reset: boolean,
      media: ReportedMedia[],
    ): Promise<string[]> {
      await ready;
      /** Copies promised that nothing will wait for: the page is told not to send them. */
      const copiesNotNeeded: string[] = [];
      let tab = tabs.get(tabId);
      if (!tab || (reset && frameId === 0)) {
        tab = { tabId, pageUrl, items: [] };
        tabs.set(tabId, tab);
        forgetWaiting(tabId);
      }
      const current = tab;
      const fresh: { src: string; job: MediaJob }[] = [];
      /** What to verify: the page's bytes, or the address (with the page's headers when it gave them). */
      const jobFor = (reported: ReportedMedia, src: string): MediaJob => {
        const mediaType = reported.mediaType ? { mediaType: reported.mediaType } : {};
        if (reported.bytes) {
          // The page's copy of an address: the verdict is remembered for the address too (a repeat visit).
          const address = /^https?:/i.test(reported.src) ? { url: reported.src } : {};
          return { bytes: reported.bytes, ...mediaType, name: src, ...address };
        }
        return {
          url: reported.src,
          ...pageOf(current.pageUrl),
          // The headers of the page's own copy: enough for a file they show has no manifest.
          ...(reported.head !== undefined && reported.size !== undefined
            ? { head: reported.head, size: reported.size, ...mediaType }
            : {}),
        };
      };
      for (const reported of media) {
        const src = displaySrc(reported.src);
        const order = reported.order ? { order: reported.order } : {};
        const known = tab.items.find((item) => item.src === src);
        if (known) {
          if (reported.order && (!known.order || reported.order < known.order)) known.order = reported.order;
          if (reported.copyFollows) copiesNotNeeded.push(reported.src);
          if (!reported.copyFollows) {
            const came = reported.head !== undefined || reported.bytes !== undefined;
            const promised = stopWaiting(tabId, src);
            if (promised || came) learnCopy(reported.src, came);
            // The copy the page promised (or word that there is none): verify now.
            if (promised) fresh.push({ src, job: jobFor(reported, src) });
          }
          continue;
        }
        if (tab.items.length >= MAX_ITEMS_PER_TAB) break;
        const refused = reported.bytes ? undefined : whyNotFetchedFor(reported.src, pageUrl);
        if (refused) {
          // Listed, never fetched: the page cannot use us to reach what it could not load itself.
          const message = `Not checked automatically: ${refused}. Right-click it and choose Verify to check it anyway.`;
          tab.items.push({
            key: src,
            src,
            kind: reported.kind,
            ...order,
            state: 'done',
            verdict: errorVerdict('not-fetched', message),
          });
          if (reported.copyFollows) copiesNotNeeded.push(reported.src);
          continue;
        }
        tab.items.push({ key: src, src, kind: reported.kind, ...order, state: 'checking' });
        const job = jobFor(reported, src);
        // The page is still downloading it: wait for its copy, unless this address is already known or
        // its site's copies did not come last time.
        if (
          reported.copyFollows &&
          !reported.bytes &&
          !verifier.knows(reported.src) &&
          !copiesMissing.has(originOf(reported.src))
        ) {
          let waiting = awaitingCopy.get(tabId);
          if (!waiting) {
            waiting = new Map();
            awaitingCopy.set(tabId, waiting);
          }
          waiting.set(src, { job, until: Date.now() + COPY_WAIT_MS });
          if (!copyTimers.has(tabId))
            copyTimers.set(
              tabId,
              setTimeout(() => sweepWaiting(tabId), COPY_WAIT_MS),
            );
          continue;
        }
        if (reported.copyFollows) copiesNotNeeded.push(reported.src);
        fresh.push({ src, job });
      }
      changed(tabId);
      for (const { src, job } of fresh) void check(tabId, src, job);
      return copiesNotNeeded;
    },

    /** The context-menu path: the extension fetches the media itself and adds it to the tab's list. */
    async verifyUrl(url: string, kind: MediaKind, tabId: number | undefined): Promise<MediaItem> {
      await ready;
      const src = displaySrc(url);
      if (tabId !== undefined) {
        let tab = tabs.get(tabId);
        if (!tab) {
          tab = { tabId, pageUrl: '', items: [] };
          tabs.set(tabId, tab);
        }
        const existing = tab.items.find((item) => item.src === src);
        if (existing?.state === 'done') return existing;
        if (!existing) tab.items.push({ key: src, src, kind, state: 'checking' });
        changed(tabId);
        const item = await check(tabId, src, { url });
        if (item) return item;
      }
      const result = await withThumbnail(await verifier.verify({ url }));
      const item: MediaItem = {
        key: result.verdict.sha256 || src,
        src,
        kind,
        state: 'done',
        verdict: result.verdict,
        ...(result.thumbnail ? { thumbnail: result.thumbnail } : {}),
      };
      answers.remember(result.verdict);
      await answers.answer([item]).catch(() => undefined);
      loose.set(item.key, item);
      return item;
    },

    /**
     * Media the top frame's parser has just made (the page scan reports it later). What the extension would
     * download itself anyway (another origin's image, audio, video, a site whose copies do not come) starts
     * now, kept by address, so the scan's report finds its verdict ready or under way. Same-origin images
     * wait for the page's own copy as usual. Nothing is listed here.
     */
    soon(pageUrl: string, media: { src: string; kind: MediaKind }[]): void {
      const pageOrigin = originOf(pageUrl);
      for (const { src, kind } of media) {
        if (!/^https?:/i.test(src) || verifier.knows(src) || whyNotFetchedFor(src, pageUrl)) continue;
        const origin = originOf(src);
        const pageCopyFollows = kind === 'image' && origin === pageOrigin && !copiesMissing.has(origin);
        if (!pageCopyFollows) void verifier.verify({ url: src, ...pageOf(pageUrl) }).catch(() => undefined);
      }
    },

    async verifyFile(name: string, bytes: string, mediaType: string): Promise<MediaItem> {
      const result = await withThumbnail(
        await verifier.verify({ bytes, name, ...(mediaType ? { mediaType } : {}) }),
      );
      const kind: MediaKind = result.mediaType.startsWith('audio/')
        ? 'audio'
        : result.mediaType.startsWith('video/')
          ? 'video'
          : 'image';
      const item: MediaItem = {
        key: result.verdict.sha256 || `file:${name}`,
        src: name,
        name,
        kind,
        state: 'done',
        verdict: result.verdict,
        ...(result.thumbnail ? { thumbnail: result.thumbnail } : {}),
      };
      // A file the person chose: its registry answer is part of what they asked for.
      answers.remember(result.verdict);
      await answers.answer([item]).catch(() => undefined);
      loose.set(item.key, item);
      return item;
    },

    async list(tabId: number): Promise<MediaItem[]> {
      await ready;
      scheduleRegistry(tabId, true);
      return tabs.get(tabId)?.items ?? [];
    },

    async find(key: string): Promise<MediaItem | undefined> {
      await ready;
      for (const tab of tabs.values()) {
        const hit = tab.items.find((item) => item.key === key);
        if (hit) return hit;
      }
      const item = loose.get(key);
      if (item) return item;
      const cached = /^[0-9a-f]{64}$/.test(key)
        ? await store.cachedVerdict(key).catch(() => undefined)
        : undefined;
      if (!cached) return undefined;
      const mediaType = cached.verdict.mediaType;
      return {
        key,
        src: cached.verdict.title ?? key,
        kind: mediaType.startsWith('audio/') ? 'audio' : mediaType.startsWith('video/') ? 'video' : 'image',
        state: 'done',
        verdict: cached.verdict,
        ...(cached.thumbnail ? { thumbnail: cached.thumbnail } : {}),
      };
    },

    /** Which tab shows this media, for a badge click. */
    async keyForSrc(tabId: number, src: string): Promise<string | undefined> {
      await ready;
      return tabs.get(tabId)?.items.find((item) => item.src === displaySrc(src))?.key;
    },

    watch(tabId: number, post: (update: TabMediaChanged) => void): () => void {
      let set = watchers.get(tabId);
      if (!set) {
        set = new Set();
        watchers.set(tabId, set);
      }
      set.add(post);
      void ready.then(() => {
        post({ type: 'tab-media-changed', tabId, items: tabs.get(tabId)?.items ?? [] });
        // A view opened on this tab: look up what the registry knows about its media now.
        scheduleRegistry(tabId, true);
      });
      return () => {
        set?.delete(post);
      };
    },

    async closed(tabId: number): Promise<void> {
      tabs.delete(tabId);
      forgetWaiting(tabId);
      watchers.delete(tabId);
      announcedAt.delete(tabId);
      await store.forget(tabId).catch(() => undefined);
    },

    /** A new browser session reuses tab ids: lists from the last one mean nothing. */
    async newSession(): Promise<void> {
      tabs.clear();
      await store.forgetAll().catch(() => undefined);
    },

    /**
     * The registry changed (settings, or a new registration of `sha256`): drop registry answers and ask
     * again for every tab. Items whose plain verdict is gone (a restarted worker) keep their answer.
     */
    async refreshRegistry(sha256?: string): Promise<void> {
      await ready;
      answers.forget(sha256);
      const restore = (item: MediaItem): boolean => answers.restore(item, sha256);
      for (const tab of tabs.values()) {
        if (tab.items.map(restore).some(Boolean)) changed(tab.tabId);
        scheduleRegistry(tab.tabId, true);
      }
      const looseItems = [...loose.values()].filter(restore);
      await answers.answer(looseItems).catch(() => undefined);
    },

    /** Settings changed (overlay on/off): redraw hints on every tab. */
    async refreshHints(): Promise<void> {
      await ready;
      for (const tabId of tabs.keys()) await sendHints(tabId);
    },
  };
}

export type TabMedia = ReturnType<typeof createTabMedia>;
