// The extension runtime as the verifier host uses it (Chrome's offscreen document; on Firefox the
// background page, which serves these requests too).
import browser, { type Runtime } from 'webextension-polyfill';
import { answer, refuse, selfInfo, toSenderInfo } from './common.ts';
import { type HostRequest, isHostRequestType, problemWithHostRequest, senderRole } from './messages.ts';

/** Serves host requests (Chrome offscreen document): only from the extension's own contexts outside tabs. */
export function serveHost(handler: (request: HostRequest) => Promise<unknown>): void {
  browser.runtime.onMessage.addListener((message: unknown, rawSender: Runtime.MessageSender) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (!isHostRequestType(type)) return undefined;
    const sender = toSenderInfo(rawSender);
    if (senderRole(sender, selfInfo()) !== 'extension-page' || sender.tab !== undefined) {
      return Promise.resolve(refuse('only the background may ask the verifier'));
    }
    const problem = problemWithHostRequest(message);
    if (problem) return Promise.resolve(refuse(problem));
    return answer(() => handler(message as HostRequest));
  });
}
