// Extension size: the content script (injected into every page) and the popup bundle, minified and gzipped
// (the build itself is left unminified for store review), and the wasm engine on its own.
// Run: npx tsx bench/size.ts   (part of `npm run bench`)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';
import type { BenchSection } from './report.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KB = 1024;

interface Size {
  raw: number;
  min: number;
  minGzip: number;
}

async function sizeOf(files: string[]): Promise<Size> {
  const total: Size = { raw: 0, min: 0, minGzip: 0 };
  for (const file of files) {
    const source = readFileSync(file);
    total.raw += source.length;
    if (file.endsWith('.js') || file.endsWith('.css')) {
      const { code } = await transform(source.toString('utf8'), {
        minify: true,
        loader: file.endsWith('.css') ? 'css' : 'js',
      });
      total.min += Buffer.byteLength(code);
      total.minGzip += gzipSync(code, { level: 9 }).length;
    } else {
      total.min += source.length;
      total.minGzip += gzipSync(source, { level: 9 }).length;
    }
  }
  return total;
}

/** A page's script and stylesheets, and every module they import statically (what opening it loads). */
function pageFiles(outDir: string, htmlPath: string): string[] {
  const html = readFileSync(path.join(outDir, htmlPath), 'utf8');
  const found = new Set<string>();
  const queue = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) =>
    path.join(outDir, m[1] ?? ''),
  );
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (found.has(file) || !existsSync(file)) continue;
    found.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(
      /(?:^|[\s;])(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?["'](\.[^"']+)["']/g,
    )) {
      queue.push(path.resolve(path.dirname(file), m[1] ?? ''));
    }
  }
  return [...found];
}

export async function benchSize(): Promise<BenchSection> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'provlens-bench-build-'));
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      mode: 'chrome',
      logLevel: 'error',
      build: { outDir },
    });
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as {
      content_scripts?: { js?: string[] }[];
      action?: { default_popup?: string };
    };
    const contentFiles = (manifest.content_scripts ?? [])
      .flatMap((c) => c.js ?? [])
      .map((f) => path.join(outDir, f));
    const popupHtml = manifest.action?.default_popup ?? 'extension/popup/popup.html';
    const popupFiles = pageFiles(outDir, popupHtml);
    const wasmFiles = readdirSync(path.join(outDir, 'assets'))
      .filter((f) => f.endsWith('.wasm'))
      .map((f) => path.join(outDir, 'assets', f));
    const content = await sizeOf(contentFiles);
    const popup = await sizeOf(popupFiles);
    const wasm = await sizeOf(wasmFiles);
    const all = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    const everything = all(outDir).reduce((n, f) => n + readFileSync(f).length, 0);
    const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;
    const row = (label: string, s: Size, detail: string): string[] => [
      label,
      kb(s.minGzip),
      `min+gzip; ${kb(s.min)} minified, ${kb(s.raw)} as built${detail}`,
      '',
    ];
    return {
      title: 'Extension size (Chrome build)',
      rows: [
        row('content scripts', content, ': the page scan in every frame, the spotter in the top frame'),
        row('popup bundle', popup, ` (${popupFiles.length} files: script, imports, CSS)`),
        [
          'wasm engine (c2pa-rs)',
          kb(wasm.minGzip),
          `gzip; ${kb(wasm.raw)} as shipped, loaded only by the offscreen verifier`,
          '',
        ],
        ['whole extension as built', kb(everything), 'uncompressed, all files', ''],
      ],
      results: {
        contentScript: content,
        popup,
        popupFiles: popupFiles.map((f) => path.relative(outDir, f)),
        wasm,
        totalBytes: everything,
      },
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report.ts');
  printTable([await benchSize()]);
}
