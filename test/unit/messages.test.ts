import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  displaySrc,
  ExtensionFailure,
  isOverlayHints,
  problemWithContentRequest,
  problemWithHostRequest,
  problemWithPageRequest,
  problemWithResponse,
  problemWithVerdict,
  senderRole,
  unwrap,
} from '../../extension/platform/messages.ts';

const self = { id: 'abcdefghijklmnop', base: 'chrome-extension://abcdefghijklmnop/' };

describe('senderRole', () => {
  it('knows the extension popup as an extension page', () => {
    expect(senderRole({ id: self.id, url: `${self.base}extension/popup/popup.html?tabId=3` }, self)).toBe(
      'extension-page',
    );
  });

  it('knows a content script by its tab and page URL', () => {
    expect(senderRole({ id: self.id, url: 'https://news.example/', tab: { id: 7 }, frameId: 0 }, self)).toBe(
      'content-script',
    );
  });

  it('treats another extension as a stranger', () => {
    expect(senderRole({ id: 'other', url: 'chrome-extension://other/page.html' }, self)).toBe('stranger');
  });

  it('treats a page claiming our id without a tab as a stranger', () => {
    expect(senderRole({ id: self.id, url: 'https://evil.example/' }, self)).toBe('stranger');
  });

  it('decides by the origin the browser names for the sender', () => {
    expect([
      senderRole({ id: self.id, origin: 'chrome-extension://abcdefghijklmnop', url: 'about:blank' }, self),
      senderRole(
        { id: self.id, origin: 'https://news.example', url: `${self.base}x.html`, tab: { id: 7 } },
        self,
      ),
    ]).toEqual(['extension-page', 'content-script']);
  });

  it('does not take a look-alike origin for our own', () => {
    expect(senderRole({ id: self.id, url: 'chrome-extension://abcdefghijklmnopq/x.html' }, self)).toBe(
      'stranger',
    );
  });
});

describe('request validation', () => {
  it('accepts a well-formed page request', () => {
    expect(problemWithPageRequest({ type: 'tab-media', tabId: 4 })).toBeNull();
  });

  it('rejects unknown fields riding along', () => {
    expect(problemWithPageRequest({ type: 'settings-get', evil: true })).toBe(
      'settings-get.evil is not expected',
    );
  });

  it('rejects a wrong field type', () => {
    expect(problemWithPageRequest({ type: 'tab-media', tabId: '4' })).toBe(
      'tab-media.tabId must be an integer',
    );
  });

  it('rejects an unknown message type', () => {
    expect(problemWithPageRequest({ type: 'give-me-everything' })).toBe(
      'unknown message type "give-me-everything"',
    );
  });

  it('does not accept a page request as a content-script request', () => {
    expect(problemWithContentRequest({ type: 'tab-media', tabId: 4 })).toBe(
      'unknown message type "tab-media"',
    );
  });

  it('rejects a reported media kind outside image, audio and video', () => {
    expect(
      problemWithContentRequest({ type: 'page-media', reset: false, media: [{ src: 'x', kind: 'script' }] }),
    ).toBe('page-media.media[0].kind must be one of "image", "audio", "video"');
  });

  it('takes media spotted while a page parses, up to 100 a message', () => {
    const spotted = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ src: `https://cdn.example/${i}.jpg`, kind: 'image' }));
    expect(problemWithContentRequest({ type: 'page-media-soon', media: spotted(100) })).toBeNull();
    expect(problemWithContentRequest({ type: 'page-media-soon', media: spotted(101) })).toBe(
      'page-media-soon.media has more than 100 entries',
    );
    expect(
      problemWithContentRequest({
        type: 'page-media-soon',
        media: [{ src: 'https://a.example/x', kind: 'font' }],
      }),
    ).toBe('page-media-soon.media[0].kind must be one of "image", "audio", "video"');
  });

  it('needs the trust fingerprint on a host job', () => {
    expect(
      problemWithHostRequest({
        type: 'host-verify',
        job: { url: 'https://a/b.jpg', remoteManifests: false },
      }),
    ).toBe('host-verify.job.trustFingerprint must be a string');
  });

  it('rejects a verdict with a trust value outside the contract', () => {
    expect(
      problemWithVerdict({
        trust: 'trusted',
        origin: 'unknown',
        aiDerived: null,
        sha256: '',
        mediaType: 'image/jpeg',
      }),
    ).toBe(
      'verdict.trust must be one of "verified", "untrusted", "invalid", "recovered", "metadata-only", "registry-only", "none", "error"',
    );
  });

  it('accepts overlay hints only in their exact shape', () => {
    const hint = {
      src: 'https://a.example/x.jpg',
      key: 'k',
      trust: 'metadata-only',
      origin: 'ai-generated',
      aiDerived: true,
      originProven: false,
      label: '',
      marks: [{ tone: 'ai-unproven', glyph: 'AI?' }],
      title: 'Possibly AI-derived. Provenance Lens: click for details.',
      ariaLabel: 'Possibly AI-derived. Open details in Provenance Lens',
    };
    expect(isOverlayHints({ type: 'overlay-hints', overlay: true, hints: [hint] })).toBe(true);
    expect(isOverlayHints({ type: 'overlay-hints', overlay: true, aiOnly: false, hints: [hint] })).toBe(
      false,
    );
    expect(isOverlayHints({ type: 'overlay-hints', overlay: true, hints: [{ src: 'a' }] })).toBe(false);
    // A badge's marks come from a closed set, at most a trust mark and an AI mark.
    const marks = (m: unknown) =>
      isOverlayHints({ type: 'overlay-hints', overlay: true, hints: [{ ...hint, marks: m }] });
    expect(marks([{ tone: 'gold', glyph: '✓' }])).toBe(false);
    expect(
      marks([
        { tone: 'ai', glyph: 'AI' },
        { tone: 'ai', glyph: 'AI' },
        { tone: 'ai', glyph: 'AI' },
      ]),
    ).toBe(false);
  });
});

describe('answer validation', () => {
  const item = { key: 'k', src: 'https://example.com/a.jpg', kind: 'image', state: 'checking' };

  it('accepts listed media with their page-order key, as the background sends them', () => {
    expect(problemWithResponse('tab-media', [{ ...item, order: '0001.0002' }])).toBeNull();
  });

  it('rejects a listed item carrying a field no item has', () => {
    expect(problemWithResponse('tab-media', [{ ...item, evil: true }])).toBe(
      'answer to tab-media[0].evil is not expected',
    );
  });
});

describe('bytes over JSON messaging', () => {
  it('round-trips bytes through base64', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });
});

describe('displaySrc', () => {
  it('keeps ordinary URLs as they are', () => {
    expect(displaySrc('https://example.org/a.jpg')).toBe('https://example.org/a.jpg');
  });

  it('shortens long data: URLs and keeps them distinct', () => {
    const a = `data:image/png;base64,${'A'.repeat(200)}`;
    const b = `data:image/png;base64,${'A'.repeat(199)}B`;
    expect([displaySrc(a).length < 100, displaySrc(a) === displaySrc(b)]).toEqual([true, false]);
  });
});

describe('failed answers', () => {
  const noProblem = () => null;

  it('arrive as an ExtensionFailure with the message and the reason the background gave', async () => {
    const error = await unwrap({ ok: false, error: 'No funds.', reason: 'needs-funds' }, noProblem).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExtensionFailure);
    expect([(error as ExtensionFailure).message, (error as ExtensionFailure).reason]).toEqual([
      'No funds.',
      'needs-funds',
    ]);
  });

  it('drop a reason the contract does not know', async () => {
    const error = await unwrap({ ok: false, error: 'Odd.', reason: 'delete-everything' }, noProblem).catch(
      (e: unknown) => e,
    );
    expect([(error as ExtensionFailure).message, (error as ExtensionFailure).reason]).toEqual([
      'Odd.',
      undefined,
    ]);
  });
});
