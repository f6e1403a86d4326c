// The provenance registry in the extension, against a real local chain (anvil + the registry + demo records):
// the popup's registry section and lineage, "Register as my work", "Support the creators", and a dead chain.

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
import { type Harness, listedItems, pageBadges, SCREENSHOTS, startHarness } from './support.ts';

let chain: RunningLocalRegistry;
let project: string;
let h: Harness;
let demo: Page;
let tabId: number;

/** Everything the demo page shows with the registry section: 15 fixtures, the blob: image, 4 registry files. */
const LISTED = 20;
const PASSPHRASE = 'correct horse battery';

const registryFile = (name: string) => `/registry/${name}`;
const itemSelector = (suffix: string) => `[data-testid="media-item"][data-src$="${suffix}"]`;

/** A full-page screenshot from the top (a scrolled page would repeat its sticky header mid-image). */
async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function openPopup(): Promise<Page> {
  const popup = await h.context.newPage();
  await popup.setViewportSize({ width: 420, height: 900 });
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
  await listedItems(popup, LISTED);
  return popup;
}

/** Opens an item's detail in the popup once the item carries the wanted trust. */
async function openDetail(popup: Page, suffix: string, trust: string): Promise<void> {
  await popup.waitForSelector(`${itemSelector(suffix)}[data-trust="${trust}"]`, { timeout: 30_000 });
  await popup.click(`${itemSelector(suffix)} button`);
  await popup.locator('[data-testid="detail-view"]').waitFor();
}

interface Node {
  title: string;
  relation: string;
  share: string;
  credits: Node[];
}

/** The lineage tree of the first registry record, as shown. */
function shownLineage(popup: Page): Promise<Node[]> {
  return popup.$eval('[data-testid="registry-record"] [data-testid="lineage"]', (list) => {
    const read = (ul: Element): Node[] =>
      [...ul.children].map((li) => ({
        title: li.querySelector(':scope > .credit-line .credit-title')?.textContent ?? '',
        relation: li.querySelector(':scope > .credit-line .credit-relation')?.textContent ?? '',
        share: li.querySelector(':scope > .credit-line .credit-share')?.textContent ?? '',
        credits: (() => {
          const nested = li.querySelector(':scope > ul');
          return nested ? read(nested) : [];
        })(),
      }));
    return read(list);
  });
}

beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), 'provlens-registry-e2e-'));
  chain = await startLocalRegistry({ projectDir: project, seed: true, port: await freePort() });
  h = await startHarness('registry', {
    registry: {
      rpcUrl: chain.chain.rpcUrl,
      address: chain.deployment.address,
      chainId: chain.chain.chainId,
      local: true,
    },
    registryDir: path.dirname(chain.demo!.photoCopy),
  });
  // The development seed becomes the registry setting on install.
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('extension/options/options.html'));
  await options.waitForFunction(
    async () => {
      const reply = await chrome.runtime.sendMessage({ type: 'settings-get' });
      return reply?.ok === true && reply.value.registry !== null;
    },
    undefined,
    { timeout: 30_000, polling: 200 },
  );
  await options.close();
  demo = await h.context.newPage();
  await demo.goto(h.server.url);
  tabId = await h.tabIdOf(demo);
}, 180_000);

afterAll(async () => {
  await h?.close();
  await chain?.chain.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('registry section in the popup', () => {
  it('shows a demo output with its lineage output → model → dataset and an AI origin', async () => {
    const popup = await openPopup();
    await openDetail(popup, registryFile('output-1.png'), 'registry-only');
    const detail = popup.locator('[data-testid="detail-view"]');
    const record = popup.locator('[data-testid="registry-record"]');
    await snap(popup, 'registry-lineage');
    const shown = {
      trust: await detail.getAttribute('data-trust'),
      origin: await detail.getAttribute('data-origin'),
      match: await record.getAttribute('data-match'),
      record: await record.getAttribute('data-record'),
      training: await record.locator('[data-testid="record-training"]').textContent(),
      lineage: await shownLineage(popup),
      payout: await record.locator('[data-testid="lineage-payout"]').textContent(),
      addresses: await record.locator('[data-testid="lineage-address"]').count(),
    };
    await popup.close();
    expect(shown).toEqual({
      trust: 'registry-only',
      origin: 'ai-generated',
      match: 'exact',
      record: chain.demo!.outputs[0],
      training: 'Not allowed',
      lineage: [
        {
          title: 'Landscape Diffusion v1',
          relation: 'Generated by',
          share: '25 %',
          credits: [{ title: 'Open Landscapes 2024', relation: 'Trained on', share: '30 %', credits: [] }],
        },
        {
          title: 'Landscape Studio',
          relation: 'Generated by',
          share: '5 %',
          // The model, reached a second time, is named without repeating its own sources.
          credits: [{ title: 'Landscape Diffusion v1', relation: 'Built with', share: '20 %', credits: [] }],
        },
      ],
      payout:
        'If you pay 1, Landscape Diffusion v1 gets 0.182, Open Landscapes 2024 0.078, Landscape Studio 0.04, and the registrant of this work keeps 0.7.',
      addresses: 0,
    });
  });

  it('badges registry outputs "AI?" and a recovered copy with its own glyph on the page', async () => {
    await expect
      .poll(async () => (await pageBadges(demo)).map(([medium]) => medium), { timeout: 30_000 })
      .toContain('/registry/photo-copy.jpg');
    const badges = new Map(await pageBadges(demo));
    expect([
      badges.get('/registry/output-1.png'),
      badges.get('/registry/output-2.png'),
      badges.get('/registry/photo-copy.jpg'),
      badges.has('/registry/photo.png'),
    ]).toEqual([
      'Possibly AI-derived: an AI signal nothing trusted backs.',
      'Possibly AI-derived: an AI signal nothing trusted backs.',
      'No credentials in this copy; it matches a registered original.',
      false,
    ]);
    await demo.evaluate(() => document.getElementById('registry-media')?.scrollIntoView());
    await demo.screenshot({ path: path.join(SCREENSHOTS, 'registry-page-badges.png') });
  });
});

describe('near-duplicate look-up', () => {
  it('recovers a re-encoded, resized copy of a registered photo by its fingerprint', async () => {
    const popup = await openPopup();
    await openDetail(popup, registryFile('photo-copy.jpg'), 'recovered');
    const record = popup.locator('[data-testid="registry-record"]');
    await popup.locator('[data-testid="detail-recovered"]').waitFor();
    await snap(popup, 'registry-recovered');
    const shown = {
      match: await record.getAttribute('data-match'),
      record: await record.getAttribute('data-record'),
      creator: await record.locator('dd').first().textContent(),
    };
    await popup.close();
    expect(shown).toEqual({ match: 'near', record: chain.demo!.photo, creator: 'Jane Doe' });
  });
});

describe('"Register as my work"', () => {
  it('registers a page image with the extension key, crediting a registered photo on the page', async () => {
    const src = `${h.server.url}media/plain.jpg`;
    // Exactly the page the context menu item opens (main.ts onMenu) for this image on this tab.
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.goto(
      h.extensionUrl(
        `extension/register/register.html?${new URLSearchParams({ src, tabId: String(tabId) })}`,
      ),
    );
    await page.fill('[data-testid="register-title"]', 'Harbour wall');
    await page.fill('[data-testid="register-creator"]', 'Ada Example');
    await page.selectOption('[data-testid="register-how-made"]', 'camera');
    await page.selectOption('[data-testid="register-training"]', 'constrained');
    await page.getByLabel(/Jane Doe/).check();
    // No key yet: this registration makes it, so the passphrase is asked twice.
    await page.fill('[data-testid="register-passphrase"]', PASSPHRASE);
    await page.fill('[data-testid="register-passphrase-again"]', PASSPHRASE);
    await snap(page, 'registry-register-form');
    await page.click('[data-testid="register-submit"]');
    const confirm = page.locator('[data-testid="register-confirm"]');
    await confirm.waitFor();
    await snap(page, 'registry-register-confirm');
    const publicFields = {
      url: await confirm.locator('[data-testid="public-url"]').textContent(),
      title: await confirm.locator('[data-testid="public-title"]').textContent(),
      howMade: await confirm.locator('[data-testid="public-how-made"]').textContent(),
      parent: await confirm.locator('[data-testid="public-parent-0"]').textContent(),
    };
    await page.click('[data-testid="register-sign"]');
    const result = page.locator('[data-testid="register-result"]');
    await result.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="register-key-address"]').waitFor();
    await snap(page, 'registry-register');
    const recordId = await page.locator('[data-testid="register-record-id"]').textContent();
    const address = await page.locator('[data-testid="register-key-address"]').textContent();
    const resultText = (await page.locator('main').textContent()) ?? '';
    const link = await page.locator('[data-testid="register-view-record"]').textContent();
    await page.click('[data-testid="register-view-record"]');
    await page.waitForSelector(`[data-testid="registry-record"][data-record="${recordId}"]`, {
      timeout: 30_000,
    });
    await snap(page, 'registry-register-record');
    const recordView = {
      headline: await page.locator('[data-testid="detail-view"] h2').first().textContent(),
      origin: await page.locator('[data-testid="detail-view"]').getAttribute('data-origin'),
    };
    await page.close();
    expect({ publicFields, link, recordView, money: /ETH|wei|Balance|Transaction/.test(resultText) }).toEqual(
      {
        publicFields: {
          url: src,
          title: 'Harbour wall',
          howMade: 'A photo or recording I captured (camera capture)',
          parent: 'Jane Doe: photo.png (on this page) — 10 %',
        },
        link: 'Registered — view your record',
        recordView: {
          headline: 'Captured with a camera or recorder — says its registry record',
          origin: 'human-capture',
        },
        money: false,
      },
    );

    const sha256 = createHash('sha256')
      .update(readFileSync(h.fixtures.path('plain.jpg')))
      .digest('hex');
    const [records] = await chain.client.recordsByHashes([sha256]);
    expect(
      records?.map((r) => ({
        id: r.id,
        registrant: r.registrant,
        creator: r.creator,
        title: r.title,
        digitalSourceType: r.digitalSourceType,
        training: r.training,
        kind: r.kind,
        parents: r.parents,
      })),
    ).toEqual([
      {
        id: recordId,
        registrant: address,
        creator: 'Ada Example',
        title: 'Harbour wall',
        digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
        training: 'constrained',
        kind: 'media',
        parents: [{ id: chain.demo!.photo, relation: 'DerivedFrom', shareBps: 1000 }],
      },
    ]);
  });

  it('then shows the new record and its lineage in the popup', async () => {
    const popup = await openPopup();
    await openDetail(popup, '/media/plain.jpg', 'registry-only');
    const record = popup.locator('[data-testid="registry-record"]');
    await snap(popup, 'registry-record');
    const shown = {
      creator: await record.locator('dd').first().textContent(),
      training: await record.locator('[data-testid="record-training"]').textContent(),
      lineage: await shownLineage(popup),
    };
    await popup.close();
    expect(shown).toEqual({
      creator: 'Ada Example',
      training: 'Allowed with conditions',
      lineage: [{ title: 'Harbour at dawn', relation: 'Derived from', share: '10 %', credits: [] }],
    });
  });
});

describe('"Support the creators"', () => {
  it('pays an output and credits its creators down the lineage', async () => {
    const accounts = [1, 2, 3, 4].map((i) => new Wallet(anvilDevKey(i)).address);
    const before = await Promise.all(accounts.map((a) => chain.client.creditsOf(a)));
    const popup = await openPopup();
    await openDetail(popup, registryFile('output-1.png'), 'registry-only');
    await popup.click('[data-testid="support-creators"]');
    await popup.fill('[data-testid="support-amount"]', '0.01');
    await popup.waitForSelector('[data-testid="support-pay"]:enabled');
    // The key registered above may still be unlocked; a restarted service worker asks again.
    const passphrase = popup.locator('[data-testid="support-passphrase"]');
    if (await passphrase.isVisible()) await passphrase.fill(PASSPHRASE);
    await popup.click('[data-testid="support-pay"]');
    await popup.locator('[data-testid="support-receipt"]').waitFor({ timeout: 60_000 });
    await snap(popup, 'registry-pay');
    await popup.close();
    const after = await Promise.all(accounts.map((a) => chain.client.creditsOf(a)));
    const grew = after.map((value, i) => value - before[i]!);
    // Dataset (1), model (2), app (3) and the output's registrant (4) all gain; nothing is lost in rounding.
    expect({ allGrew: grew.every((g) => g > 0n), total: grew.reduce((a, b) => a + b, 0n) }).toEqual({
      allGrew: true,
      total: 10_000_000_000_000_000n,
    });
  });
});

describe('chain unreachable', () => {
  it('says so in the registry section while trust and origin stay exact', async () => {
    const deadPort = await freePort();
    const options = await h.context.newPage();
    await options.goto(h.extensionUrl('extension/options/options.html'));
    const saved = await options.evaluate(
      (registry) => chrome.runtime.sendMessage({ type: 'settings-save', patch: { registry } }),
      { rpcUrl: `http://127.0.0.1:${deadPort}`, address: chain.deployment.address, chainId: 31337 },
    );
    await options.close();
    expect(saved.ok).toBe(true);
    const popup = await openPopup();
    await popup.waitForSelector(`${itemSelector(registryFile('output-1.png'))}[data-trust="none"]`, {
      timeout: 30_000,
    });
    await openDetail(popup, '/media/ai-generated.jpg', 'verified');
    const detail = popup.locator('[data-testid="detail-view"]');
    await popup.locator('[data-testid="registry-error"]').waitFor({ timeout: 30_000 });
    await snap(popup, 'registry-unreachable');
    const shown = {
      trust: await detail.getAttribute('data-trust'),
      origin: await detail.getAttribute('data-origin'),
      note: await popup.locator('[data-testid="registry-note"]').textContent(),
      error: await popup.locator('[data-testid="registry-error"]').textContent(),
    };
    await popup.close();
    expect(shown).toEqual({
      trust: 'verified',
      origin: 'ai-generated',
      note: 'The registry chain could not be reached, so on-chain records are not shown. The Content Credentials check above does not depend on it.',
      error: `The provenance registry could not be reached: The registry chain at http://127.0.0.1:${deadPort} did not answer (Failed to fetch). Check the RPC URL in Settings.`,
    });
  });
});
