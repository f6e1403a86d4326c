// CAWG identities in the extension (Chromium): the popup row says "by NAME" for an identity whose signer
// is trusted, "by NAME (unverified)" for one on no list (an X.509 signer or an identity claims
// aggregator), and that a tampered one fails; the detail view shows the named actor, whether its signer
// is trusted (and through which list), what an aggregator verified, what it signed, and never a failing
// identity's name. Screenshots: popup-identity.png, detail-identity-trusted.png,
// detail-identity-untrusted.png, detail-identity-aggregator.png.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGGREGATED_ACTOR,
  AGGREGATOR,
  makeIdentityFixtures,
  NAMED_ACTOR,
  UNLISTED_ACTOR,
} from '../sign/identity-fixtures.ts';
import { type Harness, listedItems, SCREENSHOTS, startHarness } from './support.ts';

let h: Harness;
let tabId: number;

const FILES = {
  'cawg-by-ana.jpg': 'valid',
  'cawg-tampered-identity.jpg': 'tampered',
  'cawg-unlisted-identity.jpg': 'unlisted',
  'cawg-aggregated.jpg': 'aggregated',
} as const;

beforeAll(async () => {
  h = await startHarness('identity');
  const fixtures = await makeIdentityFixtures();
  // Served by the demo server from its media folder, beside the generated demo media.
  for (const [file, fixture] of Object.entries(FILES))
    writeFileSync(path.join(h.fixtures.dir, file), fixtures[fixture]);
  const url = `${h.server.url}identity.html`;
  const images = Object.keys(FILES)
    .map((file) => `<img src="/media/${file}" alt="${file}">`)
    .join('');
  await h.context.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><title>Identity</title>${images}</html>`,
    }),
  );
  const page = await h.context.newPage();
  await page.goto(url);
  tabId = await h.tabIdOf(page);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

async function popupPage(): Promise<Page> {
  const popup = await h.context.newPage();
  await popup.setViewportSize({ width: 400, height: 760 });
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
  await listedItems(popup, Object.keys(FILES).length);
  return popup;
}

/** Opens a file's detail view and reads its "Who made it" section; screenshots it when `shot` is given. */
async function detailOf(file: string, shot?: string) {
  const popup = await popupPage();
  await popup.click(`[data-testid="media-item"][data-src$="/media/${file}"] button`);
  const section = popup.locator('[data-testid="detail-identity"]');
  await section.waitFor();
  await section.scrollIntoViewIfNeeded();
  if (shot) await section.screenshot({ path: path.join(SCREENSHOTS, shot) });
  const text = async (testid: string) => {
    const found = section.locator(`[data-testid="${testid}"]`);
    return (await found.count()) > 0 ? await found.first().textContent() : null;
  };
  const shown = {
    name: await text('identity-name'),
    state: await text('identity-state'),
    failing: await section.locator('[data-testid="identity-failing"]').count(),
    accounts: await section.locator('.identity dd ul li').allTextContents(),
    issuer: await text('identity-issuer'),
    covers: await text('identity-covers'),
    trust: await text('identity-trust'),
    section: await section.textContent(),
  };
  await popup.close();
  return shown;
}

describe('CAWG identity in the extension', () => {
  it('says who made it in the popup row, unverified where its signer is on no list, and that a tampered identity fails', async () => {
    const popup = await popupPage();
    const rows = await popup.$$eval('[data-testid="media-item"]', (items) =>
      items.map((el) => ({
        file: (el.getAttribute('data-src') ?? '').split('/').pop(),
        identity: el.querySelector('[data-testid="row-identity"]')?.textContent ?? null,
      })),
    );
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup-identity.png') });
    await popup.close();
    expect(rows.sort((a, b) => String(a.file).localeCompare(String(b.file)))).toEqual([
      { file: 'cawg-aggregated.jpg', identity: `by ${AGGREGATED_ACTOR} (unverified)` },
      { file: 'cawg-by-ana.jpg', identity: `by ${NAMED_ACTOR}` },
      { file: 'cawg-tampered-identity.jpg', identity: 'Identity fails validation' },
      { file: 'cawg-unlisted-identity.jpg', identity: `by ${UNLISTED_ACTOR} (unverified)` },
    ]);
  });

  it('shows a trusted identity with the list its signer chains to', async () => {
    const { section: _, ...shown } = await detailOf('cawg-by-ana.jpg', 'detail-identity-trusted.png');
    expect(shown).toEqual({
      name: NAMED_ACTOR,
      state: 'Identity signer trusted',
      failing: 0,
      accounts: [],
      issuer: null,
      covers: 'c2pa.hash.data, c2pa.actions.v2',
      trust: 'Chains to Your own anchors (demo CA)',
    });
  });

  it('shows an identity whose signer is on no list as unverified', async () => {
    const { section: _, ...shown } = await detailOf(
      'cawg-unlisted-identity.jpg',
      'detail-identity-untrusted.png',
    );
    expect(shown).toEqual({
      name: UNLISTED_ACTOR,
      state: 'Unverified: its signer is on no trust list in force',
      failing: 0,
      accounts: [],
      issuer: null,
      covers: 'c2pa.hash.data, c2pa.actions.v2',
      trust: 'Not on any trust list in force',
    });
  });

  it('shows what an identity aggregator verified, and that the aggregator is on no list', async () => {
    const { section: _, ...shown } = await detailOf('cawg-aggregated.jpg', 'detail-identity-aggregator.png');
    expect(shown).toEqual({
      name: AGGREGATED_ACTOR,
      state: 'Unverified: its signer is on no trust list in force',
      failing: 0,
      accounts: ['bea.example on Social Example', 'https://bea.example on bea.example'],
      // The DID is a whole public key: its start and end are shown.
      issuer: `${AGGREGATOR.did.slice(0, 24)}…${AGGREGATOR.did.slice(-8)}`,
      covers: 'c2pa.hash.data, c2pa.actions.v2',
      trust: 'On no list of trusted aggregators in force: what it verified rests on its word alone',
    });
  });

  it('shows a tampered identity as failing, without the name it claims', async () => {
    const shown = await detailOf('cawg-tampered-identity.jpg');
    expect({
      failing: shown.failing,
      name: shown.name,
      claimsName: shown.section?.includes(NAMED_ACTOR),
    }).toEqual({ failing: 1, name: null, claimsName: false });
  });
});
