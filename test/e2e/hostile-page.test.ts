// A hostile page cannot obtain a verdict from the extension or make it show a forged one.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, listedItems, startHarness } from './support.ts';

let h: Harness;
let hostile: Page;
let tabId: number;

beforeAll(async () => {
  h = await startHarness('hostile-page');
  hostile = await h.context.newPage();
  await hostile.goto(`${h.server.url}hostile.html`);
  tabId = await h.tabIdOf(hostile);
});

afterAll(async () => {
  await h?.close();
});

async function popupItems() {
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
  const items = await listedItems(popup, 1);
  await popup.close();
  return items;
}

describe('a page messaging the extension', () => {
  it('has no runtime messaging channel to the extension', async () => {
    const reachable = await hostile.evaluate(() => {
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      return typeof runtime?.sendMessage;
    });
    expect(reachable).toBe('undefined');
  });

  it('cannot make the extension count forged credentials with window.postMessage', async () => {
    await hostile.evaluate(() => {
      const forged = {
        type: 'overlay-hints',
        overlay: true,
        hints: [
          {
            src: `${location.origin}/media/plain.jpg`,
            key: 'x',
            trust: 'verified',
            origin: 'human-capture',
            aiDerived: false,
            originProven: true,
            label: 'Forged',
            marks: [{ tone: 'verified', glyph: '✓' }],
            title: 'Forged',
            ariaLabel: 'Forged',
          },
        ],
      };
      window.postMessage(forged, '*');
      document.dispatchEvent(new CustomEvent('provenance-lens', { detail: forged }));
    });
    await hostile.waitForTimeout(500);
    await popupItems(); // once the page's real media is checked
    const badge = await h.background.evaluate(
      (id: number) => chrome.action.getBadgeText({ tabId: id }),
      tabId,
    );
    expect(badge).toBe('');
  });

  it('shows the page-drawn badge for what it is: the popup says no credentials', async () => {
    const items = await popupItems();
    expect(items).toEqual([{ src: `${h.server.url}media/plain.jpg`, trust: 'none', origin: 'unknown' }]);
  });

  it('cannot read the closed shadow root of a real badge', async () => {
    const demo = await h.context.newPage();
    await demo.goto(h.server.url);
    await demo.waitForSelector('provenance-lens-overlay', { state: 'attached', timeout: 30_000 });
    const peek = await demo.evaluate(() => {
      const host = document.querySelector('provenance-lens-overlay');
      return { shadowRoot: host?.shadowRoot ?? null, text: host?.textContent ?? '' };
    });
    await demo.close();
    expect(peek).toEqual({ shadowRoot: null, text: '' });
  });
});

describe('the message contract inside the extension', () => {
  it('refuses a content-script request sent from an extension page', async () => {
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('extension/options/options.html'));
    // An extension page may not speak as a content script: the background answers with a refusal.
    const answer = await page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'page-media', reset: true, media: [] }),
    );
    await page.close();
    expect(answer).toEqual({ ok: false, error: 'Refused: not from a content script' });
  });

  it('rejects a malformed request with a clear reason', async () => {
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('extension/options/options.html'));
    const answer = await page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'tab-media', tabId: 'all', extra: 1 }),
    );
    await page.close();
    expect(answer).toEqual({ ok: false, error: 'Refused: tab-media.extra is not expected' });
  });
});
