// `npm start`: builds both targets, starts the local registry chain, signs the demo media, serves the demo
// pages on localhost, seeds the built extension for development, and opens Chromium with the extension
// loaded (or says how to load it by hand). Needs Node alone: anvil and ffmpeg come from npm packages, and
// a missing Chromium is one printed line. When a step fails, what was already started is stopped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devTrustLists, writeDevTrust } from '../demo/dev-trust.ts';
import { ensureFixtures } from '../demo/media/generate.ts';
import { startDemoServer } from '../demo/server.ts';
import { buildExtension, demoDir, TARGETS } from './build.ts';
import { CHROMIUM_FLAGS, findChromium, INSTALL_CHROMIUM } from './find-browser.ts';

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '../shared');
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 8787);

interface Registry {
  rpcUrl: string;
  address: string;
  chainId: number;
  /** Where the chain's demo files are (served on the demo page). */
  demoDir: string;
  stop(): Promise<void>;
}

/** What has been started so far, stopped in reverse order on failure, Ctrl+C or the browser closing. */
const running: { name: string; stop: () => Promise<void> }[] = [];
let stopping: Promise<void> | undefined;

function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const part of running.reverse()) {
      try {
        await part.stop();
      } catch (error) {
        console.error(`Could not stop the ${part.name}: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return stopping;
}

async function startRegistry(): Promise<Registry | undefined> {
  try {
    const { startLocalRegistry } = await import('../src/registry/node-chain.ts');
    const started = await startLocalRegistry({ projectDir: root, seed: true });
    running.push({ name: 'local chain', stop: () => started.chain.stop() });
    console.log(`Local chain: ${started.chain.rpcUrl} (anvil pid ${started.chain.process.pid})`);
    return {
      rpcUrl: started.chain.rpcUrl,
      address: started.deployment.address,
      chainId: started.chain.chainId,
      demoDir: started.demo ? path.dirname(started.demo.photoCopy) : path.join(root, '.provlens/demo'),
      stop: () => started.chain.stop(),
    };
  } catch (error) {
    console.warn(
      `The local registry chain did not start (${error instanceof Error ? error.message : error}); continuing without it.`,
    );
    return undefined;
  }
}

async function openChromium(chromium: string, url: string): Promise<void> {
  const { chromium: playwright } = await import('playwright-core');
  const extensionDir = demoDir('chrome');
  const context = await playwright.launchPersistentContext(
    mkdtempSync(path.join(tmpdir(), 'provlens-start-')),
    {
      executablePath: chromium,
      headless: false,
      viewport: null,
      args: [
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        ...CHROMIUM_FLAGS,
      ],
    },
  );
  running.push({ name: 'browser', stop: () => context.close() });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  context.on('close', () => void stopAll().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  // The demo trusts the project's test authority and funds on the local chain: never in dist/chrome or dist/firefox.
  await buildExtension(TARGETS, demoDir);
  const registry = await startRegistry();
  const fixtures = await ensureFixtures();
  const server = await startDemoServer({
    mediaDir: fixtures.dir,
    corpusDir: path.join(shared, 'corpus'),
    port: DEMO_PORT,
    ...(registry ? { registryDir: registry.demoDir } : {}),
  });
  running.push({ name: 'demo server', stop: () => server.close() });
  for (const target of TARGETS) {
    writeDevTrust(
      demoDir(target),
      devTrustLists(fixtures.testAnchorPem),
      // `local`: the extension funds its own registration account on this chain (anvil_setBalance).
      registry
        ? { rpcUrl: registry.rpcUrl, address: registry.address, chainId: registry.chainId, local: true }
        : undefined,
    );
  }

  console.log(`\nDemo served: ${server.url}`);
  if (server.corpusUrl) console.log(`Corpus page: ${server.corpusUrl}`);
  if (registry)
    console.log(`Registry:    ${registry.address} on ${registry.rpcUrl} (chain ${registry.chainId})`);
  const chromium = findChromium();
  if (!chromium)
    console.log(`\nChromium is not installed, so no browser opens (${INSTALL_CHROMIUM} adds it).`);
  if (process.env.DISPLAY && chromium) {
    await openChromium(chromium, server.url);
    console.log('\nChromium is open with the extension loaded. Close it (or press Ctrl+C) to stop.');
    return;
  }
  console.log(`
Load the extension by hand:
  Chrome/Chromium: open chrome://extensions, turn on "Developer mode", "Load unpacked", choose
                   ${demoDir('chrome')}
  Firefox:         open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…", choose
                   ${path.join(demoDir('firefox'), 'manifest.json')}
                   (or run: npx web-ext run --source-dir dist/demo-firefox)
Then open ${server.url} and click the toolbar button. Press Ctrl+C to stop.`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(
    signal,
    () =>
      void stopAll().then(() => {
        console.log('Stopped.');
        process.exit(0);
      }),
  );
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  if (running.length > 0)
    console.error(`Stopping what had started: ${running.map((p) => p.name).join(', ')}.`);
  await stopAll();
  process.exit(1);
});
