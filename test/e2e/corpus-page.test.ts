// The corpus page (../shared/corpus) in Chromium: every file's trust and origin in the popup equal what the
// core verifier says in Node with the same trust lists in force (the reference lists plus the demo CA).
// One deliberate difference: files in which the byte sniff finds no C2PA data never reach the wasm in the
// extension, so a container the wasm cannot parse (it hangs or panics on some) reads "none", not "error".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusRows } from '../../demo/server.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import { sniffBytes } from '../../src/verify/sniff.ts';
import { referenceTrust } from '../support/shared.ts';
import { type Harness, type ListedItem, listedItems, SCREENSHOTS, SHARED, startHarness } from './support.ts';

const corpus = path.join(SHARED, 'corpus');
const rows = corpusRows(corpus);
let h: Harness;
let engine: Engine;
let listed: ListedItem[];
const expected = new Map<string, { trust: string; origin: string }>();

beforeAll(async () => {
  engine = createNodeEngine({ timeoutMs: 20_000 });
  h = await startHarness('corpus-page');
  const trust = {
    ...referenceTrust(),
    userAnchors: [{ id: 'user', name: 'demo CA', pem: h.fixtures.testAnchorPem }],
  };
  for (const row of rows) {
    const bytes = new Uint8Array(readFileSync(path.join(corpus, 'files', row.file)));
    const verdict = await verifyAsset(bytes, {
      engine,
      trust,
      name: row.file,
      timeoutMs: 20_000,
    });
    const skipped = verdict.trust === 'error' && sniffBytes(bytes).answer === 'no-manifest';
    expected.set(
      row.file,
      skipped ? { trust: 'none', origin: 'unknown' } : { trust: verdict.trust, origin: verdict.origin },
    );
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
  await engine?.close();
});

describe('popup on the corpus page', () => {
  it.each(rows.map((row) => [row.file]))('lists %s as the core verifier does', (file) => {
    const item = listed.find((candidate) =>
      candidate.src.endsWith(`/corpus/files/${encodeURIComponent(file)}`),
    );
    expect(item && { trust: item.trust, origin: item.origin }).toEqual(expected.get(file));
  });
});
