// Faults in a running extension: media that hang or kill the wasm worker among good media, and storage that
// runs out of quota. No verdict is lost.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../demo/media/generate.ts';
import { type Harness, type ListedItem, listedItems, startHarness } from './support.ts';

let h: Harness;
let page: Page;
let tabId: number;
let cdp: CDPSession;
let faultServer: Server;
let faultUrl: string;

const media = (path: string) => `${h.server.url}${path}`;

/**
 * Good media around files that kill or hang the verifier worker (fault injection compiled into this test
 * build), and two corpus files that hang or crash the wasm but carry no manifest (the sniff keeps them
 * away from the wasm: honest "none").
 */
function faultsPage(): string {
  return `<!doctype html><title>faults</title>
    <img src="/media/human-capture.jpg" width="160" height="120">
    <img src="${faultUrl}/crash.jpg" width="160" height="120">
    <img src="${faultUrl}/hang.jpg" width="160" height="120">
    <img src="/corpus/files/rs-tiff_poc.tiff" width="160" height="120">
    <audio controls src="/corpus/files/rs-id3v23_compression_underflow.mp3"></audio>
    <img src="/media/plain.jpg" width="160" height="120">
    <img src="/media/ai-generated.jpg" width="160" height="120">
    <script>
      window.addImage = (src) => {
        const img = document.createElement('img');
        img.width = 160; img.height = 120; img.src = src;
        document.body.append(img);
      };
    </script>`;
}

async function popupItems(expected: number): Promise<ListedItem[]> {
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
  const items = await listedItems(popup, expected, 90_000);
  await popup.close();
  return items.sort((a, b) => a.src.localeCompare(b.src));
}

const EXPECTED_FIRST = () =>
  [
    { src: `${faultUrl}/crash.jpg`, trust: 'error', origin: 'unknown' },
    { src: `${faultUrl}/hang.jpg`, trust: 'error', origin: 'unknown' },
    { src: media('corpus/files/rs-id3v23_compression_underflow.mp3'), trust: 'none', origin: 'unknown' },
    { src: media('corpus/files/rs-tiff_poc.tiff'), trust: 'none', origin: 'unknown' },
    { src: media('media/ai-generated.jpg'), trust: 'verified', origin: 'ai-generated' },
    { src: media('media/human-capture.jpg'), trust: 'verified', origin: 'human-capture' },
    { src: media('media/plain.jpg'), trust: 'none', origin: 'unknown' },
  ].sort((a, b) => a.src.localeCompare(b.src));

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  const signed = fixtures.read('human-capture.jpg');
  const withMarker = (marker: string) => Buffer.concat([signed, Buffer.from(`PROVLENS-FAULT:${marker}`)]);
  const files: Record<string, Buffer> = {
    '/crash.jpg': withMarker('crash'),
    '/hang.jpg': withMarker('hang'),
  };
  faultServer = createServer((request, response) => {
    const body = files[request.url ?? ''];
    response.writeHead(body ? 200 : 404, { 'content-type': 'image/jpeg' });
    response.end(body);
  });
  await new Promise<void>((resolve) => faultServer.listen(0, '127.0.0.1', resolve));
  faultUrl = `http://127.0.0.1:${(faultServer.address() as AddressInfo).port}`;
  process.env.VITE_PROVLENS_FAULTS = '1'; // compiles the fault hooks into this test's build only
  h = await startHarness('faults');
  delete process.env.VITE_PROVLENS_FAULTS;
  await h.context.route(`${h.server.url}faults.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: faultsPage() }),
  );
  page = await h.context.newPage();
  await page.goto(`${h.server.url}faults.html`);
  tabId = await h.tabIdOf(page);
  cdp = await h.context.newCDPSession(page);
}, 180_000);

afterAll(async () => {
  await h?.close();
  faultServer?.closeAllConnections();
  await new Promise((resolve) => faultServer?.close(resolve));
});

describe('verifier worker faults mid-page', () => {
  it('a hanging and a crashing file among good ones: every item gets its verdict', async () => {
    expect(await popupItems(7)).toEqual(EXPECTED_FIRST());
  }, 120_000);

  it('says why the files that broke the worker could not be read', async () => {
    const viewer = await h.context.newPage();
    await viewer.goto(h.extensionUrl('extension/options/options.html'));
    const messages = await viewer.evaluate(async (id: number) => {
      const reply = (await chrome.runtime.sendMessage({ type: 'tab-media', tabId: id })) as {
        value: { src: string; verdict?: { trust: string; message?: string } }[];
      };
      return reply.value
        .filter((item) => item.verdict?.trust === 'error')
        .map((item) => [item.src.replace(/^.*\//, ''), item.verdict?.message ?? ''])
        .sort();
    }, tabId);
    await viewer.close();
    expect(messages).toEqual([
      [
        'crash.jpg',
        'The verifier crashed reading this file (Uncaught Error: injected worker crash); it is malformed or hostile. Other files are not affected.',
      ],
      [
        'hang.jpg',
        'Verification took longer than 20 s and was stopped. The file may be malformed or hostile.',
      ],
    ]);
  });
});

describe('storage out of quota', () => {
  it('new media are still verified when the verdict cache cannot grow', async () => {
    const origin = `chrome-extension://${h.extensionId}`;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    try {
      await page.evaluate(() =>
        (window as unknown as { addImage(src: string): void }).addImage('/media/composite.jpg'),
      );
      const items = await popupItems(8);
      expect(items.find((item) => item.src === media('media/composite.jpg'))?.trust).toBe('verified');
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    }
  }, 120_000);
});
