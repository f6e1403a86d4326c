// What each tab shows and what we know about it: per-tab media lists (kept in IndexedDB so a stopped
// service worker picks up where it was), the pages watching a tab, the toolbar badge and on-page hints.

import { errorVerdict } from '../../src/verdict/error.ts';
import { whyNotFetchedFor } from '../../src/verify/network-policy.ts';
import { sendOverlayHints, setToolbarBadge } from '../platform/background.ts';
import {
  displaySrc,
  type OverlayHint,
  type ReportedMedia,
  type TabMediaChanged,
} from '../platform/messages.ts';
import type { MediaItem, MediaKind, Settings, Verdict } from '../platform/model.ts';
import { anyCachedVerdict, forgetAllTabs, forgetTab, loadTabs, saveTab } from '../platform/store.ts';
import { hasRegistryAnswer, type LookupItem, type Registry, withRegistry } from './registry.ts';
import { badgeFor } from './toolbar-badge.ts';
import type { MediaJob, Verifier } from './verification.ts';

const MAX_ITEMS_PER_TAB = 2000;
const CREDENTIALED = new Set(['verified', 'untrusted', 'invalid', 'recovered']);

interface TabState {
  tabId: number;
  pageUrl: string;
  items: MediaItem[];
}

export interface TabMediaOptions {
  verifier: Verifier;
  settings: () => Promise<Settings>;
  /** Registry look-ups, batched per tab once its scan settles or a view opens it. */
  registry?: Pick<Registry, 'lookup' | 'forget'>;
}

const REGISTRY_SETTLE_MS = 250;
const MAX_REMEMBERED_VERDICTS = 5000;

/** Long enough to gather a burst of verdicts, short enough that a person sees no delay. */
const ANNOUNCE_WINDOW_MS = 60;

export function createTabMedia({ verifier, settings, registry }: TabMediaOptions) {
  const tabs = new Map<number, TabState>();
  /** Items checked outside any tab (inspect page, context menu on a page we could not list). */
  const loose = new Map<string, MediaItem>();
  const watchers = new Map<number, Set<(update: TabMediaChanged) => void>>();
  const saveTimers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Verdicts as the verifier gave them, before registry answers: re-applied when the registry changes. */
  const plainVerdicts = new Map<string, Verdict>();
  const registryTimers = new Map<number, ReturnType<typeof setTimeout>>();

  const ready = loadTabs()
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
    const look = badgeFor(tab.items);
    void setToolbarBadge(tabId, look.text, look.colour, look.title);
    // Writes are batched: a page reporting hundreds of images is saved once, not hundreds of times.
    clearTimeout(saveTimers.get(tabId));
    saveTimers.set(
      tabId,
      setTimeout(() => {
        saveTimers.delete(tabId);
        const current = tabs.get(tabId);
        if (current) void saveTab({ ...current, savedAt: Date.now() }).catch(() => undefined);
      }, 300),
    );
  }

  async function sendHints(tabId: number): Promise<void> {
    const tab = tabs.get(tabId);
    if (!tab) return;
    const current = await settings();
    const hints: OverlayHint[] = [];
    for (const item of tab.items) {
      const verdict = item.verdict;
      if (item.state !== 'done' || !verdict) continue;
      const aiWithout = current.overlayAiWithoutCredentials && verdict.aiDerived === true;
      if (!CREDENTIALED.has(verdict.trust) && !aiWithout) continue;
      hints.push({
        src: item.src,
        key: item.key,
        trust: verdict.trust,
        origin: verdict.origin,
        aiDerived: verdict.aiDerived,
        originProven: verdict.originProven ?? (verdict.trust === 'verified' || verdict.trust === 'untrusted'),
        label: verdict.signer?.name?.slice(0, 200) ?? '',
      });
    }
    await sendOverlayHints(tabId, {
      type: 'overlay-hints',
      overlay: current.overlay,
      hints,
    });
  }

  /** Verdicts arriving together (hundreds on a busy page) are announced once per short window per tab. */
  const flushTimers = new Map<number, ReturnType<typeof setTimeout>>();

  function announce(tabId: number): void {
    if (flushTimers.has(tabId)) return;
    flushTimers.set(
      tabId,
      setTimeout(() => {
        flushTimers.delete(tabId);
        changed(tabId);
        void sendHints(tabId);
      }, ANNOUNCE_WINDOW_MS),
    );
  }

  function finish(tabId: number, src: string, patch: Partial<MediaItem>): void {
    const tab = tabs.get(tabId);
    const item = tab?.items.find((candidate) => candidate.src === src);
    if (!tab || !item) return;
    Object.assign(item, patch);
    announce(tabId);
  }

  async function check(tabId: number, src: string, job: MediaJob): Promise<MediaItem | undefined> {
    const result = await verifier.verify(job).catch((error: unknown) => ({
      verdict: errorVerdict(
        'interrupted',
        `The verifier did not answer: ${error instanceof Error ? error.message : String(error)}`,
      ),
      mediaType: 'application/octet-stream',
    }));
    const patch: Partial<MediaItem> = {
      key: result.verdict.sha256 || src,
      state: 'done',
      verdict: result.verdict,
      ...('thumbnail' in result && result.thumbnail ? { thumbnail: result.thumbnail } : {}),
    };
    rememberPlain(result.verdict);
    finish(tabId, src, patch);
    scheduleRegistry(tabId, false);
    return tabs.get(tabId)?.items.find((item) => item.src === src);
  }

  function rememberPlain(verdict: Verdict): void {
    if (!verdict.sha256 || hasRegistryAnswer(verdict)) return;
    plainVerdicts.set(verdict.sha256, verdict);
    if (plainVerdicts.size > MAX_REMEMBERED_VERDICTS) {
      const oldest = plainVerdicts.keys().next().value;
      if (oldest !== undefined) plainVerdicts.delete(oldest);
    }
  }

  /** Items whose verdict has no registry answer yet, with the verdict the answer is applied to. */
  function awaitingRegistry(items: readonly MediaItem[]): LookupItem[] {
    const out: LookupItem[] = [];
    for (const item of items) {
      const verdict = item.verdict;
      if (item.state !== 'done' || !verdict?.sha256 || hasRegistryAnswer(verdict)) continue;
      out.push({ sha256: verdict.sha256, src: item.src, kind: item.kind, verdict });
    }
    return out;
  }

  async function answerItems(items: MediaItem[]): Promise<boolean> {
    if (!registry) return false;
    const wanted = awaitingRegistry(items);
    if (wanted.length === 0) return false;
    const answers = await registry.lookup(wanted);
    let changedAny = false;
    for (const want of wanted) {
      const answer = answers.get(want.sha256);
      const item = items.find((candidate) => candidate.verdict === want.verdict);
      if (!answer || !item) continue;
      item.verdict = withRegistry(want.verdict, answer);
      changedAny = true;
    }
    return changedAny;
  }

  /**
   * One batched look-up per tab: once nothing on it is still being checked (its scan settled), or at once
   * when a view (popup, side panel, register page) asks for the tab.
   */
  function scheduleRegistry(tabId: number, now: boolean): void {
    if (!registry) return;
    const tab = tabs.get(tabId);
    if (!tab || (!now && tab.items.some((item) => item.state === 'checking'))) return;
    clearTimeout(registryTimers.get(tabId));
    registryTimers.set(
      tabId,
      setTimeout(
        () => {
          registryTimers.delete(tabId);
          const current = tabs.get(tabId);
          if (!current) return;
          void answerItems(current.items)
            .then((changedAny) => {
              if (!changedAny) return;
              changed(tabId);
              return sendHints(tabId);
            })
            .catch(() => undefined);
        },
        now ? 0 : REGISTRY_SETTLE_MS,
      ),
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
    ): Promise<void> {
      await ready;
      let tab = tabs.get(tabId);
      if (!tab || (reset && frameId === 0)) {
        tab = { tabId, pageUrl, items: [] };
        tabs.set(tabId, tab);
      }
      const fresh: { src: string; job: MediaJob }[] = [];
      for (const reported of media) {
        const src = displaySrc(reported.src);
        const order = reported.order ? { order: reported.order } : {};
        const known = tab.items.find((item) => item.src === src);
        if (known) {
          if (reported.order && (!known.order || reported.order < known.order)) known.order = reported.order;
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
          continue;
        }
        tab.items.push({ key: src, src, kind: reported.kind, ...order, state: 'checking' });
        const job: MediaJob = reported.bytes
          ? {
              bytes: reported.bytes,
              ...(reported.mediaType ? { mediaType: reported.mediaType } : {}),
              name: src,
            }
          : { url: reported.src, ...pageOf(tab.pageUrl) };
        fresh.push({ src, job });
      }
      changed(tabId);
      for (const { src, job } of fresh) void check(tabId, src, job);
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
      const result = await verifier.verify({ url });
      const item: MediaItem = {
        key: result.verdict.sha256 || src,
        src,
        kind,
        state: 'done',
        verdict: result.verdict,
        ...(result.thumbnail ? { thumbnail: result.thumbnail } : {}),
      };
      rememberPlain(result.verdict);
      await answerItems([item]).catch(() => undefined);
      loose.set(item.key, item);
      return item;
    },

    async verifyFile(name: string, bytes: string, mediaType: string): Promise<MediaItem> {
      const result = await verifier.verify({ bytes, name, ...(mediaType ? { mediaType } : {}) });
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
      rememberPlain(result.verdict);
      await answerItems([item]).catch(() => undefined);
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
        ? await anyCachedVerdict(key).catch(() => undefined)
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
      watchers.delete(tabId);
      await forgetTab(tabId).catch(() => undefined);
    },

    /** A new browser session reuses tab ids: lists from the last one mean nothing. */
    async newSession(): Promise<void> {
      tabs.clear();
      await forgetAllTabs().catch(() => undefined);
    },

    /**
     * The registry changed (settings, or a new registration of `sha256`): drop registry answers and ask
     * again for every tab. Items whose plain verdict is gone (a restarted worker) keep their answer.
     */
    async refreshRegistry(sha256?: string): Promise<void> {
      await ready;
      registry?.forget(sha256);
      const reset = (item: MediaItem): boolean => {
        const plain = item.verdict?.sha256 ? plainVerdicts.get(item.verdict.sha256) : undefined;
        if (!plain || (sha256 !== undefined && plain.sha256 !== sha256)) return false;
        item.verdict = plain;
        return true;
      };
      for (const tab of tabs.values()) {
        if (tab.items.map(reset).some(Boolean)) changed(tab.tabId);
        scheduleRegistry(tab.tabId, true);
      }
      const looseItems = [...loose.values()].filter(reset);
      await answerItems(looseItems).catch(() => undefined);
    },

    /** Settings changed (overlay on/off): redraw hints on every tab. */
    async refreshHints(): Promise<void> {
      await ready;
      for (const tabId of tabs.keys()) await sendHints(tabId);
    },
  };
}

export type TabMedia = ReturnType<typeof createTabMedia>;
