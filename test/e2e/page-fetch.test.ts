// How the extension downloads a page's media, in Chromium: cookies go along only to the tab page's own
// site, a public address that redirects into the local network is not used, a HEIC image the browser
// cannot draw is still listed and verified, and a link to a media file can be verified. Media the extension
// downloads itself is checked from the start of the page's own download, and still downloaded once.
// Two public-looking sites (site-a.test, site-b.test) resolve to one local server (--host-resolver-rules).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedMediaKind } from '../../extension/background/linked-media.ts';
import { type Harness, listedItems, SCREENSHOTS, startHarness } from './support.ts';

let h: Harness;
let sites: Server;
let port: number;
let local: Server;
let localUrl: string;
/** Requests the extension made (not the page): host, path and whether a cookie came along. */
const extensionRequests: { host: string; path: string; cookie: boolean }[] = [];
const localHits: string[] = [];
/** Every request for a media path, the page's own included. */
const allRequests: string[] = [];

async function openPopup(page: Page): Promise<Page> {
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${await h.tabIdOf(page)}`));
  return popup;
}

beforeAll(async () => {
  local = createServer((req, res) => {
    localHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }).end('secret');
  });
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  localUrl = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;

  let photo = Buffer.alloc(0);
  let plain = Buffer.alloc(0);
  sites = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0] ?? '';
    const url = req.url ?? '/';
    allRequests.push(url);
    // The page's <img> asks for images; the extension's fetch() accepts anything.
    if (!(req.headers.accept ?? '').startsWith('image/')) {
      extensionRequests.push({ host, path: url, cookie: /session=/.test(req.headers.cookie ?? '') });
    }
    if (url === '/page.html') {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(
        `<!doctype html><title>Site A</title>
<img src="http://site-a.test:${port}/own.jpg" alt="own">
<img src="http://site-b.test:${port}/other.jpg" alt="other">
<img src="http://site-a.test:${port}/moved.jpg" alt="moved">`,
      );
    }
    if (url === '/cached.html') {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(
        `<!doctype html><title>Cached</title>
<img src="/cached/photo.jpg" alt="signed"><img src="/cached/plain.jpg" alt="plain">
<img src="/nostore/plain.jpg" alt="plain, not cacheable">`,
      );
    }
    if (url.startsWith('/cached/') || url.startsWith('/nostore/')) {
      const cache = url.startsWith('/cached/') ? 'max-age=3600' : 'no-store';
      const body = url.endsWith('photo.jpg') ? photo : plain;
      return void res
        .writeHead(200, {
          'content-type': 'image/jpeg',
          'cache-control': cache,
          'content-length': body.length,
        })
        .end(body);
    }
    if (url === '/moved.jpg') return void res.writeHead(302, { location: `${localUrl}/secret.jpg` }).end();
    if (url === '/own.jpg' || url === '/other.jpg') {
      return void res
        .writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' })
        .end(photo);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
  port = (sites.address() as AddressInfo).port;
  h = await startHarness('page-fetch', {
    chromiumArgs: [`--host-resolver-rules=MAP site-a.test 127.0.0.1, MAP site-b.test 127.0.0.1`],
  });
  photo = Buffer.from(readFileSync(h.fixtures.path('human-capture.jpg')));
  plain = Buffer.from(readFileSync(h.fixtures.path('plain.jpg')));
  await h.context.addCookies([
    { name: 'session', value: 'a', domain: 'site-a.test', path: '/' },
    { name: 'session', value: 'b', domain: 'site-b.test', path: '/' },
  ]);
}, 300_000);

afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => (sites ? sites.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (local ? local.close(() => resolve()) : resolve()));
});

describe('downloading page media', () => {
  it('sends cookies only to the tab page’s own site, and refuses a redirect into the local network', async () => {
    const page = await h.context.newPage();
    await page.goto(`http://site-a.test:${port}/page.html`);
    const popup = await openPopup(page);
    const items = await listedItems(popup, 3);
    expect(items.map((item) => [new URL(item.src).pathname, item.trust]).sort()).toEqual([
      ['/moved.jpg', 'error'],
      ['/other.jpg', 'verified'],
      ['/own.jpg', 'verified'],
    ]);
    const byPath = (p: string) => extensionRequests.filter((r) => r.path === p);
    // Checked from the start of the page's own download (no-store, and another site): once each all the same.
    expect(byPath('/own.jpg')).toEqual([{ host: 'site-a.test', path: '/own.jpg', cookie: true }]);
    expect(byPath('/other.jpg')).toEqual([{ host: 'site-b.test', path: '/other.jpg', cookie: false }]);
    // The redirect target is never verified: the item says why.
    await popup.locator('[data-src*="moved.jpg"] button').first().click();
    await expect
      .poll(() => popup.locator('main').textContent())
      .toContain(
        `it redirects to ${localUrl}/secret.jpg, and 127.0.0.1 is a local or private network address`,
      );
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'page-fetch-redirect.png') });
  });

  it('reads media the page downloaded from its cache: one download per medium, none for a plain file', async () => {
    const page = await h.context.newPage();
    // site-b: site-a's media was served no-store above, so the extension no longer waits for its copies.
    await page.goto(`http://site-b.test:${port}/cached.html`);
    const popup = await openPopup(page);
    const items = await listedItems(popup, 3);
    expect(items.map((item) => [new URL(item.src).pathname, item.trust, item.origin])).toEqual([
      ['/cached/photo.jpg', 'verified', 'human-capture'],
      ['/cached/plain.jpg', 'none', 'unknown'],
      ['/nostore/plain.jpg', 'none', 'unknown'],
    ]);
    const evidence = await popup.evaluate(
      async (tabId: number) => {
        const reply = (await chrome.runtime.sendMessage({ type: 'tab-media', tabId })) as {
          value: { src: string; verdict: { evidence: string[] } }[];
        };
        return reply.value.map((item) => [new URL(item.src).pathname, item.verdict.evidence[0]]);
      },
      await h.tabIdOf(page),
    );
    const plainSize = readFileSync(h.fixtures.path('plain.jpg')).length;
    expect(evidence).toEqual([
      ['/cached/photo.jpg', expect.stringMatching(/^Signed by /)],
      [
        '/cached/plain.jpg',
        expect.stringMatching(
          new RegExp(
            `^Only the file's headers were read \\(\\d+ of ${plainSize} bytes, from the page's own copy\\)`,
          ),
        ),
      ],
      [
        '/nostore/plain.jpg',
        expect.stringMatching(
          new RegExp(`^Only the file's headers were read \\(\\d+ of ${plainSize} bytes\\)`),
        ),
      ],
    ]);
    // The page's own requests only, for what its cache keeps; a no-store file is downloaded again.
    const count = (p: string) => allRequests.filter((url) => url === p).length;
    expect([count('/cached/photo.jpg'), count('/cached/plain.jpg'), count('/nostore/plain.jpg')]).toEqual([
      1, 1, 2,
    ]);
  });

  it('lists and verifies a HEIC image the browser cannot draw', async () => {
    const page = await h.context.newPage();
    await page.goto(`${h.server.url}formats.html`);
    expect(await page.$eval('img', (img) => (img as HTMLImageElement).naturalWidth)).toBe(0);
    const popup = await openPopup(page);
    const items = await listedItems(popup, 1);
    expect(items).toEqual([
      {
        src: `${h.server.url}corpus/files/ts-trustnxt-icon-signed-v2-bmff.heic`,
        trust: 'untrusted',
        origin: 'unknown',
      },
    ]);
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'heic-listed.png') });
  });

  it('verifies the media a link points to, as the "Verify linked media" item does', async () => {
    const page = await h.context.newPage();
    await page.goto(`${h.server.url}formats.html`);
    const link = await page.$eval('#heic-link', (a) => (a as HTMLAnchorElement).href);
    expect(linkedMediaKind(link)).toBe('image');
    expect(linkedMediaKind(`${h.server.url}formats.html`)).toBeUndefined();
    const options = await h.context.newPage();
    await options.goto(h.extensionUrl('extension/options/options.html'));
    const trust = await options.evaluate(async (address: string) => {
      const reply = (await chrome.runtime.sendMessage({
        type: 'verify-url',
        url: address,
        kind: 'image',
      })) as {
        value: { verdict: { trust: string; mediaType: string } };
      };
      return [reply.value.verdict.trust, reply.value.verdict.mediaType];
    }, link);
    expect(trust).toEqual(['untrusted', 'image/heic']);
  });
});
