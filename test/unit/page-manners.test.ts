// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { pageAllowsBadges } from '../../extension/content/page-manners.ts';

function page(head: string): Document {
  const doc = document.implementation.createHTMLDocument('page');
  doc.head.innerHTML = head;
  return doc;
}

describe('pageAllowsBadges', () => {
  it.each([
    ['<meta name="CR-allow-UI-injection" content="false">', false],
    ['<meta name="cr-allow-ui-injection" content=" FALSE ">', false],
    ['<meta name="CR-allow-UI-injection" content="true">', true],
    ['<meta name="CR-allow-UI-injection">', true],
    ['<meta name="description" content="false">', true],
    ['', true],
  ])('%s → badges allowed: %s', (head, allowed) => {
    expect(pageAllowsBadges(page(head))).toBe(allowed);
  });
});
