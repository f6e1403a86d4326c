// The provlens CLI as a person runs it: exit codes, the table, JSON lines that agree with the catalog,
// and the HTML evidence report.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithCatalog } from '../../scripts/catalog-agreement.ts';
import type { Verdict } from '../../src/verdict/types.ts';
import { CORPUS_FILES, PINNED_CLOCK, SHARED } from '../support/shared.ts';

const BIN = new URL('../../bin/provlens.js', import.meta.url).pathname;
const cache = mkdtempSync(join(tmpdir(), 'provlens-cli-'));

function provlens(...args: string[]) {
  return provlensIn(undefined, ...args);
}

function provlensIn(cwd: string | undefined, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    ...(cwd ? { cwd } : {}),
    encoding: 'utf8',
    env: { ...process.env, PROVLENS_CACHE: cache, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const REF_TRUST = [
  '--trust',
  `${SHARED}trust/c2pa-conformance/C2PA-TRUST-LIST.pem`,
  '--trust',
  `${SHARED}trust/c2pa-conformance/C2PA-TSA-TRUST-LIST.pem`,
  '--trust',
  `${SHARED}trust/interim-verify-site/anchors.pem`,
  '--allowed',
  `${SHARED}trust/interim-verify-site/allowed.sha256.txt`,
  '--trust-config',
  `${SHARED}trust/interim-verify-site/store.cfg`,
];

describe('provlens verify', () => {
  it('documents every option in --help', () => {
    const { code, stdout } = provlens('verify', '--help');
    expect(code).toBe(0);
    for (const option of [
      '--json',
      '--trust <file>',
      '--trust-config',
      '--allowed',
      '--no-trust-lists',
      '--remote',
      '--report',
      '--at',
    ]) {
      expect(stdout).toContain(option);
    }
  });

  it('exits 2 with a message for an unknown option', () => {
    const { code, stderr } = provlens('verify', '--frobnicate', 'x.jpg');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--frobnicate'");
  });

  it('exits 2 for a trust file that holds no certificate', () => {
    const { code, stderr } = provlens('verify', '--trust', BIN, `${CORPUS_FILES}rs-C.jpg`);
    expect(code).toBe(2);
    expect(stderr).toContain('holds no readable PEM certificate');
  });

  it('exits 1 for a missing file, gives it its own JSON line and still verifies the others', () => {
    const { code, stdout, stderr } = provlens(
      'verify',
      '--json',
      '--no-trust-lists',
      '--no-registry',
      'no-such-file.jpg',
      `${CORPUS_FILES}rs-C.jpg`,
    );
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Verdict & { file: string; errorKind?: string });
    expect(lines.map((l) => [l.file, l.trust, l.errorKind])).toEqual([
      ['no-such-file.jpg', 'error', 'not-found'],
      [`${CORPUS_FILES}rs-C.jpg`, 'untrusted', undefined],
    ]);
    expect(lines[0]!.message).toBe('Could not open no-such-file.jpg: no such file or folder (ENOENT).');
    expect(stderr).toContain(
      'provlens: 2 inputs: 1 unreadable · 1 valid, signer not trusted; 1 could not be read at all',
    );
  });

  it('works from any folder, not only the project', () => {
    const { code, stdout } = provlensIn(
      tmpdir(),
      'verify',
      '--json',
      '--no-trust-lists',
      '--no-registry',
      `${CORPUS_FILES}rs-C.jpg`,
    );
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Verdict).trust).toBe('untrusted');
  });

  it('uses the bundled trust-list snapshot when no list was fetched', () => {
    const { code, stdout, stderr } = provlens(
      'verify',
      '--no-registry',
      `${CORPUS_FILES}rs-cai.jpg`,
      `${CORPUS_FILES}rs-C.jpg`,
    );
    expect(code).toBe(0);
    expect(stderr).not.toContain('no trust list is in force');
    expect(stdout).toMatch(/rs-cai\.jpg\s+verified\s+ai-generated\s+Adobe Inc\. \(Adobe\s/);
    // Signed by the c2pa-rs test root, which no official list holds.
    expect(stdout).toMatch(/rs-C\.jpg\s+untrusted\s+/);
  });

  it('agrees with CATALOG.tsv over the whole corpus folder, but for two documented rows', () => {
    const { code, stdout } = provlens(
      'verify',
      '--json',
      ...REF_TRUST,
      '--at',
      PINNED_CLOCK,
      '--timeout',
      '8',
      CORPUS_FILES,
    );
    expect(code).toBe(0);
    const verdicts = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Verdict & { file: string });
    expect(verdicts).toHaveLength(70);
    const rows = compareWithCatalog(verdicts);
    expect(rows.filter((r) => !r.agrees).map((r) => r.file)).toEqual([
      // Validated alone; the row holds with its fragment (see test/corpus/corpus.test.ts).
      'rs-dashinit.mp4',
      // The engine panics on it; the verdict is "error", not the catalog's "none".
      'rs-id3v23_compression_underflow.mp3',
    ]);
    expect(rows.filter((r) => r.agrees)).toHaveLength(60);
  }, 180_000);
});
