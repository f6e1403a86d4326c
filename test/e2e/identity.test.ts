// CAWG identities in the extension (Chromium): the popup row says "by NAME" for a valid identity and that
// a tampered one fails, the detail view shows the named actor and what it signed, and never a failing
// identity's name. Screenshots: popup-identity.png, detail-identity.png.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdentityFixtures, NAMED_ACTOR } from '../sign/identity-fixtures.ts';
import { type Harness, listedItems, SCREENSHOTS, startHarness } from './support.ts';

let h: Harness;
let tabId: number;

beforeAll(async () => {
  h = await startHarness('identity');
  const fixtures = await makeIdentityFixtures();
  // Served by the demo server from its media folder, beside the generated demo media.
  writeFileSync(path.join(h.fixtures.dir, 'cawg-by-ana.jpg'), fixtures.valid);
  writeFileSync(path.join(h.fixtures.dir, 'cawg-tampered-identity.jpg'), fixtures.tampered);
  const url = `${h.server.url}identity.html`;
  await h.context.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><title>Identity</title><img src="/media/cawg-by-ana.jpg" alt="by Ana"><img src="/media/cawg-tampered-identity.jpg" alt="tampered"></html>',
    }),
  );
  const page = await h.context.newPage();
  await page.goto(url);
  tabId = await h.tabIdOf(page);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

describe('CAWG identity in the extension', () => {
  it('says who made it in the popup row, and that a tampered identity fails', async () => {
    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
    await listedItems(popup, 2);
    const rows = await popup.$$eval('[data-testid="media-item"]', (items) =>
      items.map((el) => ({
        file: (el.getAttribute('data-src') ?? '').split('/').pop(),
        identity: el.querySelector('[data-testid="row-identity"]')?.textContent ?? null,
      })),
    );
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup-identity.png') });
    await popup.close();
    expect(rows.sort((a, b) => String(a.file).localeCompare(String(b.file)))).toEqual([
      { file: 'cawg-by-ana.jpg', identity: `by ${NAMED_ACTOR}` },
      { file: 'cawg-tampered-identity.jpg', identity: 'Identity fails validation' },
    ]);
  });

  it('shows the named actor and what it signed in the detail view', async () => {
    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
    await listedItems(popup, 2);
    await popup.click('[data-testid="media-item"][data-src$="/media/cawg-by-ana.jpg"] button');
    const section = popup.locator('[data-testid="detail-identity"]');
    await section.waitFor();
    await section.scrollIntoViewIfNeeded();
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'detail-identity.png') });
    const shown = {
      name: await section.locator('[data-testid="identity-name"]').textContent(),
      covers: await section.locator('[data-testid="identity-covers"]').textContent(),
      trust: await section.locator('[data-testid="identity-trust"]').textContent(),
    };
    await popup.close();
    expect(shown).toEqual({
      name: NAMED_ACTOR,
      covers: 'c2pa.hash.data, c2pa.actions.v2',
      trust: 'Not on any trust list in force',
    });
  });

  it('shows a tampered identity as failing, without the name it claims', async () => {
    const popup = await h.context.newPage();
    await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
    await listedItems(popup, 2);
    await popup.click('[data-testid="media-item"][data-src$="/media/cawg-tampered-identity.jpg"] button');
    const section = popup.locator('[data-testid="detail-identity"]');
    await section.waitFor();
    const shown = {
      failing: await section.locator('[data-testid="identity-failing"]').count(),
      names: await section.locator('[data-testid="identity-name"]').count(),
      text: (await section.textContent())?.includes(NAMED_ACTOR),
    };
    await popup.close();
    expect(shown).toEqual({ failing: 1, names: 0, text: false });
  });
});
