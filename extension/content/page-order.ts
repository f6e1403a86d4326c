// Where an element sits in the page, as a string that sorts in document order: the lists show media in the
// order a person sees them on the page, even when some were found later (lazy, or changed by script).

const MAX_DEPTH = 64;

/** "0002.0011.0003": each element's index among its siblings, from the root down; compares as text. */
export function pageOrderKey(element: Element): string {
  const parts: string[] = [];
  let node: Element | null = element;
  while (node?.parentElement && parts.length < MAX_DEPTH) {
    let index = 0;
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling)
      index++;
    parts.push(String(Math.min(index, 9999)).padStart(4, '0'));
    node = node.parentElement;
  }
  return parts.reverse().join('.');
}
