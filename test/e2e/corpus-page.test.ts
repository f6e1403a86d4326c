// The corpus page (../shared/corpus) in Chromium: every file's trust and origin in the popup equal the
// catalog's (CATALOG.tsv, reference trust lists in force), with the overrides test/corpus/corpus.test.ts
// documents. One deliberate difference: files in which the byte sniff finds no C2PA data never reach the
// wasm in the extension, so a container the wasm cannot parse (it hangs or panics on some) reads "none", not "error".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusRows } from '../../demo/server.ts';
import { sniffBytes } from '../../src/verify/sniff.ts';
import { expectedTrust, readCatalog } from '../support/shared.ts';
import { type Harness, type ListedItem, listedItems, SCREENSHOTS, SHARED, startHarness } from './support.ts';

const corpus = path.join(SHARED, 'corpus');
const rows = corpusRows(corpus);
let h: Harness;
let listed: ListedItem[];
const expected = new Map<string, { trust: string; origin: string }>();

const catalog = new Map(readCatalog().map((row) => [row.file, row]));

beforeAll(async () => {
  h = await startHarness('corpus-page');
  for (const row of rows) {
    const entry = catalog.get(row.file);
    if (!entry) throw new Error(`${row.file} is on the corpus page but not in CATALOG.tsv`);
    const trust = expectedTrust(entry, entry.states.ref);
    const bytes = new Uint8Array(readFileSync(path.join(corpus, 'files', row.file)));
    const skipped = trust === 'error' && sniffBytes(bytes).answer === 'no-manifest';
    expected.set(row.file, { trust: skipped ? 'none' : trust, origin: entry.origin });
  }
  const page = await h.context.newPage();
  await page.goto(h.server.corpusUrl ?? '');
  const tabId = await h.tabIdOf(page);
  const popup = await h.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(h.extensionUrl(`extension/popup/popup.html?tabId=${tabId}`));
  listed = await listedItems(popup, rows.length, 240_000);
  await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup-corpus.png') });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('popup on the corpus page', () => {
  it.each(rows.map((row) => [row.file]))('lists %s as the catalog says', (file) => {
    const item = listed.find((candidate) =>
      candidate.src.endsWith(`/corpus/files/${encodeURIComponent(file)}`),
    );
    expect(item && { trust: item.trust, origin: item.origin }).toEqual(expected.get(file));
  });
});
