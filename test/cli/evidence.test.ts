// provlens as a journalist runs it: no input is ever lost, the table reads at any width, the evidence
// report records everything needed to repeat the check, and `provlens recheck` repeats it.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingredientTrustFixtures } from '../../demo/media/ingredient-trust.ts';
import type { EvidenceRecord } from '../../src/report/evidence.ts';
import { sha256Hex } from '../../src/verify/sha256.ts';
import { CORPUS_FILES, PINNED_CLOCK, SHARED } from '../support/shared.ts';

const BIN = new URL('../../bin/provlens.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'provlens-evidence-'));

function provlens(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, PROVLENS_CACHE: join(work, 'cache'), NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const TRUST_PEM = `${SHARED}trust/interim-verify-site/anchors.pem`;

beforeAll(async () => {
  const fixtures = await ingredientTrustFixtures();
  writeFileSync(join(work, 'agency.pem'), fixtures.anchorPem);
  writeFileSync(join(work, 'agency-edit.jpg'), fixtures.jpeg);
  writeFileSync(join(work, 'agency-edit.mp4'), fixtures.mp4);
  writeFileSync(join(work, 'text.jpg'), 'hello, this is text\n');
  writeFileSync(join(work, 'empty.jpg'), '');
  copyFileSync(`${CORPUS_FILES}rs-cai.jpg`, join(work, 'rs-cai.jpg'));
  copyFileSync(`${CORPUS_FILES}pt-adobe-20220124-XCA.jpg`, join(work, 'tampered.jpg'));
}, 120_000);

describe('no input is lost', () => {
  it('gives a missing, an empty and a mis-named file one JSON line each, and exits 1', () => {
    const { code, stdout, stderr } = provlens([
      'verify',
      '--json',
      '--no-registry',
      '--no-trust-lists',
      'nope.jpg',
      'empty.jpg',
      'text.jpg',
      'rs-cai.jpg',
    ]);
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; trust: string; errorKind?: string; message?: string });
    expect(lines.map((l) => [l.file, l.trust, l.errorKind, l.message])).toEqual([
      ['nope.jpg', 'error', 'not-found', 'Could not open nope.jpg: no such file or folder (ENOENT).'],
      ['empty.jpg', 'error', 'empty', 'The file is empty.'],
      [
        'text.jpg',
        'error',
        'wrong-format',
        'This is not a JPEG: its content does not match the .jpg extension.',
      ],
      ['rs-cai.jpg', 'untrusted', undefined, undefined],
    ]);
    expect(stderr).toContain(
      'provlens: 4 inputs: 3 unreadable · 1 valid, signer not trusted; 2 could not be read at all; 1 AI-derived',
    );
  });

  it('counts a file it may not open and exits 1', () => {
    const locked = join(work, 'locked.jpg');
    copyFileSync(`${CORPUS_FILES}rs-cai.jpg`, locked);
    chmodSync(locked, 0o000);
    const { code, stdout } = provlens(['verify', '--json', '--no-registry', '--no-trust-lists', locked]);
    // root reads any file; then the verdict is a real one.
    const line = JSON.parse(stdout) as { trust: string; errorKind?: string };
    if (process.getuid?.() === 0) expect([code, line.trust]).toEqual([0, 'untrusted']);
    else expect([code, line.trust, line.errorKind]).toEqual([1, 'error', 'unreadable']);
  });

  it('with --strict exits 3 for an invalid file, 0 without', () => {
    const args = [
      'verify',
      '--json',
      '--no-registry',
      '--no-trust-lists',
      '--at',
      PINNED_CLOCK,
      'tampered.jpg',
    ];
    expect(provlens(args).code).toBe(0);
    expect(provlens([...args, '--strict']).code).toBe(3);
    expect(provlens(['verify', '--no-registry', '--no-trust-lists', '--strict', 'rs-cai.jpg']).code).toBe(0);
  }, 180_000);

  it('refuses a --trust file that does not exist with a sentence and exit 2', () => {
    const { code, stdout, stderr } = provlens(['verify', '--trust', 'missing.pem', 'rs-cai.jpg']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'provlens: cannot read the file given to --trust, missing.pem: no such file or folder (ENOENT)',
    );
  });

  it('refuses an unwritable --report path before reading any file', () => {
    const { code, stdout, stderr } = provlens([
      'verify',
      '--no-registry',
      '--report',
      join(work, 'no-such-folder', 'report.html'),
      'rs-cai.jpg',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `provlens: cannot write the report to ${join(work, 'no-such-folder', 'report.html')}: no such file or folder (ENOENT)`,
    );
  });

  it('documents the exit codes and --strict in --help', () => {
    const { stdout } = provlens(['verify', '--help']);
    expect(stdout).toContain('--strict');
    expect(stdout).toContain('3  only with --strict: an input is "invalid" or "error"');
    expect(stdout).toContain(
      '1  an input could not be read at all (no such file, unreadable, empty, download failed)',
    );
  });
});

describe('the table', () => {
  const args = [
    'verify',
    '--no-registry',
    '--trust',
    'agency.pem',
    '--at',
    PINNED_CLOCK,
    'agency-edit.jpg',
    'tampered.jpg',
  ];

  it('at 160 columns puts WHY in a column wrapped to the width, with the legend under the table', () => {
    const { stdout } = provlens(args, { COLUMNS: '160' });
    const lines = stdout.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(160);
    expect(lines[0]).toMatch(/^FILE\s+TRUST\s+ORIGIN\s+SIGNER\s+CR WHY$/);
    expect(stdout).toContain('one of its ingredients (“unlisted-source.jpg”)');
    expect(stdout).toContain('CR: credits: how many sources the file names as its ingredients');
  });

  it('at 80 columns puts WHY on indented lines under each row', () => {
    const { stdout } = provlens(args, { COLUMNS: '80' });
    const lines = stdout.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^FILE\s+TRUST\s+ORIGIN\s+SIGNER\s+CR$/);
    expect(lines[1]).toMatch(/^agency-edit\.jpg\s+verified\s+human-capture\s+Example News Agency\s+1$/);
    expect(lines[2]).toBe('    Signed by Example News Agency (trusted: the certificate chains to');
    expect(lines[3]).toMatch(
      /^ {4}agency\.pem\); one of its ingredients \(“unlisted-source\.jpg”\) is signed by$/,
    );
  });

  it('marks an invalid credential’s origin "(unproven)" and names the failing code and its meaning', () => {
    const { stdout } = provlens(args, { COLUMNS: '80' });
    const at = stdout.split('\n').findIndex((l) => l.startsWith('tampered.jpg'));
    const rows = stdout.split('\n').slice(at, at + 4);
    expect(rows[0]).toMatch(/^tampered\.jpg\s+invalid\s+human-made\s+C2PA Test Signing Cert\s+1$/);
    expect(rows[1]).toMatch(/^ {35}\(unproven\) {9}\(C2PA Signer\)$/);
    expect(rows.slice(2).join(' ').replace(/\s+/g, ' ')).toContain(
      'The credential fails validation: assertion.dataHash.mismatch (the file’s content was changed after it was signed',
    );
  });

  it('shows the organisation of the signing certificate', () => {
    const { stdout } = provlens(
      ['verify', '--no-registry', '--trust', TRUST_PEM, '--at', PINNED_CLOCK, 'rs-cai.jpg'],
      { COLUMNS: '160' },
    );
    expect(stdout).toMatch(
      /rs-cai\.jpg\s+verified\s+ai-generated\s+Adobe Inc\. \(Adobe Firefly\s+0 Signed by Adobe Inc\. \(Adobe Firefly C2PA Stage\) \(trusted: the\n/,
    );
  });
});

describe('the evidence report and recheck', () => {
  let html: string;
  let record: EvidenceRecord;
  const report = () => join(work, 'evidence.html');

  beforeAll(() => {
    const { code, stderr } = provlens(
      [
        'verify',
        '--no-registry',
        '--trust',
        TRUST_PEM,
        '--trust',
        'agency.pem',
        '--allowed',
        `${SHARED}trust/interim-verify-site/allowed.sha256.txt`,
        '--trust-config',
        `${SHARED}trust/interim-verify-site/store.cfg`,
        '--at',
        PINNED_CLOCK,
        '--report',
        report(),
        'rs-cai.jpg',
        'agency-edit.mp4',
        'tampered.jpg',
        'nope.jpg',
      ],
      { TZ: 'Europe/Berlin' },
    );
    expect(stderr).toContain('evidence report written');
    expect(code).toBe(1);
    html = readFileSync(report(), 'utf8');
  }, 120_000);

  it('embeds the record as a JSON data block the CSP leaves inert', () => {
    const window = new Window();
    window.document.write(html);
    const doc = window.document;
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content');
    expect(csp).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.map((s) => [s.getAttribute('type'), s.id])).toEqual([
      ['application/json', 'provlens-evidence'],
    ]);
    record = JSON.parse(scripts[0]!.textContent!) as EvidenceRecord;
    expect(html).not.toMatch(/src="http|href="http/);
    window.close();
  });

  it('records the command, options, time, versions and every list with path, date and SHA-256', async () => {
    expect(record.command.slice(0, 4)).toEqual(['provlens', 'verify', '--no-registry', '--trust']);
    expect(record.options.at).toBe(PINNED_CLOCK);
    expect(record.checkedAt).toBe('2026-11-25T00:00:00.000Z');
    expect(record.versions.engine).toBe('@contentauth/c2pa-wasm 0.11.0 (from @contentauth/c2pa-web 0.13.1)');
    expect(record.versions.provlens).toBe('0.1.0');
    expect(record.timeZone.name).toBe('Europe/Berlin');
    expect(record.trustLists.map((l) => [l.role, l.name, l.location])).toEqual([
      ['anchors', 'anchors.pem', TRUST_PEM],
      ['anchors', 'agency.pem', 'agency.pem'],
      ['allowed', 'allowed.sha256.txt', `${SHARED}trust/interim-verify-site/allowed.sha256.txt`],
      ['trust-config', 'store.cfg', `${SHARED}trust/interim-verify-site/store.cfg`],
    ]);
    const anchors = readFileSync(TRUST_PEM);
    expect(record.trustLists[0]!.sha256).toBe(await sha256Hex(anchors));
    expect(record.trustLists.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.date ?? ''))).toBe(true);
  });

  it('shows every recorded field in the page', () => {
    const window = new Window();
    window.document.write(html);
    const text = window.document.body.textContent!;
    window.close();
    for (const list of record.trustLists) {
      expect(text).toContain(list.sha256);
      expect(text).toContain(list.location);
    }
    expect(text).toContain(record.versions.engine);
    expect(text).toContain(record.versions.node);
    expect(text).toContain('provlens verify --no-registry --trust');
    expect(text).toContain('2026-11-25 00:00:00 UTC');
    expect(text).toContain('25 Nov 2026, 01:00:00 CET (Europe/Berlin)');
    expect(text).toContain('the time zone of the machine that made this report');
    for (const item of record.items) {
      expect(text).toContain(item.sha256 || item.file);
      for (const cert of [...(item.signerChain ?? []), ...(item.tsaChain ?? [])])
        expect(text).toContain(cert.sha256);
    }
    expect(text).toContain('That the media is fake or AI-made: most genuine media carries no credential');
    expect(text).toContain('frame at 1 s, extracted with ffmpeg');
    expect(html).toContain('@media print');
  });

  it('records the whole certificate chains of signer and time-stamp authority', () => {
    const cai = record.items.find((i) => i.name === 'rs-cai.jpg')!;
    expect(cai.trust).toBe('verified');
    expect(cai.signerChain?.map((c) => c.subject.split(', ')[0])).toEqual([
      'CN=Adobe Firefly C2PA Stage',
      'C=US',
    ]);
    expect(cai.signerChain?.[1]?.subject).toContain('CN=Adobe Product Services G4');
    expect(cai.tsaChain?.map((c) => /CN=([^,]+)/.exec(c.subject)?.[1])).toEqual([
      'Adobe SHA256 ECC256 Timestamp Responder 2025 1',
      'DigiCert Trusted G4 TimeStamping RSA4096 SHA256 2025 CA1',
    ]);
    for (const cert of [...cai.signerChain!, ...cai.tsaChain!]) expect(cert.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.items.find((i) => i.name === 'nope.jpg')?.errorKind).toBe('not-found');
  });

  it('recheck finds nothing different on the same files', () => {
    const { code, stdout } = provlens(['recheck', report(), 'rs-cai.jpg', 'agency-edit.mp4', 'tampered.jpg']);
    expect(stdout).toContain('same     rs-cai.jpg: verified');
    expect(stdout).toContain('same     tampered.jpg: invalid');
    expect(stdout).toContain('3 file(s) rechecked');
    expect(stdout).toContain('nothing differs; not given: nope.jpg');
    expect(code).toBe(0);
  }, 120_000);

  it('recheck names the file whose bytes changed by one byte', () => {
    const copy = join(work, 'changed');
    mkdirSync(copy, { recursive: true });
    const bytes = readFileSync(join(work, 'rs-cai.jpg'));
    bytes[bytes.length - 200] = bytes[bytes.length - 200]! ^ 0x01;
    writeFileSync(join(copy, 'rs-cai.jpg'), bytes);
    copyFileSync(join(work, 'tampered.jpg'), join(copy, 'tampered.jpg'));
    const { code, stdout } = provlens([
      'recheck',
      report(),
      join(copy, 'rs-cai.jpg'),
      join(copy, 'tampered.jpg'),
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^DIFFERS {2}.*rs-cai\.jpg: SHA-256 [0-9a-f]{64} → [0-9a-f]{64}; verdict verified → invalid; codes added: assertion\.dataHash\.mismatch$/m,
    );
    expect(stdout).toMatch(/^same {5}.*tampered\.jpg: invalid/m);
  }, 120_000);

  it('recheck refuses when a recorded trust list changed', () => {
    const moved = join(work, 'moved');
    mkdirSync(moved, { recursive: true });
    writeFileSync(join(moved, 'agency.pem'), `${readFileSync(join(work, 'agency.pem'), 'utf8')}\n`);
    const run = spawnSync(process.execPath, [BIN, 'recheck', report(), join(work, 'rs-cai.jpg')], {
      cwd: moved,
      encoding: 'utf8',
      env: { ...process.env, PROVLENS_CACHE: join(work, 'cache') },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'the trust list agency.pem (agency.pem) is not the one the report used: its SHA-256 is now',
    );
  });
});
