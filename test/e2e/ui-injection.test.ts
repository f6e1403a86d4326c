// A page that asks extensions not to draw on it (<meta name="CR-allow-UI-injection" content="false">)
// gets no on-page badges, while its popup still lists every item; the same page without the tag gets them.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../demo/media/generate.ts';
import { type Harness, type ListedItem, listedItems, SCREENSHOTS, startHarness } from './support.ts';

const MEDIA = ['human-capture.jpg', 'ai-generated.jpg', 'tampered-pixels.jpg'] as const;

let h: Harness;

function pageWith(meta: string): string {
  const images = MEDIA.map((file) => `<img src="/media/${file}" width="240" height="160" alt="${file}">`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${meta}<title>Credentials shown by the site</title></head><body>${images.join('')}</body></html>`;
}

/** Serves a page of the demo media under the demo server's origin, so its media URLs are the usual ones. */
async function openServed(name: string, html: string): Promise<{ page: Page; items: ListedItem[] }> {
  const url = `${h.server.url}${name}`;
  await h.context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  const page = await h.context.newPage();
  await page.goto(url);
  const tabId = await h.tabIdOf(page);
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
  const items = await listedItems(popup, MEDIA.length);
  await popup.close();
  return { page, items };
}

const overlayPresent = (page: Page) =>
  page.evaluate(() => document.querySelector('provenance-lens-overlay') !== null);

beforeAll(async () => {
  h = await startHarness('ui-injection');
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe('CR-allow-UI-injection', () => {
  it('draws no badge on a page that declines them, and the popup still lists every item', async () => {
    const declined = await openServed(
      'declines-badges.html',
      pageWith('<meta name="CR-allow-UI-injection" content="false">'),
    );
    // The same media on a page without the tag: its badges show that hints were sent and drawn.
    const control = await openServed('allows-badges.html', pageWith(''));
    await control.page.waitForSelector('provenance-lens-overlay', { state: 'attached', timeout: 30_000 });
    await declined.page.screenshot({ path: path.join(SCREENSHOTS, 'declines-badges.png') });
    const shown = (items: ListedItem[]) =>
      items
        .map(({ src, trust, origin }) => ({ file: src.split('/').pop(), trust, origin }))
        .sort((a, b) => MEDIA.indexOf(a.file as never) - MEDIA.indexOf(b.file as never));
    const expected = MEDIA.map((file) => ({
      file,
      trust: FIXTURES[file].trust,
      origin: FIXTURES[file].origin,
    }));
    expect({
      declined: { overlay: await overlayPresent(declined.page), items: shown(declined.items) },
      control: { overlay: await overlayPresent(control.page), items: shown(control.items) },
    }).toEqual({
      declined: { overlay: false, items: expected },
      control: { overlay: true, items: expected },
    });
  }, 120_000);
});
