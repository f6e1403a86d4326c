import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExtension, demoDir, releaseDir } from '../../scripts/build.ts';

const root = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'provlens-release-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('the release build', () => {
  it('npm start builds its demo copies beside the release folders, never into them', () => {
    expect([releaseDir('chrome'), releaseDir('firefox')]).toEqual([
      path.join(root, 'dist/chrome'),
      path.join(root, 'dist/firefox'),
    ]);
    expect([demoDir('chrome'), demoDir('firefox')]).toEqual([
      path.join(root, 'dist/demo-chrome'),
      path.join(root, 'dist/demo-firefox'),
    ]);
  });

  it('carries no demo trust seed, no certificate and no local chain set up', async () => {
    await buildExtension(['chrome'], () => out);
    const built = files(out);
    expect(built).toContain('manifest.json');
    expect(built.filter((f) => f.includes('dev-trust'))).toEqual([]);
    const texts = built.filter((f) => /\.(js|json|html|css)$/.test(f));
    const offending = texts.filter((f) => {
      const text = readFileSync(path.join(out, f), 'utf8');
      // A certificate itself (a PEM body), not the code that reads PEM; and no seed marking a local chain.
      return /-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/]{40}/.test(text) || /"local":\s*true/.test(text);
    });
    expect(offending).toEqual([]);
  }, 300_000);
});
