// `provlens trust`: the bundled snapshot is in force on a fresh machine, and `trust import` puts local
// copies of the official lists into the cache, refusing files that are not lists.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/verdict/types.ts';
import { CORPUS_FILES, SHARED } from '../support/shared.ts';

const BIN = new URL('../../bin/provlens.js', import.meta.url).pathname;

function provlens(cache: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PROVLENS_CACHE: cache, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const freshCache = () => mkdtempSync(join(tmpdir(), 'provlens-trust-'));

describe('provlens trust', () => {
  it('shows the bundled snapshot in force on a machine that never fetched a list', () => {
    const { code, stdout } = provlens(freshCache(), 'trust', 'status');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'C2PA trust list                             30 entries  bundled  snapshot of 2026-11-25',
      'C2PA time-stamping trust list               22 entries  bundled  snapshot of 2026-11-25',
      'Content Credentials interim trust list      18 entries  bundled  snapshot of 2026-11-25',
      'Content Credentials allowed signers         86 entries  bundled  snapshot of 2026-11-25',
      'Content Credentials signing purposes         6 entries  bundled  snapshot of 2026-11-25',
    ]);
  });

  it('verifies a file whose signer is on the official lists with no flag and no fetch', () => {
    const { code, stdout } = provlens(
      freshCache(),
      'verify',
      '--json',
      '--no-registry',
      `${CORPUS_FILES}pt-truepic-20230212-camera.jpg`,
    );
    expect(code).toBe(0);
    const verdict = JSON.parse(stdout) as Verdict;
    expect(verdict.trust).toBe('verified');
    expect(verdict.signer?.trustList).toBe('Content Credentials interim trust list');
  });

  it('imports local copies of the official lists and says what it imported', () => {
    const cache = freshCache();
    const imported = provlens(
      cache,
      'trust',
      'import',
      `${SHARED}trust/c2pa-conformance`,
      `${SHARED}trust/interim-verify-site`,
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout.trim().split('\n')).toEqual([
      `imported C2PA trust list: 30 entries from ${SHARED}trust/c2pa-conformance/C2PA-TRUST-LIST.pem`,
      `imported C2PA time-stamping trust list: 22 entries from ${SHARED}trust/c2pa-conformance/C2PA-TSA-TRUST-LIST.pem`,
      `imported Content Credentials allowed signers: 86 entries from ${SHARED}trust/interim-verify-site/allowed.sha256.txt`,
      `imported Content Credentials interim trust list: 18 entries from ${SHARED}trust/interim-verify-site/anchors.pem`,
      `imported Content Credentials signing purposes: 6 entries from ${SHARED}trust/interim-verify-site/store.cfg`,
    ]);
    const status = provlens(cache, 'trust', 'status', '--json')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; source: string; certificates: number });
    expect(status.map((s) => [s.id, s.source, s.certificates])).toEqual([
      ['c2pa-conformance', 'imported', 30],
      ['c2pa-tsa', 'imported', 22],
      ['interim', 'imported', 18],
      ['interim-allowed', 'imported', 86],
      ['interim-eku', 'imported', 6],
    ]);
  });

  it('refuses a file named like a list that holds no certificate, and keeps the list in force', () => {
    const cache = freshCache();
    const dir = join(cache, 'lists');
    mkdirSync(dir);
    writeFileSync(join(dir, 'anchors.pem'), '<html>captive portal</html>');
    const run = provlens(cache, 'trust', 'import', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `provlens: ${join(dir, 'anchors.pem')} not imported: the file holds no readable certificate\n`,
    );
    expect(provlens(cache, 'trust', 'status').stdout).toContain(
      'Content Credentials interim trust list      18 entries  bundled  snapshot of 2026-11-25',
    );
  });

  it('exits 2 when a folder holds no official list', () => {
    const cache = freshCache();
    const run = provlens(cache, 'trust', 'import', `${SHARED}corpus/files/rs-C.jpg`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no official list found in');
    expect(run.stderr).toContain('C2PA-TRUST-LIST.pem, C2PA-TSA-TRUST-LIST.pem, anchors.pem');
  });
});
