// One config, two targets: `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox.
// The manifest is manifest.json (Chrome shape); Firefox gets a background page, a sidebar and no offscreen.
import { readFileSync } from 'node:fs';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { WARM_SAMPLE_FILE, warmSample } from './scripts/warm-sample.ts';

type Target = 'chrome' | 'firefox';
type Manifest = Record<string, unknown> & {
  background?: unknown;
  permissions?: string[];
  side_panel?: { default_path: string };
  action?: { default_icon?: Record<string, string> };
};

const CONTENT_SCRIPT = 'extension/content/main.ts';
const BACKGROUND = 'extension/background/main.ts';

export function manifestFor(target: Target): Manifest {
  const base = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as Manifest;
  if (target === 'chrome') {
    const { browser_specific_settings: _gecko, ...chrome } = base;
    return chrome;
  }
  const { side_panel, ...firefox } = base;
  return {
    ...firefox,
    background: { scripts: [BACKGROUND], type: 'module' },
    permissions: (base.permissions ?? []).filter((p) => p !== 'offscreen' && p !== 'sidePanel'),
    sidebar_action: {
      default_panel: side_panel?.default_path ?? 'extension/sidepanel/sidepanel.html',
      default_title: '__MSG_extName__',
      default_icon: base.action?.default_icon ?? {},
      open_at_install: false,
    },
  };
}

/**
 * Ships the verifier's warm-up sample (scripts/warm-sample.ts). Made once per process: each build loads
 * this config afresh, but the signing engine can be set up only once in a process.
 */
function warmUpSample(): Plugin {
  const key = Symbol.for('provenance-lens.warm-up-sample');
  const store = globalThis as { [key]?: Promise<Uint8Array> };
  return {
    name: 'provenance-lens-warm-up-sample',
    apply: 'build',
    async generateBundle() {
      store[key] ??= warmSample();
      this.emitFile({ type: 'asset', fileName: WARM_SAMPLE_FILE, source: await store[key] });
    },
  };
}

export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  const pages = ['inspect/inspect.html', 'register/register.html', 'sidepanel/sidepanel.html'];
  if (target === 'chrome') pages.push('offscreen/offscreen.html');
  return {
    plugins: [
      preact(),
      crx({
        manifest: manifestFor(target) as unknown as ManifestV3Export,
        browser: target,
        contentScripts: { standaloneFiles: [CONTENT_SCRIPT] },
      }),
      warmUpSample(),
    ],
    build: {
      outDir: `dist/${target}`,
      emptyOutDir: true,
      target: target === 'firefox' ? 'firefox128' : 'chrome120',
      // Readable output: store reviewers read it, and it keeps stack traces useful.
      minify: false,
      sourcemap: false,
      chunkSizeWarningLimit: 8000,
      rollupOptions: {
        input: Object.fromEntries(pages.map((page) => [page.split('/')[0] ?? page, `extension/${page}`])),
      },
    },
    worker: { format: 'es' },
    server: { port: 5173, strictPort: true, hmr: { port: 5174 } },
  };
});
