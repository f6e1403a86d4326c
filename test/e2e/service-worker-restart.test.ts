// The service worker is stopped between messages (as Chrome does to idle workers): the tab's media list is
// recovered from storage when it starts again, and it keeps taking reports.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, listedItems, startHarness } from './support.ts';

let h: Harness;
let page: Page;
let tabId: number;

beforeAll(async () => {
  h = await startHarness('sw-restart');
  page = await h.context.newPage();
  await page.goto(`${h.server.url}`);
  tabId = await h.tabIdOf(page);
}, 180_000);

afterAll(async () => {
  await h?.close();
});

async function popupItems(expected: number) {
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
  const items = await listedItems(popup, expected, 90_000);
  await popup.close();
  return items.map((i) => `${i.src} ${i.trust} ${i.origin}`).sort();
}

describe('service worker stopped between messages', () => {
  it('comes back with the tab’s media list and keeps taking reports', async () => {
    const before = await popupItems(16);
    // Let the batched save of the tab's list land, then stop the worker the way Chrome stops idle ones.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cdp = await h.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const worker = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${h.extensionId}/`),
    );
    expect(worker).toBeDefined();
    await h.background.evaluate(() => {
      (globalThis as { restartMarker?: number }).restartMarker = 1;
    });
    await cdp.send('Target.closeTarget', { targetId: worker!.targetId });
    await expect
      .poll(
        async () => {
          const { targetInfos: now } = (await cdp.send('Target.getTargets')) as {
            targetInfos: { targetId: string }[];
          };
          return now.some((t) => t.targetId === worker!.targetId);
        },
        { timeout: 15_000 },
      )
      .toBe(false);
    // Opening the popup wakes the worker, which must answer from what it saved.
    expect(await popupItems(16)).toEqual(before);
    // A new worker instance answered: the state came from storage, not from memory.
    const workers = h.context.serviceWorkers().filter((w) => w.url().includes(h.extensionId));
    const markers = await Promise.all(
      workers.map((w) =>
        w.evaluate(() => (globalThis as { restartMarker?: number }).restartMarker ?? 0).catch(() => -1),
      ),
    );
    expect(markers).toContain(0);
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.width = 160;
      img.height = 120;
      img.src = '/media/plain.jpg?after-restart=1';
      document.body.append(img);
    });
    const after = await popupItems(17);
    expect(after.filter((line) => line.includes('after-restart=1'))).toEqual([
      `${h.server.url}media/plain.jpg?after-restart=1 none unknown`,
    ]);
  }, 240_000);
});
