// Serves the demo pages and media on localhost: /, /corpus.html, /hostile.html, /media/*, /corpus/files/*.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { corpusPage, demoPage, formatsPage, hostilePage } from './page.ts';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.heic': 'image/heic',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.c2pa': 'application/c2pa',
};

export interface DemoServerOptions {
  /** Folder of generated, signed media (ensureFixtures). */
  mediaDir: string;
  /** ../shared/corpus, when present. */
  corpusDir?: string;
  /** The local registry's demo files (`.provlens/demo`, written by `provlens chain`), when a chain runs. */
  registryDir?: string;
  port?: number;
}

export interface DemoServer {
  url: string;
  corpusUrl?: string;
  close(): Promise<void>;
}

/** Corpus media rows (trust lists left out) from CATALOG.tsv. */
export function corpusRows(corpusDir: string): { file: string; format: string }[] {
  return (
    readFileSync(path.join(corpusDir, 'CATALOG.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      // Trust lists are inputs, and a standalone .c2pa manifest is not media a page shows.
      .filter((cells) => !(cells[4] ?? '').startsWith('trust-list') && cells[4] !== 'c2pa')
      .map((cells) => ({ file: cells[0] ?? '', format: cells[4] ?? '' }))
  );
}

function sendFile(res: import('node:http').ServerResponse, file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}

/** A file name inside `dir`, or undefined for anything that tries to leave it. */
function inside(dir: string, name: string): string | undefined {
  const file = path.resolve(dir, decodeURIComponent(name));
  return file.startsWith(path.resolve(dir) + path.sep) ? file : undefined;
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const corpus =
    options.corpusDir && existsSync(path.join(options.corpusDir, 'CATALOG.tsv'))
      ? options.corpusDir
      : undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const html = (body: string) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    if (url.pathname === '/' || url.pathname === '/index.html')
      return html(demoPage({ registry: options.registryDir !== undefined }));
    if (url.pathname === '/hostile.html') return html(hostilePage());
    if (url.pathname === '/corpus.html' && corpus) return html(corpusPage(corpusRows(corpus)));
    const heic = corpus ? corpusRows(corpus).find((row) => row.format === 'heic') : undefined;
    if (url.pathname === '/formats.html' && heic) return html(formatsPage(heic.file));
    if (url.pathname.startsWith('/media/')) {
      const file = inside(options.mediaDir, url.pathname.slice('/media/'.length));
      if (file) return sendFile(res, file);
    }
    if (url.pathname.startsWith('/registry/') && options.registryDir) {
      const file = inside(options.registryDir, url.pathname.slice('/registry/'.length));
      if (file) return sendFile(res, file);
    }
    if (url.pathname.startsWith('/corpus/files/') && corpus) {
      const file = inside(path.join(corpus, 'files'), url.pathname.slice('/corpus/files/'.length));
      if (file) return sendFile(res, file);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    ...(corpus ? { corpusUrl: `${url}corpus.html` } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
