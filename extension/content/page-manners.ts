// Sites that show Content Credentials themselves can ask extensions not to draw their own marks:
// <meta name="CR-allow-UI-injection" content="false">. The toolbar popup still lists everything.

/** Read at every draw: a page may add or remove the meta tag after load. Names match in any case. */
export function pageAllowsBadges(doc: Document): boolean {
  for (const meta of Array.from(doc.querySelectorAll('meta[name][content]'))) {
    if (meta.getAttribute('name')?.toLowerCase() !== 'cr-allow-ui-injection') continue;
    if (meta.getAttribute('content')?.trim().toLowerCase() === 'false') return false;
  }
  return true;
}
