// Background: the service worker on Chrome, the background page on Firefox. Routes every message through
// the typed contract, keeps per-tab media lists, the toolbar badge and the context menus, and hands media to
// the verifier host (Chrome: offscreen document; Firefox: this page, which may start Workers).

import { fingerprintImageBytes } from '../offscreen/fingerprint.ts';
import {
  createMenus,
  ensureOffscreenDocument,
  hasOffscreenDocuments,
  message,
  offscreenDocumentOpen,
  onInstalledOrStarted,
  onTabClosed,
  openExtensionTab,
  openSidePanel,
  requestHost,
  sendOverlayHints,
  serveBackground,
  serveWatchers,
  setToolbarBadge,
  tabInfo,
} from '../platform/background.ts';
import type { HostRequest, PageRequest, ResponseTo } from '../platform/messages.ts';
import { autoScanAllowed, type MediaKind } from '../platform/model.ts';
import { anyCachedVerdict, forgetAllTabs, forgetTab, loadTabs, saveTab } from '../platform/store.ts';
import { exportKey } from './keys.ts';
import { LINKED_MEDIA_PATTERNS, linkedMediaKind } from './linked-media.ts';
import { registerWork } from './register-work.ts';
import { createRegistry, type FingerprintBytes } from './registry.ts';
import { loadSettings, saveSettings } from './settings.ts';
import { createTabMedia } from './tab-media.ts';
import { badgeFor } from './toolbar-badge.ts';
import {
  devRegistry,
  ensureTrustLists,
  importUserAnchors,
  onTrustListsChanged,
  refreshTrustLists,
  trustStatus,
} from './trust-lists.ts';
import { createVerifier, type HostCalls } from './verification.ts';

const OFFSCREEN_PAGE = 'extension/offscreen/offscreen.html';
const INSPECT_PAGE = 'extension/inspect/inspect.html';
const SIDEPANEL_PAGE = 'extension/sidepanel/sidepanel.html';
const REGISTER_PAGE = 'extension/register/register.html';

/** The offscreen document, opened once: asking Chrome whether it exists costs a round trip per file. */
function offscreenHost(): HostCalls {
  let open: Promise<void> | undefined;
  const opened = (): Promise<void> => {
    open ??= ensureOffscreenDocument(OFFSCREEN_PAGE).catch((error: unknown) => {
      open = undefined;
      throw error;
    });
    return open;
  };
  /** A document closed behind our back is opened again, once. */
  async function ask<R extends HostRequest>(request: R): Promise<ResponseTo<R>> {
    await opened();
    try {
      return await requestHost(request);
    } catch (error) {
      open = undefined;
      if (await offscreenDocumentOpen()) throw error;
      await opened();
      return requestHost(request);
    }
  }
  return {
    verify: (job) => ask({ type: 'host-verify', job }),
    verifyMany: (jobs) => ask({ type: 'host-verify-many', jobs }),
    thumbnail: async (sha256) => (await ask({ type: 'host-thumbnail', sha256 })) ?? undefined,
    warm: async (trustFingerprint) => {
      await ask({ type: 'host-ping', trustFingerprint });
    },
  };
}

async function hostCalls(): Promise<HostCalls> {
  if (hasOffscreenDocuments()) return offscreenHost();
  // Firefox: the background page hosts the verifier itself (loaded only here, never in the service worker).
  const { createVerifierHost } = await import('../offscreen/verifier-host.ts');
  return createVerifierHost();
}

const verifier = createVerifier(hostCalls());
// The document, its wasm workers and the trust lists start with the background, not with the first page.
void verifier.warm().catch(() => undefined);
// pdq64 fingerprints, for near-duplicate look-ups of media without credentials and for registering images.
const fingerprint: FingerprintBytes = fingerprintImageBytes;
const registry = createRegistry({ settings: loadSettings, devRegistry, fingerprint });
/** The toolbar badge each tab shows now (text, colour and title), as last sent to the browser. */
const shownBadges = new Map<number, string>();
const media = createTabMedia({
  verifier,
  settings: loadSettings,
  registry,
  store: {
    load: loadTabs,
    save: saveTab,
    forget: forgetTab,
    forgetAll: forgetAllTabs,
    cachedVerdict: anyCachedVerdict,
  },
  badge: (tabId, items) => {
    const look = badgeFor(items);
    // Four browser calls per update, hundreds of updates on a busy page: only a changed look is sent.
    const key = `${look.text}|${look.colour}|${look.title}`;
    if (shownBadges.get(tabId) === key) return;
    shownBadges.set(tabId, key);
    void setToolbarBadge(tabId, look.text, look.colour, look.title);
  },
  hints: sendOverlayHints,
});
onTrustListsChanged(() => verifier.invalidate());

const detailPath = (key: string, tabId?: number): string =>
  `${SIDEPANEL_PAGE}?${new URLSearchParams({ key, ...(tabId !== undefined ? { tabId: String(tabId) } : {}) })}`;

async function openDetail(key: string, where: 'tab' | 'sidepanel', tabId?: number): Promise<null> {
  if (where === 'tab') {
    await openExtensionTab(`${INSPECT_PAGE}?${new URLSearchParams({ key })}`);
    return null;
  }
  const tab = tabId !== undefined ? await tabInfo(tabId) : undefined;
  await openSidePanel(detailPath(key, tabId), {
    ...(tabId !== undefined ? { tabId } : {}),
    ...(tab?.windowId !== undefined ? { windowId: tab.windowId } : {}),
  });
  return null;
}

async function handlePage(request: PageRequest, sender: { tabId?: number }): Promise<unknown> {
  switch (request.type) {
    case 'tab-media':
      return media.list(request.tabId);
    case 'media-item':
      return (await media.find(request.key)) ?? null;
    case 'verify-file':
      return media.verifyFile(request.name, request.bytes, request.mediaType);
    case 'verify-url':
      return media.verifyUrl(request.url, request.kind, request.tabId);
    case 'settings-get':
      return loadSettings();
    case 'settings-save': {
      const saved = await saveSettings(request.patch as Parameters<typeof saveSettings>[0]);
      if ('remoteManifests' in request.patch) verifier.invalidate();
      if ('registry' in request.patch) void media.refreshRegistry();
      void media.refreshHints();
      return saved;
    }
    case 'trust-status':
      return trustStatus(await ensureTrustLists());
    case 'trust-refresh': {
      const lists = await refreshTrustLists(true);
      verifier.invalidate();
      return trustStatus(lists);
    }
    case 'trust-import': {
      const result = await importUserAnchors(request.pem);
      if (result.accepted.length > 0) verifier.invalidate();
      return result;
    }
    case 'open-detail':
      return openDetail(request.key, request.where, request.tabId ?? sender.tabId);
    case 'register-work':
      return registerWork(request.request, { registry, media, fingerprint });
    case 'registry-pay': {
      if (!/^\d{1,40}$/.test(request.amountWei)) throw new Error('The amount must be a whole number of wei.');
      return registry.pay(request.recordId, BigInt(request.amountWei), request.passphrase);
    }
    case 'registry-account':
      return registry.account();
    case 'registry-key-export':
      return exportKey(request.passphrase);
  }
}

serveBackground({
  page: handlePage,
  async content(request, sender) {
    if (request.type === 'page-media') {
      const settings = await loadSettings();
      // Auto-scan off (everywhere or on this site): nothing is fetched; the context menu still works.
      if (!autoScanAllowed(settings, sender.pageUrl))
        return { copiesNotNeeded: request.media.filter((m) => m.copyFollows).map((m) => m.src) };
      // A new page: the browser cleared the tab's badge, so the next look is sent whatever it is.
      if (request.reset && sender.frameId === 0) shownBadges.delete(sender.tabId);
      const copiesNotNeeded = await media.report(
        sender.tabId,
        sender.frameId,
        sender.pageUrl,
        request.reset,
        request.media,
      );
      return { copiesNotNeeded };
    }
    if (request.type === 'page-media-soon') {
      if (sender.frameId === 0 && autoScanAllowed(await loadSettings(), sender.pageUrl))
        media.soon(sender.pageUrl, request.media);
      return null;
    }
    const key = await media.keyForSrc(sender.tabId, request.src);
    if (key) await openDetail(key, 'tab');
    return null;
  },
});

serveWatchers((tabId, post) => media.watch(tabId, post));
onTabClosed((tabId) => {
  shownBadges.delete(tabId);
  void media.closed(tabId);
});

onInstalledOrStarted((reason) => {
  if (reason === 'startup') void media.newSession();
  void ensureTrustLists().catch(() => undefined);
  if (reason === 'install') void useDevRegistry();
});

/** A development build started by `npm start` points at its local chain unless a registry is already set. */
async function useDevRegistry(): Promise<void> {
  const seed = await devRegistry();
  if (seed && !(await loadSettings()).registry) {
    const { rpcUrl, address, chainId } = seed;
    await saveSettings({ registry: { rpcUrl, address, ...(chainId !== undefined ? { chainId } : {}) } });
  }
}

/** The context menus' one handler; the e2e suite reaches the same code through the 'verify-url' request. */
async function onMenu(click: {
  menuId: string;
  srcUrl?: string;
  linkUrl?: string;
  mediaType?: string;
  tabId?: number;
}): Promise<void> {
  if (click.menuId === 'verify-link' && click.linkUrl) {
    const item = await media.verifyUrl(click.linkUrl, linkedMediaKind(click.linkUrl) ?? 'image', click.tabId);
    await openDetail(item.key, 'tab');
    return;
  }
  if (!click.srcUrl) return;
  if (click.menuId === 'verify') {
    const kind: MediaKind =
      click.mediaType === 'audio' || click.mediaType === 'video' ? click.mediaType : 'image';
    const item = await media.verifyUrl(click.srcUrl, kind, click.tabId);
    await openDetail(item.key, 'tab');
  } else if (click.menuId === 'register') {
    const params = new URLSearchParams({
      src: click.srcUrl,
      ...(click.tabId !== undefined ? { tabId: String(click.tabId) } : {}),
    });
    await openExtensionTab(`${REGISTER_PAGE}?${params}`);
  }
}

createMenus(
  [
    { id: 'verify', title: message('menu_verify') || 'Verify content credentials' },
    { id: 'register', title: message('menu_register') || 'Register as my work' },
    {
      id: 'verify-link',
      title: message('menu_verify_link') || 'Verify linked media',
      links: LINKED_MEDIA_PATTERNS,
    },
  ],
  (click) => void onMenu(click),
);
