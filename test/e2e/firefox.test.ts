// The Firefox build in Firefox ESR: the demo page's popup list with every item's exact trust and origin,
// the detail view of a credentialed audio file and of a tampered image in the sidebar page, the inspect
// page with a chosen local audio file and with a file carrying a trusted CAWG identity, and the options
// page. One browser for the whole file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../demo/media/generate.ts';
import { makeIdentityFixtures, NAMED_ACTOR } from '../sign/identity-fixtures.ts';
import { BLOB_FIXTURE, expectedItem, LISTED_COUNT, pathOf, SHOWN } from './demo-expectations.ts';
import { type FirefoxHarness, firefoxListedItems, startFirefoxHarness } from './firefox-support.ts';
import { type ListedItem, SCREENSHOTS } from './support.ts';

let h: FirefoxHarness;
let tabId: number;
let items: ListedItem[];
let web: Page;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `firefox-${name}.png`), fullPage: true });

async function detailOf(page: Page): Promise<{ trust: string | null; origin: string | null }> {
  await page.waitForSelector('[data-testid="detail-view"]', { timeout: 30_000 });
  return page.$eval('[data-testid="detail-view"]', (el) => ({
    trust: el.getAttribute('data-trust'),
    origin: el.getAttribute('data-origin'),
  }));
}

beforeAll(async () => {
  h = await startFirefoxHarness('firefox');
  web = await h.openWebPage(h.server.url);
  tabId = await h.tabIdOf(h.server.url);
  const popup = await h.openExtensionPage(`extension/popup/popup.html?tabId=${tabId}`);
  await popup.setViewport({ width: 400, height: 600 });
  items = await firefoxListedItems(popup, LISTED_COUNT);
  await shot(popup, 'popup');
  await popup.close();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('Firefox: popup on the demo page', () => {
  it.each(SHOWN)('lists %s with its exact trust and origin', (shown, fixture) => {
    const item = items.find(
      (candidate) => candidate.src.startsWith('http') && pathOf(candidate.src) === shown,
    );
    expect(item).toEqual(expectedItem(h.server.url, shown, fixture));
  });

  it('lists the blob: image with the verdict of the bytes behind it, and nothing else', () => {
    expect(
      items.filter((item) => item.src.startsWith('blob:')).map(({ trust, origin }) => ({ trust, origin })),
    ).toEqual([{ trust: FIXTURES[BLOB_FIXTURE].trust, origin: FIXTURES[BLOB_FIXTURE].origin }]);
    expect(items).toHaveLength(LISTED_COUNT);
  });
});

describe('Firefox: on-page badges', () => {
  it('draws a badge beside each medium with something to say, in a closed shadow root', async () => {
    // The demo page's badged media, as the Chromium suite lists them one by one (demo-page.test.ts).
    const BADGED = 15;
    await web.waitForFunction(
      (count: number) => document.querySelectorAll('provenance-lens-overlay').length === count,
      { timeout: 30_000 },
      BADGED,
    );
    const open = await web.$$eval('provenance-lens-overlay', (all) =>
      all.map((host) => host.shadowRoot !== null),
    );
    expect(open).toEqual(Array(BADGED).fill(false));
    await shot(web, 'demo-badges');
  });
});

describe('Firefox: detail views', () => {
  it('opens the credentialed audio file from the popup list with its verdict', async () => {
    const popup = await h.openExtensionPage(`extension/popup/popup.html?tabId=${tabId}`);
    await firefoxListedItems(popup, LISTED_COUNT);
    await popup.click('[data-testid="media-item"][data-src$="/media/audio.wav"] button');
    const shown = await detailOf(popup);
    await shot(popup, 'audio-detail');
    await popup.close();
    expect(shown).toEqual({ trust: FIXTURES['audio.wav'].trust, origin: FIXTURES['audio.wav'].origin });
  });

  it('shows a tampered image as invalid in the sidebar page', async () => {
    const popup = await h.openExtensionPage(`extension/popup/popup.html?tabId=${tabId}`);
    await firefoxListedItems(popup, LISTED_COUNT);
    const key = await popup.$eval(
      '[data-testid="media-item"][data-src$="/media/tampered-pixels.jpg"]',
      (el) => el.getAttribute('data-key') ?? '',
    );
    await popup.close();
    const panel = await h.openExtensionPage(`extension/sidepanel/sidepanel.html?key=${key}&tabId=${tabId}`);
    const shown = await detailOf(panel);
    await shot(panel, 'sidepanel');
    await panel.close();
    expect(shown).toEqual({ trust: 'invalid', origin: FIXTURES['tampered-pixels.jpg'].origin });
  });
});

describe('Firefox: inspect page', () => {
  it('verifies a chosen local audio file', async () => {
    const page = await h.openExtensionPage('extension/inspect/inspect.html');
    const input = (await page.waitForSelector(
      '[data-testid="file-input"]',
    )) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(h.fixtures.path('audio.wav'));
    const listed = await firefoxListedItems(page, 1);
    await shot(page, 'inspect');
    await page.close();
    expect(listed).toEqual([
      { src: 'audio.wav', trust: FIXTURES['audio.wav'].trust, origin: FIXTURES['audio.wav'].origin },
    ]);
  });
});

describe('Firefox: CAWG identity', () => {
  it('shows who made a chosen file, its identity signer trusted through the demo anchors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'provlens-firefox-identity-'));
    try {
      const file = path.join(dir, 'cawg-by-ana.jpg');
      writeFileSync(file, (await makeIdentityFixtures()).valid);
      const page = await h.openExtensionPage('extension/inspect/inspect.html');
      const input = (await page.waitForSelector(
        '[data-testid="file-input"]',
      )) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      await firefoxListedItems(page, 1);
      await page.click('[data-testid="media-item"] button');
      await page.waitForSelector('[data-testid="detail-identity"]', { timeout: 30_000 });
      const shown = await page.$eval('[data-testid="detail-identity"]', (el) => ({
        name: el.querySelector('[data-testid="identity-name"]')?.textContent ?? null,
        state: el.querySelector('[data-testid="identity-state"]')?.textContent ?? null,
        trust: el.querySelector('[data-testid="identity-trust"]')?.textContent ?? null,
      }));
      await shot(page, 'identity');
      await page.close();
      expect(shown).toEqual({
        name: NAMED_ACTOR,
        state: 'Identity signer trusted',
        trust: 'Chains to Your own anchors (demo CA)',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('Firefox: options page', () => {
  it('shows the seeded trust lists', async () => {
    const page = await h.openExtensionPage('extension/options/options.html');
    // The list is read the moment it shows: a background refresh may show "Loading…" again later.
    const shown = await page.waitForFunction(() => document.body.textContent?.match(/C2PA trust list/)?.[0], {
      timeout: 30_000,
    });
    const listName = await shown.jsonValue();
    await shot(page, 'options');
    await page.close();
    expect(listName).toBe('C2PA trust list');
  });
});
