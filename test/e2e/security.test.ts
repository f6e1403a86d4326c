// A public web page tries to use the extension to reach what it cannot: the user's local network and local
// files. The extension lists such media but never fetches it on the page's behalf.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, listedItems, startHarness } from './support.ts';

let h: Harness;
let canary: Server;
let canaryUrl: string;
const canaryRequests: string[] = [];
let page: Page;

beforeAll(async () => {
  canary = createServer((request, response) => {
    canaryRequests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'video/mp4' });
    response.end('secret admin data');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  h = await startHarness('security');
  // A page on a public origin (served by the test, never the network).
  await h.context.route('https://public.example/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>public</title>
        <video preload="none" width="320" height="180"><source src="${canaryUrl}/admin.mp4" type="video/mp4"></video>
        <object data="file:///etc/hostname" type="image/png" width="100" height="100"></object>`,
    }),
  );
  page = await h.context.newPage();
  await page.goto('https://public.example/page.html');
}, 180_000);

afterAll(async () => {
  await h?.close();
  canary?.closeAllConnections();
  await new Promise((resolve) => canary?.close(resolve));
});

describe('a public page pointing the extension at internal addresses', () => {
  it('lists the media as not checked, with the reason, and never fetches it', async () => {
    const tabId = await h.tabIdOf(page);
    const popup = await h.context.newPage();
    await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
    const items = await listedItems(popup, 2);
    await popup.close();
    expect(items.map((item) => [item.src, item.trust]).sort()).toEqual(
      [
        [`${canaryUrl}/admin.mp4`, 'error'],
        ['file:///etc/hostname', 'error'],
      ].sort(),
    );
    expect(canaryRequests).toEqual([]);
  });

  it('tells why in the verdict the background keeps', async () => {
    const tabId = await h.tabIdOf(page);
    // Read the list as an extension page does (the authoritative view).
    const viewer = await h.context.newPage();
    await viewer.goto(h.extensionUrl('extension/options/options.html'));
    const listed = await viewer.evaluate(async (id: number) => {
      const reply = (await chrome.runtime.sendMessage({ type: 'tab-media', tabId: id })) as {
        value: { src: string; verdict?: { message?: string } }[];
      };
      return reply.value.map((item) => [item.src, item.verdict?.message ?? '']);
    }, tabId);
    await viewer.close();
    expect(listed.sort()).toEqual(
      [
        [
          `${canaryUrl}/admin.mp4`,
          'Not checked automatically: 127.0.0.1 is a local or private network address and the page is not. Right-click it and choose Verify to check it anyway.',
        ],
        [
          'file:///etc/hostname',
          'Not checked automatically: a web page may not make the extension read local files. Right-click it and choose Verify to check it anyway.',
        ],
      ].sort(),
    );
    expect(canaryRequests).toEqual([]);
  });
});
