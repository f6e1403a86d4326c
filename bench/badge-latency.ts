// Time from navigation start to the on-page badge, for pages holding one credentialed medium: the corpus
// files with a manifest (../shared/corpus, read in place) or, without it, the project's generated fixtures.
// One Chromium with the built extension; a warm-up page with another file first; then, per file, a first
// load (the extension has never seen it: cold) and two more loads (the extension's caches). The page and
// its media are served with `no-store`, so no load is helped by the HTTP cache. The badge time is taken
// by a main-world MutationObserver when the first badge host <provenance-lens-overlay> is inserted; the page's
// own load event, measured on the same loads, is the baseline.
// Run: npx tsx bench/badge-latency.ts [--only a.jpg,b.png]   (part of `npm run bench`)
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ensureFixtures } from '../demo/media/generate.ts';
import { SHARED, startHarness } from '../test/e2e/support.ts';
import { type BenchSection, median, percentile } from './report.ts';

const MEDIA_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.heic': 'image/heic',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
};

/** The closest peer extension on the same corpus, same harness design (first load, no cache). */
export const PEER_FIRST_LOAD = { medianMs: 307, p90Ms: 485 };

interface Medium {
  file: string;
  path: string;
  format: string;
}

interface Timing {
  file: string;
  format: string;
  /** Badge after navigation start, per load (null: no badge within the wait). */
  badgeMs: (number | null)[];
  /** The page's own load event after navigation start, per load. */
  loadMs: number[];
}

const typeOf = (file: string): string | undefined => MEDIA_TYPES[path.extname(file).toLowerCase()];

/** Corpus files whose credential the catalog says is there and readable (valid or invalid). */
function corpusMedia(): Medium[] | undefined {
  const catalog = path.join(SHARED, 'corpus/CATALOG.tsv');
  if (!existsSync(catalog)) return undefined;
  const [head, ...rows] = readFileSync(catalog, 'utf8').trim().split('\n');
  const columns = (head ?? '').split('\t');
  const column = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  return rows
    .map((line) => line.split('\t'))
    .filter(
      (row) =>
        column(row, 'has_manifest') === 'yes' &&
        ['valid', 'invalid'].includes(column(row, 'expected_validity')) &&
        typeOf(column(row, 'file')) !== undefined,
    )
    .map((row) => ({
      file: column(row, 'file'),
      path: path.join(SHARED, 'corpus/files', column(row, 'file')),
      format: column(row, 'format'),
    }));
}

/** The project's own signed media, when the shared corpus is absent. */
async function fixtureMedia(): Promise<Medium[]> {
  const fixtures = await ensureFixtures();
  const files = [
    'human-capture.jpg',
    'ai-generated.jpg',
    'ai-edited.jpg',
    'composite.jpg',
    'human-made.png',
    'untrusted.jpg',
    'tampered-claim.jpg',
    'audio.wav',
    'video.mp4',
  ] as const;
  return files.map((file) => ({
    file,
    path: fixtures.path(file),
    format: path.extname(file).slice(1).replace('jpg', 'jpeg'),
  }));
}

function tagFor(file: string, url: string): string {
  const type = typeOf(file) ?? '';
  if (type.startsWith('video/')) return `<video controls src="${url}"></video>`;
  if (type.startsWith('audio/')) return `<audio controls src="${url}"></audio>`;
  return `<img src="${url}" width="480" alt="">`;
}

async function serve(media: Medium[]): Promise<{ url(file: string): string; close(): Promise<void> }> {
  const byName = new Map(media.map((m) => [m.file, m]));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = url.searchParams.get('f') ?? '';
    const medium = byName.get(name);
    if (url.pathname === '/p' && medium) {
      const html = `<!doctype html><meta charset="utf-8"><title>one medium</title><h1>page</h1>${tagFor(name, `/m?f=${encodeURIComponent(name)}`)}`;
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html);
      return;
    }
    if (url.pathname === '/m' && medium) {
      const body = readFileSync(medium.path);
      res
        .writeHead(200, {
          'content-type': typeOf(name) ?? 'application/octet-stream',
          'content-length': body.length,
          'cache-control': 'no-store',
        })
        .end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (file) => `http://127.0.0.1:${port}/p?f=${encodeURIComponent(file)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Stamps the badge host's insertion (ms after navigation start) in the page's own world. A string, not a
 * function: the TypeScript loader adds name helpers to functions that do not exist in the page.
 */
const STAMP_BADGE = `(() => {
  const observer = new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes)
        if (node.nodeName === 'PROVENANCE-LENS-OVERLAY' && window.__badgeMs === undefined)
          window.__badgeMs = performance.now();
  });
  const observe = () => observer.observe(document.documentElement, { childList: true, subtree: true });
  if (document.documentElement) observe();
  else document.addEventListener('readystatechange', observe, { once: true });
})();`;

async function load(
  context: BrowserContext,
  url: string,
  waitMs: number,
): Promise<{ badgeMs: number | null; loadMs: number }> {
  const page = await context.newPage();
  // Polled over the DevTools protocol with a plain expression: Playwright's own waiting helpers first
  // install a large script in the page, and its tens of milliseconds would land on the page's main
  // thread just when the badge is due (a person's browser runs no such script).
  const cdp = await context.newCDPSession(page);
  const read = async (expression: string): Promise<number | null> => {
    const { result } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
    return typeof result.value === 'number' ? result.value : null;
  };
  const stamp = () => read('window.__badgeMs ?? null');
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    let badge = await stamp();
    for (const until = Date.now() + waitMs; badge === null && Date.now() < until; badge = await stamp())
      await new Promise((resolve) => setTimeout(resolve, 20));
    const loadMs =
      (await read("performance.getEntriesByType('navigation')[0]?.loadEventStart ?? null")) ?? NaN;
    return { badgeMs: badge === null ? null : Math.round(badge), loadMs: Math.round(loadMs) };
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
  }
}

export async function measureBadgeLatency(options: { only?: string[]; log?: boolean } = {}): Promise<{
  source: string;
  timings: Timing[];
}> {
  const corpus = corpusMedia();
  const all = corpus ?? (await fixtureMedia());
  const media = options.only ? all.filter((m) => options.only?.includes(m.file)) : all;
  // The warm-up file is one the run does not measure, when there is one.
  const warm = all.find((m) => !media.includes(m) && m.format === 'jpeg') ?? media[1] ?? media[0];
  const site = await serve(all);
  const harness = await startHarness('bench-badge-latency');
  const timings: Timing[] = [];
  try {
    await harness.context.addInitScript({ content: STAMP_BADGE });
    // The first page of a new browser also starts the extension's verifier: not part of any file's figure.
    if (warm) await load(harness.context, site.url(warm.file), 20_000);
    for (const medium of media) {
      const timing: Timing = { file: medium.file, format: medium.format, badgeMs: [], loadMs: [] };
      for (let round = 0; round < 3; round++) {
        const { badgeMs, loadMs } = await load(harness.context, site.url(medium.file), 15_000);
        timing.badgeMs.push(badgeMs);
        timing.loadMs.push(loadMs);
      }
      timings.push(timing);
      if (options.log) process.stderr.write(`${medium.file}\t${timing.badgeMs.join('\t')}\n`);
    }
  } finally {
    await harness.close();
    await site.close();
  }
  return { source: corpus ? '../shared/corpus' : 'generated fixtures', timings };
}

const shown = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);

function figures(xs: number[]): { medianMs: number; p90Ms: number; n: number } {
  return { medianMs: Math.round(median(xs)), p90Ms: Math.round(percentile(xs, 90)), n: xs.length };
}

export async function benchBadgeLatency(options: { only?: string[] } = {}): Promise<BenchSection> {
  const { source, timings } = await measureBadgeLatency({ ...options, log: true });
  const cold = shown(timings.map((t) => t.badgeMs[0] ?? null));
  const cached = shown(timings.flatMap((t) => t.badgeMs.slice(1)));
  const pageLoad = timings.flatMap((t) => t.loadMs).filter(Number.isFinite);
  const missing = timings.filter((t) => t.badgeMs.some((ms) => ms === null)).map((t) => t.file);
  const byFormat: Record<string, { cold: ReturnType<typeof figures>; cached: ReturnType<typeof figures> }> =
    {};
  for (const format of [...new Set(timings.map((t) => t.format))].sort()) {
    const of = timings.filter((t) => t.format === format);
    byFormat[format] = {
      cold: figures(shown(of.map((t) => t.badgeMs[0] ?? null))),
      cached: figures(shown(of.flatMap((t) => t.badgeMs.slice(1)))),
    };
  }
  const coldFigures = figures(cold);
  const cachedFigures = figures(cached);
  const loadFigures = figures(pageLoad);
  const rows = [
    [
      `first load (cold), ${timings.length} files`,
      `${coldFigures.medianMs} ms median, p90 ${coldFigures.p90Ms}`,
      `peer extension ${PEER_FIRST_LOAD.medianMs} ms (p90 ${PEER_FIRST_LOAD.p90Ms}); the page's own load event ${loadFigures.medianMs} ms median`,
      'target ≤ 150 ms median',
    ],
    [
      'later loads (verdict cache)',
      `${cachedFigures.medianMs} ms median, p90 ${cachedFigures.p90Ms}`,
      `${cached.length} loads`,
      'target ≤ 80 ms median',
    ],
    ...Object.entries(byFormat).map(([format, f]) => [
      `  ${format} (${f.cold.n} files)`,
      `cold ${f.cold.medianMs} ms (p90 ${f.cold.p90Ms}), cached ${f.cached.medianMs} ms (p90 ${f.cached.p90Ms})`,
      '',
      '',
    ]),
    ...(missing.length > 0 ? [['no badge within 15 s', String(missing.length), missing.join(', '), '']] : []),
  ];
  return {
    title: `Badge latency in Chromium (one medium per page, ${source})`,
    rows,
    results: {
      source,
      cold: coldFigures,
      cached: cachedFigures,
      pageLoad: loadFigures,
      peerFirstLoad: PEER_FIRST_LOAD,
      byFormat,
      missing,
      files: timings,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report.ts');
  const at = process.argv.indexOf('--only');
  const only = at >= 0 ? (process.argv[at + 1] ?? '').split(',').filter(Boolean) : undefined;
  printTable([await benchBadgeLatency(only ? { only } : {})]);
  process.exit(0);
}
