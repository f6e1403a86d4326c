// Which addresses verification may contact on its own: a page on the public web, or a file's remote
// manifest, must not make the verifier reach into the user's own network.

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
