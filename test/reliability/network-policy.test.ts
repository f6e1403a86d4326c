// What a page (or a file's remote manifest) may make the verifier fetch on its own: never the user's
// local network from a public page, never local files from the web, never browser-internal schemes.
import { describe, expect, it } from 'vitest';
import { isPrivateHost, whyNotFetchedFor } from '../../src/verify/network-policy.ts';

describe('isPrivateHost', () => {
  it.each([
    'localhost',
    'app.localhost',
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '[::1]',
    '[fd00::1]',
    '[fe80::1]',
    '[::ffff:127.0.0.1]',
    'router.local',
    'intranet',
  ])('%s is local or private', (host) => {
    expect(isPrivateHost(host)).toBe(true);
  });

  it.each(['example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '[2001:4860:4860::8888]'])(
    '%s is public',
    (host) => {
      expect(isPrivateHost(host)).toBe(false);
    },
  );

  it('sees through numeric spellings of loopback, since URLs normalise them', () => {
    expect(isPrivateHost(new URL('http://0x7f.1/').hostname)).toBe(true);
    expect(isPrivateHost(new URL('http://2130706433/').hostname)).toBe(true);
  });
});

describe('whyNotFetchedFor: media reported by a page', () => {
  const PUBLIC_PAGE = 'https://news.example/article';

  it('fetches a public page its own public media', () => {
    expect(whyNotFetchedFor('https://cdn.example/a.jpg', PUBLIC_PAGE)).toBeUndefined();
  });

  it('never lets a public page point the extension at the local network', () => {
    expect(whyNotFetchedFor('http://127.0.0.1:8080/admin', PUBLIC_PAGE)).toBe(
      '127.0.0.1 is a local or private network address and the page is not',
    );
    expect(whyNotFetchedFor('http://169.254.169.254/latest/meta-data/', PUBLIC_PAGE)).toBe(
      '169.254.169.254 is a local or private network address and the page is not',
    );
  });

  it('lets a page on the local network check its own media', () => {
    expect(whyNotFetchedFor('http://127.0.0.1:8080/a.jpg', 'http://127.0.0.1:8080/')).toBeUndefined();
  });

  it('reads local files only for a local file page', () => {
    expect(whyNotFetchedFor('file:///etc/passwd', PUBLIC_PAGE)).toBe(
      'a web page may not make the extension read local files',
    );
    expect(whyNotFetchedFor('file:///home/me/a.jpg', 'file:///home/me/index.html')).toBeUndefined();
  });

  it('never fetches browser-internal or other schemes', () => {
    expect(whyNotFetchedFor('chrome://settings/', PUBLIC_PAGE)).toBe('chrome: addresses are never fetched');
    expect(whyNotFetchedFor('ftp://example.com/a.jpg', PUBLIC_PAGE)).toBe('ftp: addresses are never fetched');
  });

  it('needs no fetch for data: and blob: media', () => {
    expect(whyNotFetchedFor('data:image/png;base64,AAAA', PUBLIC_PAGE)).toBeUndefined();
    expect(whyNotFetchedFor('blob:https://news.example/123', PUBLIC_PAGE)).toBeUndefined();
  });
});
