// The extension runtime as content scripts use it: requests about their own tab, and the overlay hints
// the background sends them.
import browser, { type Runtime } from 'webextension-polyfill';
import { sendToExtension, unwrap } from './common.ts';
import {
  type ContentRequest,
  isOverlayHints,
  type OverlayHints,
  problemWithResponse,
  type ResponseTo,
} from './messages.ts';

/** Sends a request about this tab to the background; the answer is checked before it is used. */
export async function request<R extends ContentRequest>(message: R): Promise<ResponseTo<R>> {
  return unwrap(await sendToExtension(message), (value) => problemWithResponse(message.type, value));
}

/** Content-script side: accepts hints only from this extension's background, never from the page. */
export function onOverlayHints(handler: (hints: OverlayHints) => void, signal?: AbortSignal): void {
  const listener = (message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || sender.tab !== undefined) return undefined;
    if (isOverlayHints(message)) handler(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  signal?.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
