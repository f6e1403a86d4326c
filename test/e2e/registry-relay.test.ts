// A creator whose registration key holds nothing registers through a relay (`provlens relay`) from the
// extension: the background signs, sees no funds, and sends the signed registration to the relay in Options.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anvilDevKey,
  freePort,
  type RunningLocalRegistry,
  startLocalRegistry,
} from '../../src/registry/node-chain.ts';
import { type RunningRelay, startRelay } from '../../src/registry/node-relay.ts';
import { type Harness, SCREENSHOTS, startHarness } from './support.ts';

const PASSPHRASE = 'relay passphrase here';
let project: string;
let chain: RunningLocalRegistry;
let relay: RunningRelay;
let h: Harness;

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), 'provlens-relay-e2e-'));
  chain = await startLocalRegistry({ projectDir: project, seed: false, port: await freePort() });
  const relayer = new Wallet(anvilDevKey(9), chain.client.provider);
  relay = await startRelay({ client: chain.client.connect(relayer) });
  // Not the `npm start` chain (no `local`): the extension may not top its own account up here.
  h = await startHarness('registry-relay', {
    registry: { rpcUrl: chain.chain.rpcUrl, address: chain.deployment.address, chainId: chain.chain.chainId },
  });
}, 180_000);

afterAll(async () => {
  await h?.close();
  await relay?.close();
  await chain?.chain.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('registering without funds', () => {
  it('Options offer the known networks and a relay URL; saving the local network keeps its registry', async () => {
    const options = await h.context.newPage();
    await options.setViewportSize({ width: 900, height: 1200 });
    await options.goto(h.extensionUrl('extension/options/options.html'));
    // Network and registry settings sit under the folded "Advanced" part.
    await options.locator('[data-testid="advanced"] > summary').click();
    await options.selectOption('[data-testid="registry-network"]', 'local');
    await options.fill('[data-testid="network-rpc"]', chain.chain.rpcUrl);
    await options.fill('[data-testid="network-relay"]', relay.url);
    await options.locator('[data-testid="network-settings"]').scrollIntoViewIfNeeded();
    await snap(options, 'registry-network-options');
    // Settings save as they change: leaving the relay field saves the network with it.
    await options.press('[data-testid="network-relay"]', 'Tab');
    const saved = await options.waitForFunction(
      async () => {
        const reply = await chrome.runtime.sendMessage({ type: 'settings-get' });
        return reply?.value?.registry?.relayUrl ? reply.value.registry : undefined;
      },
      undefined,
      { timeout: 30_000, polling: 200 },
    );
    expect(await saved.jsonValue()).toEqual({
      rpcUrl: chain.chain.rpcUrl,
      address: chain.deployment.address,
      chainId: 31337,
      network: 'local',
      relayUrl: relay.url,
    });
    await options.close();
  }, 120_000);

  it('a creator with an empty account registers a page image through the relay', async () => {
    const demo = await h.context.newPage();
    await demo.goto(h.server.url);
    const tabId = await h.tabIdOf(demo);
    const src = `${h.server.url}media/plain.jpg`;
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.goto(
      h.extensionUrl(
        `extension/register/register.html?${new URLSearchParams({ src, tabId: String(tabId) })}`,
      ),
    );
    await page.fill('[data-testid="register-creator"]', 'Empty Pockets');
    await page.selectOption('[data-testid="register-how-made"]', 'camera');
    // The first registration makes the key: its passphrase is typed twice.
    await page.fill('[data-testid="register-passphrase"]', PASSPHRASE);
    await page.fill('[data-testid="register-passphrase-again"]', PASSPHRASE);
    await page.click('[data-testid="register-submit"]');
    await page.click('[data-testid="register-sign"]'); // after the public fields are shown
    await page.locator('[data-testid="register-result"]').waitFor({ timeout: 90_000 });
    await page.locator('[data-testid="register-key-address"]').waitFor();
    await snap(page, 'registry-register-relayed');
    const recordId = (await page.locator('[data-testid="register-record-id"]').textContent())?.replace(
      /^#/,
      '',
    );
    const address = (await page.locator('[data-testid="register-key-address"]').textContent()) ?? '';

    const sha256 = createHash('sha256')
      .update(readFileSync(h.fixtures.path('plain.jpg')))
      .digest('hex');
    const [records] = await chain.client.recordsByHashes([sha256]);
    expect(records?.map((r) => [r.id, r.registrant, r.creator])).toEqual([
      [recordId, address, 'Empty Pockets'],
    ]);
    // The creator's account paid nothing and holds nothing; the relay's account sent the transaction.
    expect(await chain.client.provider.getBalance(address)).toBe(0n);
    const logs = await chain.client.provider.getLogs({
      address: chain.deployment.address,
      fromBlock: 0,
      toBlock: 'latest',
    });
    const tx = await chain.client.provider.getTransaction(logs.at(-1)!.transactionHash);
    expect(tx!.from).toBe(new Wallet(anvilDevKey(9)).address);
    await page.close();
    await demo.close();
  }, 180_000);
});
