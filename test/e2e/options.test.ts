// The options page in the real extension: adding one's own anchors (many per bundle, bad ones named and
// refused) and refusing a registry RPC URL that is not http(s) or is plain http to another host, both
// under the folded "Advanced" part.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePemBundle } from '../../src/verify/trust.ts';
import { type Harness, SHARED, startHarness } from './support.ts';

let h: Harness;
let page: Page;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

beforeAll(async () => {
  h = await startHarness('options');
  page = await h.context.newPage();
  await page.goto(h.extensionUrl('extension/options/options.html'));
  // Trust lists and the registry live under "Advanced", folded by default.
  await page.click('[data-testid="advanced"] > summary');
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe('options page', () => {
  it('adds a bundle of anchors and says which certificates it refused and why', async () => {
    const testRoots = readFileSync(`${SHARED}/corpus/files/trust-rs-test-root-bundle.pem`, 'utf8');
    const interimBlocks =
      readFileSync(`${SHARED}/trust/interim-verify-site/anchors.pem`, 'utf8').match(PEM_BLOCK) ?? [];
    const expired = interimBlocks.find(
      (block) => parsePemBundle(block).certificates[0]!.notAfter.getTime() < Date.now(),
    )!;
    const garbage = '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----';
    await page.getByTestId('anchors-input').fill(`${testRoots}\n${expired}\n${garbage}`);
    await page.getByRole('button', { name: 'Add certificates' }).click();
    const result = page.getByTestId('anchors-result');
    await expect.poll(() => result.locator('p').first().textContent()).toBe('8 accepted, 2 rejected.');
    const rejected = await result.locator('.rejected li').allTextContents();
    expect(rejected).toHaveLength(2);
    expect(rejected.some((text) => /Certificate 10: not a readable X\.509 certificate/.test(text))).toBe(
      true,
    );
    expect(rejected.some((text) => /It expired on 2025-08-12\./.test(text))).toBe(true);
    const accepted = await result.locator('.accepted li').allTextContents();
    expect(accepted.every((text) => text.includes('C2PA Test Root CA'))).toBe(true);
  });

  it('refuses an RPC URL that is not http(s), and plain http to another machine', async () => {
    const rpc = page.getByTestId('registry-rpcUrl');
    const address = page.getByTestId('registry-address');
    await rpc.fill('javascript:alert(1)');
    await address.fill('0x5FbDB2315678afecb367f032d93F642f64180aa3');
    await page.getByTestId('registry-chainId').fill('');
    await rpc.press('Tab'); // settings save (or are refused) as the person leaves a field
    await expect
      .poll(() => page.locator('.field-error').allTextContents())
      .toContain('This is not an http(s) URL.');
    await rpc.fill('http://rpc.example.org:8545');
    await rpc.press('Tab');
    await expect
      .poll(() => page.locator('.field-error').allTextContents())
      .toContain('Use https:// — plain http is allowed only for localhost.');
  });
});
