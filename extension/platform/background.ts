/// <reference types="chrome" />
// The extension runtime as the background uses it: serving requests from pages and content scripts,
// asking the verifier host, watch ports, overlay hints, the toolbar badge, tabs, menus, panels, storage.
import browser, { type Runtime } from 'webextension-polyfill';
import { answer, extensionUrl, refuse, selfInfo, sendToExtension, toSenderInfo } from './common.ts';
import {
  type ContentRequest,
  type HostRequest,
  isContentRequestType,
  isHostRequestType,
  isPageRequestType,
  isWatchTab,
  type OverlayHints,
  type PageRequest,
  problemWithContentRequest,
  problemWithPageRequest,
  problemWithResponse,
  type ResponseTo,
  senderRole,
  type TabMediaChanged,
  unwrap,
  WATCH_PORT,
} from './messages.ts';

export { extensionUrl, message } from './common.ts';

/** Chrome hosts the verifier in an offscreen document; Firefox in its background page. */
export const hasOffscreenDocuments = (): boolean => typeof chrome !== 'undefined' && 'offscreen' in chrome;

/** Sends a request to the verifier host (the Chrome offscreen document). */
export async function requestHost<R extends HostRequest>(message: R): Promise<ResponseTo<R>> {
  return unwrap(await sendToExtension(message), (value) => problemWithResponse(message.type, value));
}

export interface BackgroundHandlers {
  page(request: PageRequest, sender: { tabId?: number }): Promise<unknown>;
  /** Content scripts speak only for their own tab and frame: ids come from the sender, never the message. */
  content(
    request: ContentRequest,
    sender: { tabId: number; frameId: number; pageUrl: string },
  ): Promise<unknown>;
}

/**
 * Routes runtime messages to the background: validates each message, checks its sender's role, and
 * ignores what is not for the background (host requests) so the host's listener can answer.
 */
export function serveBackground(handlers: BackgroundHandlers): void {
  browser.runtime.onMessage.addListener((message: unknown, rawSender: Runtime.MessageSender) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (isHostRequestType(type)) return undefined;
    const sender = toSenderInfo(rawSender);
    const role = senderRole(sender, selfInfo());
    if (isPageRequestType(type)) {
      if (role !== 'extension-page') return Promise.resolve(refuse('only the extension itself may ask this'));
      const problem = problemWithPageRequest(message);
      if (problem) return Promise.resolve(refuse(problem));
      return answer(() =>
        handlers.page(message as PageRequest, {
          ...(sender.tab?.id !== undefined ? { tabId: sender.tab.id } : {}),
        }),
      );
    }
    if (isContentRequestType(type)) {
      if (role !== 'content-script' || sender.tab?.id === undefined)
        return Promise.resolve(refuse('not from a content script'));
      const problem = problemWithContentRequest(message);
      if (problem) return Promise.resolve(refuse(problem));
      return answer(() =>
        handlers.content(message as ContentRequest, {
          tabId: sender.tab?.id ?? -1,
          frameId: sender.frameId ?? 0,
          pageUrl: sender.url ?? '',
        }),
      );
    }
    return Promise.resolve(refuse(`unknown message type ${JSON.stringify(type)}`));
  });
  // Deliberately no runtime.onMessageExternal / onConnectExternal listener: other extensions and web
  // pages get no answer at all.
}

export function serveWatchers(
  onWatch: (tabId: number, post: (update: TabMediaChanged) => void) => () => void,
): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== WATCH_PORT) return;
    const sender = port.sender ? toSenderInfo(port.sender) : {};
    if (senderRole(sender, selfInfo()) !== 'extension-page') {
      port.disconnect();
      return;
    }
    let stop: (() => void) | undefined;
    port.onMessage.addListener((message: unknown) => {
      if (!isWatchTab(message)) return;
      stop?.();
      stop = onWatch(message.tabId, (update) => {
        try {
          port.postMessage(update);
        } catch {
          stop?.();
        }
      });
    });
    port.onDisconnect.addListener(() => stop?.());
  });
}

// ---- overlay hints (background → content script) ------------------------------------------------------
export async function sendOverlayHints(tabId: number, hints: OverlayHints): Promise<void> {
  try {
    await browser.tabs.sendMessage(tabId, hints);
  } catch {
    // The tab has no content script (a browser page, a PDF viewer): nothing to draw on.
  }
}

// ---- tabs, badge, menus, panels --------------------------------------------------------------------
export async function setToolbarBadge(
  tabId: number,
  text: string,
  colour: string,
  title: string,
): Promise<void> {
  try {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: colour });
    if ('setBadgeTextColor' in browser.action)
      await browser.action.setBadgeTextColor({ tabId, color: '#ffffff' });
    await browser.action.setTitle({ tabId, title });
  } catch {
    // The tab closed meanwhile.
  }
}

export function onTabClosed(listener: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener((tabId) => listener(tabId));
}

export async function tabInfo(tabId: number): Promise<{ url?: string; windowId?: number } | undefined> {
  try {
    const tab = await browser.tabs.get(tabId);
    return {
      ...(tab.url !== undefined ? { url: tab.url } : {}),
      ...(tab.windowId !== undefined ? { windowId: tab.windowId } : {}),
    };
  } catch {
    return undefined;
  }
}

export async function openExtensionTab(path: string): Promise<void> {
  await browser.tabs.create({ url: extensionUrl(path) });
}

/** Opens the side panel (Chrome) or sidebar (Firefox) on a page of ours. Needs a user gesture in both. */
export async function openSidePanel(
  path: string,
  where: { tabId?: number; windowId?: number },
): Promise<void> {
  if (typeof chrome !== 'undefined' && chrome.sidePanel) {
    if (where.tabId !== undefined)
      await chrome.sidePanel.setOptions({ tabId: where.tabId, path, enabled: true });
    if (where.windowId !== undefined) await chrome.sidePanel.open({ windowId: where.windowId });
    else if (where.tabId !== undefined) await chrome.sidePanel.open({ tabId: where.tabId });
    return;
  }
  if (browser.sidebarAction) {
    await browser.sidebarAction.setPanel({ panel: extensionUrl(path) });
    await browser.sidebarAction.open();
  }
}

export interface MenuClick {
  menuId: string;
  srcUrl?: string;
  /** The link's address, for items shown on links. */
  linkUrl?: string;
  mediaType?: string;
  tabId?: number;
  pageUrl?: string;
}

export function createMenus(
  items: { id: string; title: string; links?: string[] }[],
  onClick: (click: MenuClick) => void,
): void {
  const create = async () => {
    await browser.contextMenus.removeAll();
    for (const item of items) {
      // `links`: an item for links whose address matches these patterns, instead of for media.
      browser.contextMenus.create(
        item.links
          ? { id: item.id, title: item.title, contexts: ['link'], targetUrlPatterns: item.links }
          : { id: item.id, title: item.title, contexts: ['image', 'audio', 'video'] },
      );
    }
  };
  browser.runtime.onInstalled.addListener(() => void create());
  browser.runtime.onStartup?.addListener(() => void create());
  browser.contextMenus.onClicked.addListener((info, tab) => {
    onClick({
      menuId: String(info.menuItemId),
      ...(info.srcUrl !== undefined ? { srcUrl: info.srcUrl } : {}),
      ...(info.linkUrl !== undefined ? { linkUrl: info.linkUrl } : {}),
      ...(info.mediaType !== undefined ? { mediaType: info.mediaType } : {}),
      ...(tab?.id !== undefined ? { tabId: tab.id } : {}),
      ...(info.pageUrl !== undefined ? { pageUrl: info.pageUrl } : {}),
    });
  });
}

export function onInstalledOrStarted(listener: (reason: 'install' | 'update' | 'startup') => void): void {
  browser.runtime.onInstalled.addListener((details) =>
    listener(details.reason === 'install' ? 'install' : 'update'),
  );
  browser.runtime.onStartup?.addListener(() => listener('startup'));
}

/** Makes sure the Chrome offscreen document that hosts the verifier exists. */
let creatingOffscreen: Promise<void> | undefined;
export async function offscreenDocumentOpen(): Promise<boolean> {
  return hasOffscreenDocuments() && (await chrome.offscreen.hasDocument());
}

export async function ensureOffscreenDocument(path: string): Promise<void> {
  if (!hasOffscreenDocuments()) return;
  if (await chrome.offscreen.hasDocument()) return;
  creatingOffscreen ??= chrome.offscreen
    .createDocument({
      url: path,
      reasons: ['WORKERS'],
      justification: 'Runs the C2PA verifier (WebAssembly) in a worker.',
    })
    .finally(() => {
      creatingOffscreen = undefined;
    });
  await creatingOffscreen;
}

// ---- storage ---------------------------------------------------------------------------------------------
export async function readLocal<T>(key: string): Promise<T | undefined> {
  const got = await browser.storage.local.get(key);
  return got[key] as T | undefined;
}

export async function writeLocal(key: string, value: unknown): Promise<void> {
  await browser.storage.local.set({ [key]: value });
}
