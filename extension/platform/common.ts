/// <reference types="chrome" />
// What every extension context shares: who we are, who sent a message, and the envelope every answer
// travels in. With background.ts, host.ts, content.ts and client.ts (one file per context) this is the
// only code that touches browser.* (webextension-polyfill) or chrome.*.
import browser, { type Runtime } from 'webextension-polyfill';
import type { Envelope, SelfInfo, SenderInfo } from './messages.ts';

export { unwrap } from './messages.ts';

export const selfInfo = (): SelfInfo => ({ id: browser.runtime.id, base: browser.runtime.getURL('') });
export const extensionUrl = (path: string): string => browser.runtime.getURL(path);
/** Chrome hosts the verifier in an offscreen document; Firefox in its background page. */

export function toSenderInfo(sender: Runtime.MessageSender): SenderInfo {
  const info: SenderInfo = {};
  if (sender.id !== undefined) info.id = sender.id;
  if (sender.url !== undefined) info.url = sender.url;
  // Chrome names the sending document's origin; Firefox leaves it to be read from the URL.
  const origin = (sender as { origin?: string }).origin;
  if (origin !== undefined) info.origin = origin;
  if (sender.frameId !== undefined) info.frameId = sender.frameId;
  if (sender.tab) {
    info.tab = {};
    if (sender.tab.id !== undefined) info.tab.id = sender.tab.id;
    if (sender.tab.url !== undefined) info.tab.url = sender.tab.url;
  }
  return info;
}

/** Sends a message to the extension's own listeners (background or verifier host). */
export function sendToExtension(message: unknown): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

export function answer<T>(work: () => Promise<T>): Promise<Envelope<T>> {
  return work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
}

export const refuse = (error: string): Envelope<never> => ({ ok: false, error: `Refused: ${error}` });

export function message(name: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(name, substitutions);
}
