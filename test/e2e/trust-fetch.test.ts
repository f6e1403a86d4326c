// The real fetch path of the official trust lists: Chromium resolves the publishers' own host names to a
// local TLS server (--host-resolver-rules, a certificate made here, --ignore-certificate-errors). A fresh
// profile of a build without a development seed starts from the bundled snapshot, fetches the lists,
// shows their counts and dates, and verifies with them; then answers of 500, nothing and garbage leave the
// lists in force as they were, and the options page says when the refresh failed and why.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type GeneratedFixtures } from '../../demo/media/generate.ts';
import { type DemoServer, startDemoServer } from '../../demo/server.ts';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/find-browser.ts';
import { OFFICIAL_LISTS } from '../../src/verify/trust-lists.ts';
import { ROOT, SCREENSHOTS, SHARED } from './support.ts';

type Answer = 'lists' | '500' | 'empty' | 'garbage';
let answer: Answer = 'lists';
const requests: string[] = [];

let publisher: Server;
let demo: DemoServer;
let fixtures: GeneratedFixtures;
let context: BrowserContext;
let background: Worker;
let profile: string;
let options: Page;
let extensionId: string;

/** A self-signed certificate for the publishers' host names (Chromium is told to accept it). */
async function tlsCertificate(): Promise<{ key: string; cert: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=raw.githubusercontent.com',
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 24 * 3600_000),
    keys: keys as CryptoKeyPair,
    signingAlgorithm: alg,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'raw.githubusercontent.com' },
        { type: 'dns', value: 'contentcredentials.org' },
      ]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  return { key, cert: cert.toString('pem') };
}

/** What each publisher's URL serves: the project's test CA as the C2PA list, the shared copies otherwise. */
function published(): Map<string, string> {
  const read = (file: string) => readFileSync(`${SHARED}/trust/${file}`, 'utf8');
  const bodies = new Map<string, string>();
  for (const list of OFFICIAL_LISTS) {
    bodies.set(
      new URL(list.url).pathname,
      list.id === 'c2pa-conformance' ? fixtures.testAnchorPem : read(list.snapshotFile),
    );
  }
  return bodies;
}

/** The options page with its folded "Advanced" part (trust lists, registry) open. */
async function openOptions(): Promise<void> {
  await options.goto(`chrome-extension://${extensionId}/extension/options/options.html`);
  await options.click('[data-testid="advanced"] > summary');
  await options.waitForSelector('[data-testid="trust-lists"]');
}

async function verifyUrl(url: string): Promise<{ trust: string; trustList?: string }> {
  return options.evaluate(async (address: string) => {
    const reply = (await chrome.runtime.sendMessage({ type: 'verify-url', url: address, kind: 'image' })) as {
      ok: boolean;
      value: { verdict: { trust: string; signer?: { trustList?: string } } };
    };
    const verdict = reply.value.verdict;
    return {
      trust: verdict.trust,
      ...(verdict.signer?.trustList ? { trustList: verdict.signer.trustList } : {}),
    };
  }, url);
}

/** The options page's trust-list table, row by row: id, entries, source label, error. */
async function listRows(): Promise<{ id: string; entries: string; source: string; error: string }[]> {
  return options.$$eval('[data-testid="trust-lists"] tbody tr', (rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-list') ?? '',
      entries: row.querySelector('td')?.textContent ?? '',
      source: row.querySelectorAll('td')[3]?.textContent ?? '',
      error: row.querySelector('[data-testid="list-error"]')?.textContent ?? '',
    })),
  );
}

beforeAll(async () => {
  fixtures = await ensureFixtures();
  const bodies = published();
  publisher = createServer(await tlsCertificate(), (req, res) => {
    requests.push(`${req.headers.host}${req.url}`);
    const body = bodies.get(new URL(req.url ?? '/', 'https://x').pathname);
    if (!body) return void res.writeHead(404).end();
    if (answer === '500') return void res.writeHead(500).end('internal error');
    if (answer === 'empty') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    if (answer === 'garbage')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>please log in</html>');
    res.writeHead(200, { 'content-type': 'text/plain', etag: '"local-1"' }).end(body);
  });
  await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
  const port = (publisher.address() as AddressInfo).port;
  demo = await startDemoServer({ mediaDir: fixtures.dir });

  // A release-like build: no development seed, so the extension fetches the lists itself.
  const extensionDir = path.join(ROOT, 'test-results/e2e-build/trust-fetch/chrome');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    mode: 'chrome',
    logLevel: 'error',
    build: { outDir: extensionDir },
  });
  profile = mkdtempSync(path.join(tmpdir(), 'provlens-trust-fetch-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium() ?? 'chromium',
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=MAP raw.githubusercontent.com 127.0.0.1:${port}, MAP contentcredentials.org 127.0.0.1:${port}`,
      '--ignore-certificate-errors',
      ...CHROMIUM_FLAGS,
    ],
  });
  background =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  extensionId = new URL(background.url()).host;
  options = await context.newPage();
  await openOptions();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await context?.close();
  await demo?.close();
  await new Promise<void>((resolve) => (publisher ? publisher.close(() => resolve()) : resolve()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('official trust lists fetched from their publishers', () => {
  it('a fresh profile fetches every list from the publishers’ host names and shows counts and dates', async () => {
    await expect
      .poll(
        async () => {
          await openOptions();
          return (await listRows()).map((row) => [row.id, row.entries, row.source]);
        },
        { timeout: 60_000 },
      )
      .toEqual([
        ['c2pa-conformance', '1', 'Downloaded'],
        ['c2pa-tsa', '22', 'Downloaded'],
        ['interim', '18', 'Downloaded'],
        ['interim-allowed', '86', 'Downloaded'],
      ]);
    expect([...new Set(requests)].sort()).toEqual([
      'contentcredentials.org/trust/allowed.sha256.txt',
      'contentcredentials.org/trust/anchors.pem',
      'contentcredentials.org/trust/store.cfg',
      'raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TRUST-LIST.pem',
      'raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TSA-TRUST-LIST.pem',
    ]);
    const dates = await options.$$eval('[data-testid="trust-lists"] tbody tr td:nth-of-type(3)', (cells) =>
      cells.map((cell) => cell.textContent ?? ''),
    );
    const today = new Date().toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
    expect(dates.every((date) => date.startsWith(today))).toBe(true);
  });

  it('verifies a file signed by a CA that only the fetched list holds', async () => {
    expect(await verifyUrl(`${demo.url}media/human-capture.jpg`)).toEqual({
      trust: 'verified',
      trustList: 'C2PA trust list',
    });
  });

  for (const [bad, reason] of [
    ['500', 'HTTP 500'],
    ['empty', 'the answer was empty'],
    ['garbage', 'the answer holds no readable certificate'],
  ] as const) {
    it(`keeps the lists in force when the publisher answers ${bad}, and says when and why the refresh failed`, async () => {
      answer = bad;
      await options.getByRole('button', { name: 'Refresh lists now' }).click();
      await expect
        .poll(async () => (await listRows()).find((row) => row.id === 'c2pa-conformance')?.error, {
          timeout: 30_000,
        })
        .toMatch(
          new RegExp(
            `^Refresh of .+ failed, the list in force is kept: Could not refresh from raw\\.githubusercontent\\.com: ${reason}$`,
          ),
        );
      expect((await listRows()).map((row) => [row.id, row.entries, row.source])).toEqual([
        ['c2pa-conformance', '1', 'Downloaded'],
        ['c2pa-tsa', '22', 'Downloaded'],
        ['interim', '18', 'Downloaded'],
        ['interim-allowed', '86', 'Downloaded'],
      ]);
      expect(await verifyUrl(`${demo.url}media/human-capture.jpg?after=${bad}`)).toEqual({
        trust: 'verified',
        trustList: 'C2PA trust list',
      });
      await options.screenshot({ path: path.join(SCREENSHOTS, `trust-fetch-${bad}.png`), fullPage: true });
    });
  }
});
