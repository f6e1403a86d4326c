// The extension in Chromium on the demo page: the popup's list, the detail view, the side panel, the
// context-menu path, the inspect page, the options page, the toolbar and on-page badges, accessibility.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../demo/media/generate.ts';
import { BLOB_FIXTURE, expectedItem, pathOf, SHOWN } from './demo-expectations.ts';
import {
  type Harness,
  type ListedItem,
  listedItems,
  pageBadges,
  SCREENSHOTS,
  startHarness,
} from './support.ts';

let h: Harness;
let demo: Page;
let tabId: number;
let items: ListedItem[];

/** The demo page's media from top to bottom (the blob: image and the late-set image sit near the end). */
const PAGE_ORDER = [
  '/media/human-capture.jpg',
  '/media/untrusted.jpg',
  '/media/tampered-pixels.jpg',
  '/media/ai-generated.jpg',
  '/media/ai-edited.jpg',
  '/media/human-made.png',
  '/media/unsigned-ai-xmp.jpg',
  '/media/plain.jpg',
  '/media/tampered-claim.jpg',
  '/media/audio.wav',
  '/media/video.mp4',
  '/media/composite.jpg',
  '/media/generative-fill.jpg',
  'blob:',
  '/media/tampered-cert.jpg',
  '/media/human-capture.jpg?lazy=1',
] as const;

/** Which medium each on-page badge follows, in the order Tab reaches the badges. */
async function badgesByTab(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const reached: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const medium = await page.evaluate(() => {
      const host = document.activeElement;
      if (host?.localName !== 'provenance-lens-overlay') return undefined;
      const before = host.previousElementSibling;
      if (!before) return 'nothing';
      if (before.localName === 'div') return `css:${before.className}`;
      const src = (before as HTMLImageElement).currentSrc || (before as HTMLImageElement).src || '';
      return src.startsWith('blob:') ? 'blob:' : new URL(src).pathname + new URL(src).search;
    });
    if (medium && reached.includes(medium)) break;
    if (medium) reached.push(medium);
  }
  return reached;
}

async function openPopup(query: string): Promise<Page> {
  const popup = await h.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?${query}`));
  return popup;
}

beforeAll(async () => {
  h = await startHarness('demo-page');
  demo = await h.context.newPage();
  await demo.goto(h.server.url);
  tabId = await h.tabIdOf(demo);
  const popup = await openPopup(`tabId=${tabId}`);
  items = await listedItems(popup, SHOWN.length + 1);
  await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup.png') });
  await popup.close();
});

afterAll(async () => {
  await h?.close();
});

describe('popup on the demo page', () => {
  it.each(SHOWN)('lists %s with its exact trust and origin', (shown, fixture) => {
    const item = items.find(
      (candidate) => candidate.src.startsWith('http') && pathOf(candidate.src) === shown,
    );
    expect(item).toEqual(expectedItem(h.server.url, shown, fixture));
  });

  it('lists the blob: image with the verdict of the bytes behind it', () => {
    const blob = items.filter((item) => item.src.startsWith('blob:'));
    expect(blob.map(({ trust, origin }) => ({ trust, origin }))).toEqual([
      { trust: FIXTURES[BLOB_FIXTURE].trust, origin: FIXTURES[BLOB_FIXTURE].origin },
    ]);
  });

  it('lists nothing else', () => {
    expect(items).toHaveLength(SHOWN.length + 1);
  });

  it('shows on the toolbar badge the count the popup gives for media with Content Credentials', async () => {
    const popup = await openPopup(`tabId=${tabId}`);
    await listedItems(popup, SHOWN.length + 1);
    const summary = (await popup.locator('[data-testid="summary"]').textContent()) ?? '';
    await popup.close();
    const text = await h.background.evaluate(
      (id: number) => chrome.action.getBadgeText({ tabId: id }),
      tabId,
    );
    const credentialed = items.filter((item) => ['verified', 'untrusted', 'invalid'].includes(item.trust));
    expect({ text, summary: /· (\d+) with Content Credentials/.exec(summary)?.[1] }).toEqual({
      text: String(credentialed.length),
      summary: String(credentialed.length),
    });
  });

  it('lists the media in the order the page shows them, including those found later', () => {
    const shown = items.map((item) => (item.src.startsWith('blob:') ? 'blob:' : pathOf(item.src)));
    expect(shown).toEqual([...PAGE_ORDER]);
  });

  it('colours the toolbar badge red when any credential is invalid', async () => {
    const colour = await h.background.evaluate(
      (id: number) => chrome.action.getBadgeBackgroundColor({ tabId: id }),
      tabId,
    );
    expect(colour).toEqual([179, 38, 30, 255]);
  });

  it('puts each on-page badge right after its medium, reachable by Tab, with a name that says what it means', async () => {
    const reached = await badgesByTab(demo);
    const badges = await pageBadges(demo);
    const TRUSTED = 'Content Credentials from a trusted signer.';
    const INVALID = 'Content Credentials that fail validation: its origin cannot be trusted.';
    const AI = 'AI-derived, per its signed credentials.';
    const AI_UNPROVEN = 'Possibly AI-derived: an AI signal nothing trusted backs.';
    expect(reached).toEqual(badges.map(([medium]) => medium));
    expect(badges).toEqual([
      ['/media/human-capture.jpg', TRUSTED],
      [
        '/media/untrusted.jpg',
        'Content Credentials from a signer on no trust list: what they say is a claim.',
      ],
      ['/media/tampered-pixels.jpg', INVALID],
      ['/media/ai-generated.jpg', `${TRUSTED} ${AI}`],
      ['/media/ai-edited.jpg', `${TRUSTED} ${AI}`],
      ['/media/human-made.png', TRUSTED],
      ['/media/unsigned-ai-xmp.jpg', AI_UNPROVEN],
      ['/media/tampered-claim.jpg', `${INVALID} ${AI_UNPROVEN}`],
      ['/media/audio.wav', TRUSTED],
      ['/media/video.mp4', TRUSTED],
      ['/media/composite.jpg', TRUSTED],
      ['css:css-background bg-generative-fill', `${TRUSTED} ${AI}`],
      ['blob:', INVALID],
      ['/media/tampered-cert.jpg', INVALID],
      ['/media/human-capture.jpg?lazy=1', TRUSTED],
    ]);
    await demo.screenshot({ path: path.join(SCREENSHOTS, 'demo-badges.png') });
  });

  it('draws on-page badges in a closed shadow root', async () => {
    const overlay = await demo.evaluate(() => {
      const host = document.querySelector('provenance-lens-overlay');
      return { present: host !== null, shadowRoot: host?.shadowRoot ?? null };
    });
    expect(overlay).toEqual({ present: true, shadowRoot: null });
  });

  it('passes an axe-core accessibility check', async () => {
    const popup = await openPopup(`tabId=${tabId}`);
    await listedItems(popup, SHOWN.length + 1);
    const result = await new AxeBuilder({ page: popup }).analyze();
    await popup.close();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  });
});

describe('detail view', () => {
  it('opens from the list with the item verdict', async () => {
    const popup = await openPopup(`tabId=${tabId}`);
    await listedItems(popup, SHOWN.length + 1);
    await popup.click(`[data-testid="media-item"][data-src$="/media/ai-edited.jpg"] button`);
    const detail = popup.locator('[data-testid="detail-view"]');
    await detail.waitFor();
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'detail.png'), fullPage: true });
    const shown = {
      trust: await detail.getAttribute('data-trust'),
      origin: await detail.getAttribute('data-origin'),
    };
    await popup.close();
    expect(shown).toEqual({ trust: 'verified', origin: FIXTURES['ai-edited.jpg'].origin });
  });

  it('shows the same item in the side panel page', async () => {
    const popup = await openPopup(`tabId=${tabId}`);
    const listed = await listedItems(popup, SHOWN.length + 1);
    const key = await popup.getAttribute(
      '[data-testid="media-item"][data-src$="/media/tampered-pixels.jpg"]',
      'data-key',
    );
    await popup.close();
    expect(listed.length).toBe(SHOWN.length + 1);
    const panel = await h.context.newPage();
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.goto(h.extensionUrl(`extension/sidepanel/sidepanel.html?key=${key}&tabId=${tabId}`));
    const detail = panel.locator('[data-testid="detail-view"]');
    await detail.waitFor();
    await panel.screenshot({ path: path.join(SCREENSHOTS, 'sidepanel.png'), fullPage: true });
    const trust = await detail.getAttribute('data-trust');
    await panel.close();
    expect(trust).toBe('invalid');
  });
});

describe('context menu "Verify content credentials"', () => {
  it('fetches the media itself and adds its verdict to the tab list', async () => {
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('extension/options/options.html'));
    const url = `${h.server.url}media/untrusted.jpg?from=menu`;
    // The same background handler the menu item calls (media.verifyUrl), reached through the contract.
    const item = await page.evaluate(
      ([src, id]) => chrome.runtime.sendMessage({ type: 'verify-url', url: src, kind: 'image', tabId: id }),
      [url, tabId] as const,
    );
    await page.close();
    expect(item).toMatchObject({
      ok: true,
      value: { src: url, state: 'done', verdict: { trust: 'untrusted', origin: 'human-capture' } },
    });
  });
});

describe('inspect page', () => {
  it('verifies a chosen local file', async () => {
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(h.extensionUrl('extension/inspect/inspect.html'));
    await page.setInputFiles('[data-testid="file-input"]', h.fixtures.path('ai-generated.jpg'));
    const listed = await listedItems(page, 1);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inspect.png'), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    await page.close();
    expect({ listed, violations: axe.violations.map((v) => v.id) }).toEqual({
      listed: [{ src: 'ai-generated.jpg', trust: 'verified', origin: 'ai-generated' }],
      violations: [],
    });
  });
});

describe('options page', () => {
  it('shows the seeded trust lists and passes an axe-core check', async () => {
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto(h.extensionUrl('extension/options/options.html'));
    await page.click('[data-testid="advanced"] > summary');
    await page.waitForSelector('text=C2PA trust list');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'options.png'), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    await page.close();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  });
});
