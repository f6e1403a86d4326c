// `provlens verify` on a file with a CAWG identity: the table's identity line, the JSON verdict's
// identities and the HTML report's "Who made it" part (with a screenshot of it in Chromium).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/find-browser.ts';
import { shortIssuer } from '../../src/verdict/identity.ts';
import {
  AGGREGATED_ACTOR,
  AGGREGATOR,
  makeIdentityFixtures,
  NAMED_ACTOR,
} from '../sign/identity-fixtures.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');
let dir: string;

const provlens = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, 'bin/provlens.js'), ...args], { cwd: dir, timeout: 120_000 });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'provlens-identity-'));
  const fixtures = await makeIdentityFixtures();
  writeFileSync(path.join(dir, 'by-ana.jpg'), fixtures.valid);
  writeFileSync(path.join(dir, 'tampered-identity.jpg'), fixtures.tampered);
  writeFileSync(path.join(dir, 'our-anchors.pem'), fixtures.anchorsPem);
  writeFileSync(path.join(dir, 'aggregated.jpg'), fixtures.aggregated);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('provlens verify with CAWG identities', () => {
  it('prints each identity under its row: the named actor, or that it fails', async () => {
    const { stdout } = await provlens('verify', '--no-registry', 'by-ana.jpg', 'tampered-identity.jpg');
    // The table wraps long lines to the terminal width: compare the text with its line breaks undone.
    const text = stdout.replace(/\s+/g, ' ');
    const named = `Identity: ${NAMED_ACTOR} signed as named actor; its signer is on no trust list in force. It signed c2pa.hash.data, c2pa.actions.v2.`;
    const failing =
      'A CAWG identity assertion (cawg.identity) fails validation (cawg.x509.signature.mismatch): it names no one. It signed c2pa.hash.data, c2pa.actions.v2.';
    expect({ named: text.indexOf(named) > 0, failing: text.indexOf(failing) > text.indexOf(named) }).toEqual({
      named: true,
      failing: true,
    });
  });

  it('says which list a trusted identity signer chains to, in the table and the JSON verdict', async () => {
    const table = await provlens('verify', '--no-registry', '--trust', 'our-anchors.pem', 'by-ana.jpg');
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(
      `Identity: ${NAMED_ACTOR} signed as named actor; its signer chains to our-anchors.pem. It signed c2pa.hash.data, c2pa.actions.v2.`,
    );
    const json = await provlens(
      'verify',
      '--no-registry',
      '--json',
      '--trust',
      'our-anchors.pem',
      'by-ana.jpg',
    );
    const verdict = JSON.parse(json.stdout.trim()) as {
      trust: string;
      identities: { name?: string; signerTrusted: boolean; trustList?: string }[];
    };
    expect({
      trust: verdict.trust,
      identities: verdict.identities.map(({ name, signerTrusted, trustList }) => ({
        name,
        signerTrusted,
        trustList,
      })),
    }).toEqual({
      trust: 'verified',
      identities: [{ name: NAMED_ACTOR, signerTrusted: true, trustList: 'our-anchors.pem' }],
    });
  });

  it('prints what an identity aggregator states, and that it is on no list', async () => {
    const { stdout } = await provlens('verify', '--no-registry', 'aggregated.jpg');
    expect(stdout.replace(/\s+/g, ' ')).toContain(
      `Identity: ${AGGREGATED_ACTOR}, as an identity aggregator (${shortIssuer(AGGREGATOR.did)}) states, with verified accounts bea.example on Social Example; https://bea.example on bea.example; the aggregator is on no trust list in force, so this rests on its word alone. It signed c2pa.hash.data, c2pa.actions.v2.`,
    );
  });

  it('writes the identities into the JSON verdict', async () => {
    const { stdout } = await provlens('verify', '--no-registry', '--json', 'by-ana.jpg');
    const verdict = JSON.parse(stdout.trim()) as {
      identities: { name?: string; status: string; covers: string[] }[];
    };
    expect(verdict.identities.map(({ name, status, covers }) => ({ name, status, covers }))).toEqual([
      { name: NAMED_ACTOR, status: 'valid', covers: ['c2pa.hash.data', 'c2pa.actions.v2'] },
    ]);
  });

  it('shows "Who made it" in the HTML report, never naming a failing identity', async () => {
    await provlens(
      'verify',
      '--no-registry',
      '--report',
      'report.html',
      '--trust',
      'our-anchors.pem',
      'by-ana.jpg',
      'tampered-identity.jpg',
      'aggregated.jpg',
    );
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    const tables = [
      ...html.matchAll(/<table class="facts identity" data-status="(\w+)">([\s\S]*?)<\/table>/g),
    ];
    expect(
      tables.map(([, status, body]) => ({
        status,
        named: body?.includes(NAMED_ACTOR) || body?.includes(AGGREGATED_ACTOR),
        failing: body?.includes('Fails validation'),
        signer: /<tr><th>(Identity signer|Aggregator)<\/th><td>([^<]*)<\/td><\/tr>/
          .exec(body ?? '')
          ?.slice(1),
        accounts: [...(body ?? '').matchAll(/<li>([^<]*?) on ([^<]*?)(?: — |<\/li>)/g)].map(
          (m) => `${m[1]} on ${m[2]}`,
        ),
      })),
    ).toEqual([
      {
        status: 'valid',
        named: true,
        failing: false,
        signer: ['Identity signer', 'chains to our-anchors.pem'],
        accounts: [],
      },
      { status: 'invalid', named: false, failing: true, signer: undefined, accounts: [] },
      {
        status: 'valid',
        named: true,
        failing: false,
        signer: [
          'Aggregator',
          'on no list of trusted aggregators in force: what it verified rests on its word alone',
        ],
        accounts: ['bea.example on Social Example', 'https://bea.example on bea.example'],
      },
    ]);
    const browser = await chromium.launch({
      executablePath: findChromium() ?? 'chromium',
      args: [...CHROMIUM_FLAGS],
    });
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.setContent(html);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('h3', { hasText: 'Who made it' }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'report-identity.png'), fullPage: true });
    const identityTables = page.locator('table.identity');
    await identityTables.first().screenshot({ path: path.join(SCREENSHOTS, 'report-identity-trusted.png') });
    await identityTables
      .last()
      .screenshot({ path: path.join(SCREENSHOTS, 'report-identity-aggregator.png') });
    await browser.close();
  });
});
