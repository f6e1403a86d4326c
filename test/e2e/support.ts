// Shared set-up for the browser tests: builds the extension into a test folder, seeds its trust lists
// (../shared/trust + the fixtures' test CA), serves the demo pages, and starts Debian's Chromium with the
// extension loaded (playwright-core, never a downloaded browser).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { build } from 'vite';
import { type DevRegistry, devTrustLists, writeDevTrust } from '../../demo/dev-trust.ts';
import { ensureFixtures, type GeneratedFixtures } from '../../demo/media/generate.ts';
import { type DemoServer, startDemoServer } from '../../demo/server.ts';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/find-browser.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHARED = path.resolve(ROOT, '../shared');
export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');

export interface Harness {
  context: BrowserContext;
  extensionId: string;
  background: Worker;
  server: DemoServer;
  fixtures: GeneratedFixtures;
  /** chrome-extension://<id>/<path> */
  extensionUrl(pathInExtension: string): string;
  /** Chrome's id for the tab showing this page. */
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
}

export async function buildForTest(
  name: string,
  fixtures: GeneratedFixtures,
  registry?: DevRegistry,
): Promise<string> {
  const outDir = path.join(ROOT, 'test-results/e2e-build', name, 'chrome');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    mode: 'chrome',
    logLevel: 'error',
    build: { outDir },
  });
  writeDevTrust(outDir, devTrustLists(fixtures.testAnchorPem), registry);
  return outDir;
}

/** `registry`: a local chain the extension uses by default, and its demo files shown on the demo page. */
export async function startHarness(
  name: string,
  options: { registry?: DevRegistry; registryDir?: string; chromiumArgs?: string[] } = {},
): Promise<Harness> {
  const fixtures = await ensureFixtures();
  const extensionDir = await buildForTest(name, fixtures, options.registry);
  const server = await startDemoServer({
    mediaDir: fixtures.dir,
    corpusDir: path.join(SHARED, 'corpus'),
    ...(options.registryDir ? { registryDir: options.registryDir } : {}),
  });
  const profile = mkdtempSync(path.join(tmpdir(), 'provlens-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium() ?? 'chromium',
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...CHROMIUM_FLAGS,
      ...(options.chromiumArgs ?? []),
    ],
  });
  const background =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(background.url()).host;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    extensionId,
    background,
    server,
    fixtures,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p}`,
    async tabIdOf(page) {
      const url = page.url();
      const id = await background.evaluate(async (wanted: string) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((tab) => tab.url === wanted)?.id;
      }, url);
      if (id === undefined) throw new Error(`No tab shows ${url}`);
      return id;
    },
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ListedItem {
  src: string;
  trust: string;
  origin: string;
}

/** The items a popup/inspect page lists, once none is still being checked. */
export async function listedItems(page: Page, expected: number, timeoutMs = 60_000): Promise<ListedItem[]> {
  await page.waitForFunction(
    (count: number) => {
      const items = [...document.querySelectorAll('[data-testid="media-item"]')];
      return items.length >= count && items.every((el) => el.getAttribute('data-trust') !== 'checking');
    },
    expected,
    { timeout: timeoutMs },
  );
  return page.$$eval('[data-testid="media-item"]', (items) =>
    items.map((el) => ({
      src: el.getAttribute('data-src') ?? '',
      trust: el.getAttribute('data-trust') ?? '',
      origin: el.getAttribute('data-origin') ?? '',
    })),
  );
}

/**
 * The on-page badges as assistive technology meets them, in page order: the medium each follows (URL path,
 * "blob:", or "css:<class>" for a CSS background) and its accessible name. The shadow roots are closed, so
 * the names come from Chromium's accessibility tree.
 */
export async function pageBadges(page: Page): Promise<[string, string][]> {
  const media = await page.evaluate(() =>
    [...document.querySelectorAll('provenance-lens-overlay')].map((host) => {
      const before = host.previousElementSibling;
      if (!before) return 'nothing';
      if (before.localName === 'div') return `css:${before.className}`;
      const src = (before as HTMLImageElement).currentSrc || (before as HTMLImageElement).src || '';
      return src.startsWith('blob:') ? 'blob:' : new URL(src).pathname + new URL(src).search;
    }),
  );
  const cdp = await page.context().newCDPSession(page);
  interface DomNode {
    nodeName: string;
    backendNodeId: number;
    children?: DomNode[];
    shadowRoots?: DomNode[];
    contentDocument?: DomNode;
  }
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { backendDOMNodeId?: number; name?: { value: string } }[];
  };
  await cdp.detach();
  // Each badge's button, host by host in document order (the AX tree lists nodes in creation order).
  const buttons: number[] = [];
  const find = (node: DomNode, inBadge: boolean): void => {
    if (inBadge && node.nodeName === 'BUTTON') buttons.push(node.backendNodeId);
    const badge = inBadge || node.nodeName === 'PROVENANCE-LENS-OVERLAY';
    for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) find(child, badge);
  };
  find(root, false);
  const nameOf = new Map(nodes.map((node) => [node.backendDOMNodeId, node.name?.value ?? '']));
  const names = buttons.map((id) => (nameOf.get(id) ?? '').replace(/ Open details in Provenance Lens$/, ''));
  if (names.length !== media.length) throw new Error(`${media.length} badges but ${names.length} buttons`);
  return media.map((medium, i) => [medium, names[i] ?? '']);
}
