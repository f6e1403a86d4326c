/// <reference types="chrome" />
// The UI's only door to the extension runtime. Pages and views call these functions and nothing else;
// each one is a request in the typed contract (messages.ts) that the background validates.
import browser, { type Runtime } from 'webextension-polyfill';
import { sendToExtension } from './common.ts';
import {
  bytesToBase64,
  isTabMediaChanged,
  type PageRequest,
  type PaymentReceipt,
  problemWithResponse,
  type RegisterWorkRequest,
  type RegisterWorkResult,
  type RegistrationAccount,
  type ResponseTo,
  unwrap,
  WATCH_PORT,
} from './messages.ts';
import type { AnchorImportResult, MediaItem, Settings, TrustListStatus } from './model.ts';

export type { PaymentReceipt, RegisterWorkRequest, RegisterWorkResult, RegistrationAccount };

/** Sends a request to the background; the answer is checked with its declared schema before it is used. */
async function request<R extends PageRequest>(message: R): Promise<ResponseTo<R>> {
  return unwrap(await sendToExtension(message), (value) => problemWithResponse(message.type, value));
}

/** Live updates of a tab's media over a port, reconnecting after a stopped service worker. */
function watchTab(tabId: number, onChange: (items: MediaItem[]) => void): () => void {
  let port: Runtime.Port | undefined;
  let stopped = false;
  const connect = () => {
    port = browser.runtime.connect({ name: WATCH_PORT });
    port.onMessage.addListener((message: unknown) => {
      if (isTabMediaChanged(message) && message.tabId === tabId) onChange(message.items);
    });
    // A Chrome service worker that was stopped drops the port: reconnect so the view stays live.
    port.onDisconnect.addListener(() => {
      if (!stopped) setTimeout(connect, 250);
    });
    port.postMessage({ type: 'watch', tabId });
  };
  connect();
  return () => {
    stopped = true;
    port?.disconnect();
  };
}

export function listTabMedia(tabId: number): Promise<MediaItem[]> {
  return request({ type: 'tab-media', tabId });
}

export function watchTabMedia(tabId: number, onChange: (items: MediaItem[]) => void): () => void {
  return watchTab(tabId, onChange);
}

export async function getMediaItem(key: string): Promise<MediaItem | undefined> {
  return (await request({ type: 'media-item', key })) ?? undefined;
}

export function verifyFile(name: string, bytes: Uint8Array, mediaType: string): Promise<MediaItem> {
  return request({ type: 'verify-file', name, bytes: bytesToBase64(bytes), mediaType });
}

export function getSettings(): Promise<Settings> {
  return request({ type: 'settings-get' });
}

export function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  return request({ type: 'settings-save', patch: patch as never });
}

export function getTrustStatus(): Promise<TrustListStatus[]> {
  return request({ type: 'trust-status' });
}

export function refreshTrustLists(): Promise<TrustListStatus[]> {
  return request({ type: 'trust-refresh' });
}

export function importTrustAnchors(pem: string): Promise<AnchorImportResult> {
  return request({ type: 'trust-import', pem });
}

/**
 * Opens an item's full detail: 'tab' → inspect.html?key=K; 'sidepanel' → sidepanel.html?key=K&tabId=N in
 * Chrome's side panel or Firefox's sidebar. Call it from a click: both browsers need the user's gesture, so
 * the panel is opened here, in the page, rather than in the background.
 */
export async function openDetail(key: string, where: 'tab' | 'sidepanel'): Promise<void> {
  if (where === 'tab') {
    await request({ type: 'open-detail', key, where });
    return;
  }
  // Firefox requires sidebarAction.open() synchronously inside the click handler: start it first.
  const firefoxOpening =
    typeof chrome === 'undefined' || !chrome.sidePanel ? browser.sidebarAction?.open() : undefined;
  const tabId = tabIdOfThisView() ?? (await activeTabId());
  const path = `extension/sidepanel/sidepanel.html?${new URLSearchParams({
    key,
    ...(tabId !== undefined ? { tabId: String(tabId) } : {}),
  })}`;
  if (typeof chrome !== 'undefined' && chrome.sidePanel) {
    const options: chrome.sidePanel.PanelOptions = { path, enabled: true };
    if (tabId !== undefined) options.tabId = tabId;
    const setting = chrome.sidePanel.setOptions(options);
    const windowId = (await browser.windows.getCurrent()).id;
    if (windowId !== undefined) await chrome.sidePanel.open({ windowId });
    else if (tabId !== undefined) await chrome.sidePanel.open({ tabId });
    await setting;
    return;
  }
  if (browser.sidebarAction) {
    await browser.sidebarAction.setPanel({ panel: browser.runtime.getURL(path) });
    await firefoxOpening;
  }
}

function tabIdOfThisView(): number | undefined {
  const raw = new URLSearchParams(globalThis.location?.search ?? '').get('tabId');
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) return undefined;
  // The extension's own pages (inspect, options in a tab) are not a page whose media one wants to see.
  if (tab.url?.startsWith(browser.runtime.getURL(''))) return undefined;
  return tab.id;
}

/** Messages without substitutions, as looked up once: the background words every badge of a busy page. */
const plainMessages = new Map<string, string>();

export function t(messageName: string, substitutions?: string | string[]): string {
  if (substitutions === undefined) {
    let text = plainMessages.get(messageName);
    if (text === undefined) {
      text = browser.i18n.getMessage(messageName) || messageName;
      plainMessages.set(messageName, text);
    }
    return text;
  }
  return browser.i18n.getMessage(messageName, substitutions) || messageName;
}

export function registerWork(req: RegisterWorkRequest): Promise<RegisterWorkResult> {
  return request({ type: 'register-work', request: req });
}

/** Pays `amountWei` to a registry record from the extension's key; the registry splits it down the lineage. */
export function payRecord(recordId: string, amountWei: bigint, passphrase?: string): Promise<PaymentReceipt> {
  return request({
    type: 'registry-pay',
    recordId,
    amountWei: amountWei.toString(),
    ...(passphrase ? { passphrase } : {}),
  });
}

export function getRegistrationAccount(): Promise<RegistrationAccount> {
  return request({ type: 'registry-account' });
}

export function exportRegistrationKey(passphrase: string): Promise<{ address: string; privateKey: string }> {
  return request({ type: 'registry-key-export', passphrase });
}
