// The "Fetch remote manifests" setting in Chromium: a JPEG whose only credential is an XMP link to a
// remote manifest (served here at manifests.test, resolved to a local server) says the credential was not
// fetched while the setting is off, and is verified from the remote manifest once it is on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteManifestFixture } from '../../demo/media/remote-manifest.ts';
import type { MediaItem } from '../../extension/platform/model.ts';
import { type Harness, listedItems, SCREENSHOTS, startHarness } from './support.ts';

const MANIFEST_URL = 'http://manifests.test/remote-manifest.c2pa';
let h: Harness;
let server: Server;
let manifestHits = 0;
let options: Page;

async function tabItems(page: Page): Promise<MediaItem[]> {
  const tabId = await h.tabIdOf(page);
  return options.evaluate(async (id: number) => {
    const reply = (await chrome.runtime.sendMessage({ type: 'tab-media', tabId: id })) as {
      value: MediaItem[];
    };
    return reply.value;
  }, tabId);
}

async function visit(query: string): Promise<{ page: Page; trust: string; evidence: string[] }> {
  const page = await h.context.newPage();
  await page.goto(`http://site.test/remote.html?${query}`);
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${await h.tabIdOf(page)}`));
  const [item] = await listedItems(popup, 1);
  await popup.screenshot({ path: path.join(SCREENSHOTS, `remote-manifest-${query}.png`) });
  const verdict = (await tabItems(page))[0]?.verdict;
  return { page, trust: item?.trust ?? '', evidence: verdict?.evidence ?? [] };
}

beforeAll(async () => {
  const fixture = await remoteManifestFixture(MANIFEST_URL);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/remote.html') {
      return void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><title>Remote</title><img src="/remote-manifest.jpg${url.search}" alt="photo">`);
    }
    if (url.pathname === '/remote-manifest.jpg')
      return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(fixture.asset);
    if (url.pathname === '/remote-manifest.c2pa') {
      manifestHits++;
      return void res.writeHead(200, { 'content-type': 'application/c2pa' }).end(fixture.manifest);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  h = await startHarness('remote-manifest', {
    chromiumArgs: [
      `--host-resolver-rules=MAP manifests.test 127.0.0.1:${port}, MAP site.test 127.0.0.1:${port}`,
    ],
  });
  options = await h.context.newPage();
  await options.goto(h.extensionUrl('extension/options/options.html'));
}, 300_000);

afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('remote manifests', () => {
  it('with the setting off, says the file points to a remote credential that was not fetched', async () => {
    const { trust, evidence } = await visit('off');
    expect(trust).toBe('none');
    expect(evidence).toContain(
      `The file points to a remote credential at ${MANIFEST_URL}; it was not fetched because remote manifests are off (turn them on to check it).`,
    );
    expect(manifestHits).toBe(0);
  });

  it('with the setting on, verifies the file from its remote manifest', async () => {
    await options.evaluate(async () => {
      await chrome.runtime.sendMessage({ type: 'settings-save', patch: { remoteManifests: true } });
    });
    const { trust } = await visit('on');
    expect(trust).toBe('verified');
    expect(manifestHits).toBe(1);
  });
});
