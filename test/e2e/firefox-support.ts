// Debian's Firefox ESR driven over WebDriver BiDi (puppeteer-core, never a downloaded browser), with the
// Firefox build of the extension installed and its moz-extension host fixed by a pref.
//
// BiDi refuses to navigate a tab to a moz-extension:// URL, and a web page may not either. The harness
// opens extension pages the way Firefox's own UI does: Firefox runs with --remote-allow-system-access,
// and a script in the browser window's chrome scope adds a tab with the system principal. The pages
// themselves are the unmodified build; only how a tab reaches them differs from a click on the toolbar.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';
import { build } from 'vite';
import { devTrustLists, writeDevTrust } from '../../demo/dev-trust.ts';
import { ensureFixtures, type GeneratedFixtures } from '../../demo/media/generate.ts';
import { type DemoServer, startDemoServer } from '../../demo/server.ts';
import { type ListedItem, ROOT, SCREENSHOTS, SHARED } from './support.ts';

export const FIREFOX = '/usr/bin/firefox-esr';
const GECKO_ID = 'provenance-lens@provenance-lens.org';
/** A fixed moz-extension host, so extension URLs are known before install. */
const EXTENSION_UUID = '7d0f3e52-5c1a-4b8e-9f26-1a3c5e7b9d40';

export interface FirefoxHarness {
  browser: Browser;
  server: DemoServer;
  fixtures: GeneratedFixtures;
  /** moz-extension://<uuid>/<path> */
  extensionUrl(pathInExtension: string): string;
  /** A new tab showing an extension page (see the note at the top of this file). */
  openExtensionPage(pathInExtension: string): Promise<Page>;
  /** A new tab showing a web page. */
  openWebPage(url: string): Promise<Page>;
  /** The WebExtension tab id of the tab showing `url`, as the extension's own pages see it. */
  tabIdOf(url: string): Promise<number>;
  close(): Promise<void>;
}

/** Raw BiDi commands; puppeteer's Firefox browser has the connection but does not type it publicly. */
function bidi(browser: Browser): { send(method: string, params: object): Promise<unknown> } {
  return (browser as unknown as { connection: { send(method: string, params: object): Promise<unknown> } })
    .connection;
}

async function buildFirefox(name: string, fixtures: GeneratedFixtures): Promise<string> {
  const outDir = path.join(ROOT, 'test-results/e2e-build', name, 'firefox');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    mode: 'firefox',
    logLevel: 'error',
    build: { outDir },
  });
  writeDevTrust(outDir, devTrustLists(fixtures.testAnchorPem));
  return outDir;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export async function startFirefoxHarness(name: string): Promise<FirefoxHarness> {
  const fixtures = await ensureFixtures();
  const extensionDir = await buildFirefox(name, fixtures);
  const server = await startDemoServer({ mediaDir: fixtures.dir, corpusDir: path.join(SHARED, 'corpus') });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    protocol: 'webDriverBiDi',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  try {
    const installed = await browser.installExtension(extensionDir);
    if (installed !== GECKO_ID) throw new Error(`Firefox installed ${installed}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    await server.close();
    throw error;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const extensionUrl = (p: string) => `moz-extension://${EXTENSION_UUID}/${p}`;

  const chromeWindow = async (): Promise<string> => {
    const tree = (await bidi(browser).send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as {
      result: { contexts: { context: string }[] };
    };
    const context = tree.result.contexts[0]?.context;
    if (!context) throw new Error('Firefox shows no browser window');
    return context;
  };

  const nextPage = async (open: () => Promise<void>): Promise<Page> => {
    const created = new Promise<Target>((resolve) => browser.once('targetcreated', resolve));
    await open();
    const page = await (await created).page();
    if (!page) throw new Error('The new tab has no page');
    return page;
  };

  const openExtensionPage = async (p: string): Promise<Page> => {
    const url = extensionUrl(p);
    const context = await chromeWindow();
    const page = await nextPage(async () => {
      await bidi(browser).send('script.evaluate', {
        expression: `gBrowser.selectedTab = gBrowser.addTab(${JSON.stringify(url)}, {
          triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
        }); true`,
        target: { context },
        awaitPromise: false,
      });
    });
    await until(`${p} to load`, () =>
      page
        .evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete')
        .then((ready) => (ready ? true : undefined)),
    );
    return page;
  };

  return {
    browser,
    server,
    fixtures,
    extensionUrl,
    openExtensionPage,
    async openWebPage(url) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    async tabIdOf(url) {
      const page = await openExtensionPage('extension/options/options.html');
      try {
        return await until(`a tab showing ${url}`, () =>
          page.evaluate(async (wanted: string) => {
            const api = (globalThis as unknown as { browser: typeof chrome }).browser;
            return (await api.tabs.query({})).find((tab) => tab.url === wanted)?.id;
          }, url),
        );
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** The items a popup/inspect page lists, once none is still being checked (as listedItems in support.ts). */
export async function firefoxListedItems(
  page: Page,
  expected: number,
  timeoutMs = 90_000,
): Promise<ListedItem[]> {
  return until(
    `${expected} checked items`,
    () =>
      page.evaluate((count: number) => {
        const items = [...document.querySelectorAll('[data-testid="media-item"]')];
        if (items.length < count || items.some((el) => el.getAttribute('data-trust') === 'checking'))
          return undefined;
        return items.map((el) => ({
          src: el.getAttribute('data-src') ?? '',
          trust: el.getAttribute('data-trust') ?? '',
          origin: el.getAttribute('data-origin') ?? '',
        }));
      }, expected),
    timeoutMs,
  );
}
