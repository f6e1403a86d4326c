// One config, two targets: `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox.
// The manifest is manifest.json (Chrome shape); Firefox gets a background page, a sidebar and no offscreen.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { WARM_SAMPLE_FILE } from './scripts/warm-sample.ts';

type Target = 'chrome' | 'firefox';
type Manifest = Record<string, unknown> & {
  background?: unknown;
  permissions?: string[];
  side_panel?: { default_path: string };
  action?: { default_icon?: Record<string, string> };
};

const CONTENT_SCRIPT = 'extension/content/main.ts';
const SPOT_SCRIPT = 'extension/content/spot-media.ts';
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
 * Ships the verifier's warm-up sample (scripts/warm-sample.ts), made by a child process: the signing
 * engine can be set up only once in a process, and the process running a build may have set up its own.
 */
function warmUpSample(): Plugin {
  const script = fileURLToPath(new URL('./scripts/warm-sample.ts', import.meta.url));
  return {
    name: 'provenance-lens-warm-up-sample',
    apply: 'build',
    generateBundle() {
      const source = execFileSync(process.execPath, ['--import', 'tsx', script], {
        maxBuffer: 1024 * 1024,
      });
      this.emitFile({ type: 'asset', fileName: WARM_SAMPLE_FILE, source });
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
        contentScripts: { standaloneFiles: [CONTENT_SCRIPT, SPOT_SCRIPT] },
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
