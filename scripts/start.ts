// `npm start`: builds both targets, starts the local registry chain (when the project has one), signs the
// demo media, serves the demo pages on localhost, seeds the built extension's trust lists for development,
// and opens Chromium with the extension loaded (or says how to load it by hand).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devTrustLists, writeDevTrust } from '../demo/dev-trust.ts';
import { ensureFixtures } from '../demo/media/generate.ts';
import { startDemoServer } from '../demo/server.ts';
import { buildExtension, TARGETS } from './build.ts';

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

async function startRegistry(): Promise<Registry | undefined> {
  const chainModule = path.join(root, 'src/registry/node-chain.ts');
  if (!existsSync(chainModule)) return undefined;
  try {
    const { startLocalRegistry } = (await import(
      chainModule
    )) as typeof import('../src/registry/node-chain.ts');
    const running = await startLocalRegistry({ projectDir: root, seed: true });
    return {
      rpcUrl: running.chain.rpcUrl,
      address: running.deployment.address,
      chainId: running.chain.chainId,
      demoDir: running.demo ? path.dirname(running.demo.photoCopy) : path.join(root, '.provlens/demo'),
      stop: () => running.chain.stop(),
    };
  } catch (error) {
    console.warn(
      `The local registry chain did not start (${error instanceof Error ? error.message : error}); continuing without it.`,
    );
    return undefined;
  }
}

async function main(): Promise<void> {
  await buildExtension();
  const registry = await startRegistry();
  const fixtures = await ensureFixtures();
  const server = await startDemoServer({
    mediaDir: fixtures.dir,
    corpusDir: path.join(shared, 'corpus'),
    port: DEMO_PORT,
    ...(registry ? { registryDir: registry.demoDir } : {}),
  });
  const lists = devTrustLists(
    existsSync(path.join(shared, 'trust')) ? path.join(shared, 'trust') : undefined,
    fixtures.testAnchorPem,
  );
  for (const target of TARGETS) {
    writeDevTrust(
      path.join(root, 'dist', target),
      lists,
      // `local`: the extension funds its own registration account on this chain (anvil_setBalance).
      registry
        ? { rpcUrl: registry.rpcUrl, address: registry.address, chainId: registry.chainId, local: true }
        : undefined,
    );
  }

  console.log(`\nDemo page:   ${server.url}`);
  if (server.corpusUrl) console.log(`Corpus page: ${server.corpusUrl}`);
  if (registry)
    console.log(`Registry:    ${registry.address} on ${registry.rpcUrl} (chain ${registry.chainId})`);

  const stop = async () => {
    await server.close();
    await registry?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  if (process.env.DISPLAY && existsSync('/usr/bin/chromium')) {
    const { chromium } = await import('playwright-core');
    const extensionDir = path.join(root, 'dist/chrome');
    const context = await chromium.launchPersistentContext(
      mkdtempSync(path.join(tmpdir(), 'provlens-start-')),
      {
        executablePath: '/usr/bin/chromium',
        headless: false,
        viewport: null,
        args: [
          `--disable-extensions-except=${extensionDir}`,
          `--load-extension=${extensionDir}`,
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    );
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    context.on('close', () => void stop());
    console.log('\nChromium is open with the extension loaded. Close it (or press Ctrl+C) to stop.');
    return;
  }

  console.log(`
No display: load the extension by hand.
  Chrome/Chromium: open chrome://extensions, turn on "Developer mode", "Load unpacked", choose
                   ${path.join(root, 'dist/chrome')}
  Firefox:         open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…", choose
                   ${path.join(root, 'dist/firefox/manifest.json')}
                   (or run: npx web-ext run --source-dir dist/firefox)
Then open ${server.url} and click the toolbar button. Press Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
