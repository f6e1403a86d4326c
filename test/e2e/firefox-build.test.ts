// The Firefox build: one manifest adapted to Firefox (background page, sidebar, gecko id, no offscreen),
// and `web-ext lint` finds no error in it. firefox.test.ts runs the build in Firefox ESR.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support.ts';

const outDir = path.join(ROOT, 'test-results/e2e-build/firefox-lint/firefox');
let manifest: Record<string, unknown>;

beforeAll(async () => {
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    mode: 'firefox',
    logLevel: 'error',
    build: { outDir },
  });
  manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}, 180_000);

describe('Firefox build', () => {
  it('uses a background page, a sidebar and a gecko id instead of Chrome-only features', () => {
    const background = manifest.background as { scripts?: string[]; service_worker?: string };
    expect(background.scripts?.length).toBeGreaterThan(0);
    expect(background.service_worker).toBeUndefined();
    expect((manifest.sidebar_action as { default_panel?: string }).default_panel).toMatch(/sidepanel\.html$/);
    expect(manifest.side_panel).toBeUndefined();
    expect(manifest.permissions).not.toContain('offscreen');
    expect((manifest.browser_specific_settings as { gecko: { id: string } }).gecko.id).toBe(
      'provenance-lens@provenance-lens.org',
    );
    expect((manifest.content_security_policy as { extension_pages: string }).extension_pages).toBe(
      "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    );
  });

  it('passes web-ext lint with no errors', () => {
    const bin = path.join(ROOT, 'node_modules/.bin/web-ext');
    let output: string;
    try {
      output = execFileSync(bin, ['lint', '--source-dir', outDir, '--output', 'json', '--no-input'], {
        encoding: 'utf8',
        timeout: 120_000,
      });
    } catch (error) {
      // web-ext exits non-zero when it finds errors; the JSON report is still on stdout.
      output = String((error as { stdout?: string }).stdout ?? '');
    }
    const report = JSON.parse(output.slice(output.indexOf('{'))) as {
      count: number;
      summary: { errors: number };
      errors: { message: string }[];
    };
    expect(report.errors.map((e) => e.message)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  }, 180_000);
});
