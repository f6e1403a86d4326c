// Which of the page's own media downloads the background starts checking at once: only what the
// extension would download itself anyway, only where the person lets it scan, never what policy refuses.
import { describe, expect, it } from 'vitest';
import {
  MIN_CREDENTIAL_BYTES,
  type SeenMediaResponse,
  startsEarly,
} from '../../extension/background/early-check.ts';
import { MAX_INLINE_BYTES } from '../../extension/platform/messages.ts';
import { DEFAULT_SETTINGS } from '../../extension/platform/model.ts';

const PAGE = 'https://news.example';
const seen = (overrides: Partial<SeenMediaResponse>): SeenMediaResponse => ({
  url: 'https://cdn.example.net/photo.jpg',
  pageOrigin: PAGE,
  kind: 'image',
  noStore: false,
  length: 50_000,
  ...overrides,
});

describe('early check', () => {
  it('starts for media the extension downloads itself, and leaves kept same-site images to the page copy', () => {
    const cases: [string, SeenMediaResponse][] = [
      ['image from another site', seen({})],
      ['image of the same site, kept', seen({ url: `${PAGE}/photo.jpg` })],
      ['image of the same site, no-store', seen({ url: `${PAGE}/photo.jpg`, noStore: true })],
      ['video of the same site', seen({ url: `${PAGE}/clip.mp4`, kind: 'media' })],
      [
        'length not declared',
        { url: 'https://cdn.example.net/a.jpg', pageOrigin: PAGE, kind: 'image', noStore: false },
      ],
    ];
    expect(cases.map(([name, response]) => [name, startsEarly(response, DEFAULT_SETTINGS)])).toEqual([
      ['image from another site', true],
      ['image of the same site, kept', false],
      ['image of the same site, no-store', true],
      ['video of the same site', true],
      ['length not declared', true],
    ]);
  });

  it('does not start where scanning is off, for private addresses, or for files that cannot hold a credential', () => {
    expect([
      startsEarly(seen({}), { ...DEFAULT_SETTINGS, autoScan: false }),
      startsEarly(seen({}), { ...DEFAULT_SETTINGS, disabledSites: ['news.example'] }),
      startsEarly(seen({ url: 'http://192.168.1.10/cam.jpg' }), DEFAULT_SETTINGS),
      startsEarly(seen({ length: MIN_CREDENTIAL_BYTES - 1 }), DEFAULT_SETTINGS),
      startsEarly(seen({ length: MAX_INLINE_BYTES + 1 }), DEFAULT_SETTINGS),
      startsEarly(seen({ url: 'not a url' }), DEFAULT_SETTINGS),
    ]).toEqual([false, false, false, false, false, false]);
  });
});
