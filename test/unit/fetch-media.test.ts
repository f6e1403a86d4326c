// Downloading page media: cookies only for the tab's own site, and no redirect from a public address into
// the person's own network. A real local server stands in for the private target.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFor, fetchMedia, RefusedFetch, siteOf } from '../../src/verify/network-policy.ts';

let server: Server;
let local: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/to-private') res.writeHead(302, { location: `${local}/secret.jpg` }).end();
    else if (req.url === '/to-other-site')
      res.writeHead(302, { location: 'https://cdn.other.example/a.jpg' }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else res.writeHead(200, { 'content-type': 'image/jpeg' }).end('bytes');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Public host names answered by the local server; records what each request carried. */
function publicWeb(log: { url: string; credentials: RequestCredentials | undefined }[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    log.push({ url: url.href, credentials: init?.credentials });
    const served = url.hostname.endsWith('.example') ? `${local}${url.pathname}` : url.href;
    return fetch(served, init);
  }) as typeof fetch;
}

describe('which site a download belongs to', () => {
  it('compares registrable domains, private suffixes included', () => {
    expect(siteOf('https://img.news.example.co.uk/a.jpg')).toBe('https://example.co.uk');
    expect(siteOf('https://alice.github.io/a.jpg')).toBe('https://alice.github.io');
    expect(siteOf('http://127.0.0.1:8080/a.jpg')).toBe('http://127.0.0.1');
    expect(siteOf('data:image/png;base64,AAAA')).toBeUndefined();
  });

  it('sends cookies only to the tab page’s own site', () => {
    expect(credentialsFor('https://cdn.news.example/a.jpg', 'https://www.news.example/story')).toBe(
      'include',
    );
    expect(credentialsFor('https://tracker.example/a.jpg', 'https://www.news.example/story')).toBe('omit');
    expect(credentialsFor('http://www.news.example/a.jpg', 'https://www.news.example/story')).toBe('omit');
    expect(credentialsFor('https://alice.github.io/a.jpg', 'https://bob.github.io/')).toBe('omit');
    expect(credentialsFor('https://www.news.example/a.jpg', undefined)).toBe('omit');
  });
});

describe('fetchMedia', () => {
  it('downloads same-site media with cookies and other sites’ media without', async () => {
    const log: { url: string; credentials: RequestCredentials | undefined }[] = [];
    const page = 'https://www.news.example/story';
    expect(
      await (
        await fetchMedia('https://img.news.example/a.jpg', { pageUrl: page, fetcher: publicWeb(log) })
      ).text(),
    ).toBe('bytes');
    await fetchMedia('https://ads.other.example/b.jpg', { pageUrl: page, fetcher: publicWeb(log) });
    expect(log.map((entry) => entry.credentials)).toEqual(['include', 'omit']);
  });

  it('drops the cookies when a same-site address redirects to another site', async () => {
    const log: { url: string; credentials: RequestCredentials | undefined }[] = [];
    await fetchMedia('https://img.news.example/to-other-site', {
      pageUrl: 'https://www.news.example/story',
      fetcher: publicWeb(log),
    });
    expect(log).toEqual([
      { url: 'https://img.news.example/to-other-site', credentials: 'include' },
      { url: 'https://cdn.other.example/a.jpg', credentials: 'omit' },
    ]);
  });

  it('does not follow a public address that redirects to 127.0.0.1', async () => {
    hits.length = 0;
    const attempt = fetchMedia('https://img.news.example/to-private', {
      pageUrl: 'https://www.news.example/story',
      fetcher: publicWeb([]),
    });
    await expect(attempt).rejects.toThrow(RefusedFetch);
    await expect(attempt).rejects.toThrow(
      `it redirects to ${local}/secret.jpg, and 127.0.0.1 is a local or private network address and the page is not`,
    );
    expect(hits).toEqual(['/to-private']);
  });

  it('follows redirects inside a local page’s own network', async () => {
    const response = await fetchMedia(`${local}/to-private`, { pageUrl: `${local}/page.html` });
    expect(await response.text()).toBe('bytes');
  });

  it('stops after five redirects', async () => {
    await expect(fetchMedia(`${local}/loop`, { pageUrl: `${local}/` })).rejects.toThrow(
      'it redirects more than 5 times',
    );
  });
});
