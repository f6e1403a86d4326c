// Media the extension will download itself whatever happens — audio and video, images from another site,
// and images served no-store (the page's copy cannot be read back from the browser's cache) — is checked
// from the moment the page's own download of it starts, not once the content script has found it on the
// page (after parsing ends, tens to hundreds of milliseconds later). When the page reports it, its verdict
// is ready or under way, keyed by its address (verification.ts), so nothing is downloaded twice.
// Images of the page's own site that it may keep are left to the page's copy (content/page-cache.ts).

import { whyNotFetchedFor } from '../../src/verify/network-policy.ts';
import { MAX_INLINE_BYTES } from '../platform/messages.ts';
import { autoScanAllowed, type Settings } from '../platform/model.ts';

/** Below this many bytes no file carries a Content Credential (a signature and its certificate alone are more). */
export const MIN_CREDENTIAL_BYTES = 1024;

export interface SeenMediaResponse {
  url: string;
  pageOrigin: string;
  kind: 'image' | 'media';
  noStore: boolean;
  length?: number;
}

/**
 * Whether the extension would download this medium itself, were the page to report it: what the header
 * says, and a size that can hold a credential. Cheap: it runs for every image a page loads.
 */
export function downloadsItself(response: SeenMediaResponse): boolean {
  if (
    response.length !== undefined &&
    (response.length < MIN_CREDENTIAL_BYTES || response.length > MAX_INLINE_BYTES)
  )
    return false;
  let sameOrigin: boolean;
  try {
    sameOrigin = new URL(response.url).origin === response.pageOrigin;
  } catch {
    return false;
  }
  // The content script reads the page's copy only of its own site's images, and only when it was kept.
  return response.kind === 'media' || !sameOrigin || response.noStore;
}

/** Whether to start checking a medium as the page's response for it starts (see the header). */
export function startsEarly(response: SeenMediaResponse, settings: Settings): boolean {
  return (
    downloadsItself(response) &&
    autoScanAllowed(settings, response.pageOrigin) &&
    whyNotFetchedFor(response.url, response.pageOrigin) === undefined
  );
}
