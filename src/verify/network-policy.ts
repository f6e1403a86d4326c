// Which addresses verification may contact on its own: a page on the public web, or a file's remote
// manifest, must not make the verifier reach into the user's own network.
import { getDomain } from 'tldts';

/** Hosts a page or a file may not make us contact: loopback, private, link-local and local names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || !host.includes('.')) {
    return !host.includes(':') || isPrivateIpv6(host);
  }
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  return host.includes(':') && isPrivateIpv6(host);
}

function isPrivateIpv6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) return isPrivateHost(mapped[1]!);
  return /^(fc|fd|fe[89ab])/.test(host);
}

/**
 * Whether media reported from a page at `pageUrl` may be fetched without the user asking: only what such a
 * page can load itself. A public page's media on a loopback or private address, any file: URL outside a
 * local file page, and non-web schemes are not fetched. Returns the reason when not.
 */
export function whyNotFetchedFor(src: string, pageUrl: string): string | undefined {
  let url: URL;
  let page: URL | undefined;
  try {
    url = new URL(src);
  } catch {
    return 'its address is not a valid URL';
  }
  try {
    page = new URL(pageUrl);
  } catch {
    page = undefined;
  }
  if (url.protocol === 'data:' || url.protocol === 'blob:') return undefined;
  if (url.protocol === 'file:') {
    return page?.protocol === 'file:' ? undefined : 'a web page may not make the extension read local files';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${url.protocol} addresses are never fetched`;
  const pageIsLocal =
    page !== undefined &&
    (page.protocol === 'file:' ||
      ((page.protocol === 'http:' || page.protocol === 'https:') && isPrivateHost(page.hostname)));
  if (isPrivateHost(url.hostname) && !pageIsLocal) {
    return `${url.hostname} is a local or private network address and the page is not`;
  }
  return undefined;
}

/** A URL's site as browsers define it (scheme and registrable domain); undefined for non-web URLs. */
export function siteOf(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const domain = getDomain(url.hostname, { allowPrivateDomains: true }) ?? url.hostname;
  return `${url.protocol}//${domain.toLowerCase()}`;
}

/**
 * Whether a download of `src` for a tab showing `topLevelUrl` may carry the person's cookies: only when
 * both are the same site, as when the page loads it itself. A page must not make us send them elsewhere.
 */
export function credentialsFor(src: string, topLevelUrl: string | undefined): 'include' | 'omit' {
  const site = siteOf(src);
  return site !== undefined && topLevelUrl !== undefined && site === siteOf(topLevelUrl) ? 'include' : 'omit';
}

/** A download refused by the policy: the reason is shown to the person. */
export class RefusedFetch extends Error {
  override name = 'RefusedFetch';
}

export interface MediaFetchOptions {
  /** The tab's top-level page; decides cookies and which redirects may be followed. */
  pageUrl?: string;
  init?: Omit<RequestInit, 'credentials' | 'redirect'>;
  fetcher?: typeof fetch;
  maxRedirects?: number;
}

function refusedRedirect(target: string, from: string, pageUrl: string | undefined): string | undefined {
  const why = whyNotFetchedFor(target, pageUrl || from);
  return why ? `it redirects to ${target}, and ${why}` : undefined;
}

/**
 * Downloads page media: cookies only same-site with the tab's page, and every redirect checked against
 * the private-address policy (a public address redirecting to 127.0.0.1 is not followed). Where the
 * runtime hides redirect targets (browsers answer `opaqueredirect`), it fetches again without cookies
 * and checks the final address before a byte is used.
 */
export async function fetchMedia(src: string, options: MediaFetchOptions = {}): Promise<Response> {
  const fetcher = options.fetcher ?? fetch;
  let credentials = credentialsFor(src, options.pageUrl);
  let current = src;
  for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
    const response = await fetcher(current, { ...options.init, credentials, redirect: 'manual' });
    if (response.type === 'opaqueredirect') {
      const followed = await fetcher(current, { ...options.init, credentials: 'omit', redirect: 'follow' });
      const why = followed.url ? refusedRedirect(followed.url, src, options.pageUrl) : undefined;
      if (why) {
        await followed.body?.cancel();
        throw new RefusedFetch(why);
      }
      return followed;
    }
    const location =
      response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (!location) return response;
    await response.body?.cancel();
    const target = new URL(location, current).href;
    const why = refusedRedirect(target, src, options.pageUrl);
    if (why) throw new RefusedFetch(why);
    if (credentials === 'include') credentials = credentialsFor(target, options.pageUrl);
    current = target;
  }
  throw new RefusedFetch(`it redirects more than ${options.maxRedirects ?? 5} times`);
}
