/// <reference types="chrome" />
// The extension runtime as content scripts use it: requests about their own tab, and the overlay hints the
// background sends them (worded there: the page never loads the extension's message catalogue). It uses the browser's own promise API (Firefox's
// `browser`, Chrome's `chrome`) rather than webextension-polyfill: every page pays to compile the content
// script, and the polyfill alone was a third of it.
import {
  type ContentRequest,
  isOverlayHints,
  type OverlayHints,
  problemWithResponse,
  type ResponseTo,
  unwrap,
} from './messages.ts';

/** Read when used, not at load: code that only draws (tests, other worlds) never touches the runtime. */
const ext = (): typeof chrome => (globalThis as { browser?: typeof chrome }).browser ?? chrome;

/** Sends a request about this tab to the background; the answer is checked before it is used. */
export async function request<R extends ContentRequest>(message: R): Promise<ResponseTo<R>> {
  const reply: unknown = await ext().runtime.sendMessage(message);
  return unwrap(reply, (value) => problemWithResponse(message.type, value));
}

/** A message the background answers with nothing: sent, never waited for (the page scan follows anyway). */
export function tell(message: Extract<ContentRequest, { type: 'page-media-soon' }>): void {
  ext()
    .runtime.sendMessage(message)
    .catch(() => undefined);
}

/** Content-script side: accepts hints only from this extension's background, never from the page. */
export function onOverlayHints(handler: (hints: OverlayHints) => void, signal?: AbortSignal): void {
  const listener = (message: unknown, sender: chrome.runtime.MessageSender) => {
    if (sender.id !== ext().runtime.id || sender.tab !== undefined) return undefined;
    if (isOverlayHints(message)) handler(message);
    return undefined;
  };
  const runtime = ext().runtime;
  runtime.onMessage.addListener(listener);
  signal?.addEventListener('abort', () => runtime.onMessage.removeListener(listener), { once: true });
}
