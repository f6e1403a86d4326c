// @vitest-environment happy-dom
// The page scan as a page sees it: what it reports, when it draws badges, and that it stops when told to.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ExtensionLink, start } from '../../extension/content/scan-page.ts';
import type { OverlayHints, ReportedMedia } from '../../extension/platform/messages.ts';

/** Records what the scan sends, and lets a test push hints as the background would. */
function fakeLink(notNeeded: string[] = []) {
  const reports: { media: ReportedMedia[]; reset: boolean }[] = [];
  /** What the overlay was asked to show, draw by draw (src per badge); null once cleared. */
  const drawn: (string[] | null)[] = [];
  let overlayStopped = false;
  let deliver: ((hints: OverlayHints) => void) | undefined;
  /** Whether the scan has started listening to the extension's runtime. */
  let listening = false;
  const link: ExtensionLink = {
    report: async (media, reset) => {
      reports.push({ media, reset });
      return { copiesNotNeeded: notNeeded };
    },
    openDetail: () => undefined,
    overlay: (_onOpen, signal) => {
      signal.addEventListener('abort', () => {
        overlayStopped = true;
      });
      return {
        show: (badges) => drawn.push(badges.map((badge) => badge.hint.src)),
        clear: () => drawn.push(null),
      };
    },
    onHints: (handler, signal) => {
      listening = true;
      deliver = handler;
      signal.addEventListener('abort', () => {
        deliver = undefined;
      });
    },
  };
  return {
    link,
    reports,
    drawn,
    overlayStopped: () => overlayStopped,
    listening: () => listening,
    hints: (hints: OverlayHints) => deliver?.(hints),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const sources = (reports: { media: ReportedMedia[] }[]) => reports.flatMap((r) => r.media.map((m) => m.src));
const found = (reports: { media: ReportedMedia[] }[]) =>
  reports.flatMap((r) => r.media.map(({ src, kind }) => ({ src, kind })));

let controller: AbortController;

afterEach(() => {
  controller.abort();
  Reflect.deleteProperty(document, 'readyState');
  document.body.innerHTML = '';
});

describe('page scan', () => {
  it('reports the media already in the page, the first report resetting the frame', async () => {
    document.body.innerHTML = '<img src="https://example.org/a.jpg" width="200" height="100"><p>text</p>';
    const fake = fakeLink();
    controller = new AbortController();
    start(controller.signal, fake.link);
    // Nothing within the script's own evaluation, not even listening to the runtime: the first slice runs
    // in the next task and reports what its time budget reached; the rest follows slice by slice.
    expect([fake.reports, fake.listening()]).toEqual([[], false]);
    await vi.waitFor(() => expect(fake.reports[0]?.reset).toBe(true));
    expect(fake.listening()).toBe(true);
    await vi.waitFor(() => expect(sources(fake.reports)).toEqual(['https://example.org/a.jpg']));
    expect(fake.reports.filter((r) => r.reset)).toHaveLength(1);
    expect(found(fake.reports)).toEqual([{ src: 'https://example.org/a.jpg', kind: 'image' }]);
  });

  it('sends an empty first report on a page without media, so the background starts over', async () => {
    document.body.innerHTML = '<p>nothing to see</p>';
    const fake = fakeLink();
    controller = new AbortController();
    start(controller.signal, fake.link);
    await vi.waitFor(() => expect(fake.reports).toEqual([{ reset: true, media: [] }]));
  });

  it('skips a still-loading image whose size attributes make it a tracking pixel', async () => {
    document.body.innerHTML =
      '<img src="https://example.org/pixel.gif" width="1" height="1"><img src="https://example.org/b.jpg">';
    const fake = fakeLink();
    controller = new AbortController();
    start(controller.signal, fake.link);
    await vi.waitFor(() => expect(sources(fake.reports)).toContain('https://example.org/b.jpg'));
    expect(sources(fake.reports)).toEqual(['https://example.org/b.jpg']);
  });

  it('reports media added later, without the reset flag', async () => {
    const fake = fakeLink();
    controller = new AbortController();
    start(controller.signal, fake.link);
    await vi.waitFor(() => expect(fake.reports).toEqual([{ reset: true, media: [] }]));
    const video = document.createElement('video');
    video.setAttribute('src', 'https://example.org/clip.mp4');
    document.body.append(video);
    await vi.waitFor(() => expect(sources(fake.reports)).toEqual(['https://example.org/clip.mp4']));
    const last = fake.reports.at(-1);
    expect(last?.reset).toBe(false);
    expect(found(last ? [last] : [])).toEqual([{ src: 'https://example.org/clip.mp4', kind: 'video' }]);
  });

  it('reads style-sheet backgrounds only after a frame, and inline ones at once', async () => {
    document.head.innerHTML = '<style>.hero { background-image: url("https://example.org/bg.jpg") }</style>';
    document.body.innerHTML =
      '<div class="hero"></div><div style="background-image: url(https://example.org/inline.jpg)"></div>';
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
      frames.push(callback);
      return frames.length;
    });
    const computed = vi.spyOn(window, 'getComputedStyle');
    const fake = fakeLink();
    controller = new AbortController();
    start(controller.signal, fake.link);
    await settle();
    // Before the page drew a frame: the inline background only, and no style computed for it.
    expect([sources(fake.reports), computed.mock.calls.length]).toEqual([
      ['https://example.org/inline.jpg'],
      0,
    ]);
    for (const frame of frames.splice(0)) frame(performance.now());
    await vi.waitFor(() =>
      expect(sources(fake.reports)).toEqual(['https://example.org/inline.jpg', 'https://example.org/bg.jpg']),
    );
    raf.mockRestore();
    computed.mockRestore();
    document.head.innerHTML = '';
  });

  it('draws a badge for a hint at once', async () => {
    document.body.innerHTML = '<img src="https://example.org/a.jpg" width="200" height="100">';
    const fake = fakeLink();
    controller = new AbortController();
    start(controller.signal, fake.link);
    await vi.waitFor(() => expect(sources(fake.reports)).toEqual(['https://example.org/a.jpg']));
    expect(fake.drawn).toEqual([]);
    fake.hints({
      type: 'overlay-hints',
      overlay: true,
      hints: [
        {
          src: 'https://example.org/a.jpg',
          key: 'k',
          trust: 'verified',
          origin: 'human-capture',
          aiDerived: false,
          originProven: true,
          label: 'Signer',
          marks: [{ tone: 'verified', glyph: '✓' }],
          title: 'Content Credentials from a trusted signer. Provenance Lens: click for details.',
          ariaLabel: 'Content Credentials from a trusted signer. Open details in Provenance Lens',
        },
      ],
    });
    // Drawn in the same turn as the hint arrived: no frame is waited for after a quiet spell.
    expect(fake.drawn).toEqual([['https://example.org/a.jpg']]);
    controller.abort();
    expect(fake.overlayStopped()).toBe(true);
  });

  it('stops reporting once its signal aborts', async () => {
    const fake = fakeLink();
    controller = new AbortController();
    start(controller.signal, fake.link);
    controller.abort();
    const img = document.createElement('img');
    img.setAttribute('src', 'https://example.org/late.jpg');
    document.body.append(img);
    await settle();
    expect(sources(fake.reports)).toEqual([]);
  });

  it('reads an image from the page’s own copy once the page has loaded it, and reports what it gave', async () => {
    // Same-origin images: the page's cache partition is the content script's; other sites' are not read.
    const here = location.origin;
    document.body.innerHTML =
      `<img id="a" src="${here}/a.jpg" width="200" height="100">` +
      `<img id="b" src="${here}/b.jpg" width="200" height="100">` +
      '<img id="c" src="https://elsewhere.example/c.jpg" width="200" height="100">';
    const asked: string[] = [];
    const fake = fakeLink();
    fake.link.readCached = async (src) => {
      asked.push(src);
      // a.jpg: its headers show no manifest; b.jpg: not in the cache, the extension downloads it.
      return src.endsWith('a.jpg') ? { head: 'AAEC', size: 2048, mediaType: 'image/jpeg' } : undefined;
    };
    const [a, b] = ['a', 'b'].map((id) => document.getElementById(id) as HTMLImageElement);
    Object.defineProperty(a, 'complete', { value: false, configurable: true });
    Object.defineProperty(b, 'complete', { value: false, configurable: true });
    // The page is still loading (content scripts start at the end of parsing).
    Object.defineProperty(document, 'readyState', { value: 'interactive', configurable: true });
    controller = new AbortController();
    start(controller.signal, fake.link);
    await settle();
    // Listed at once; nothing is read before the page has the file (it would not be in the cache yet).
    expect(asked).toEqual([]);
    expect(
      fake.reports.flatMap((r) => r.media).map(({ src, copyFollows }) => ({ src, copyFollows })),
    ).toEqual([
      { src: `${here}/a.jpg`, copyFollows: true },
      { src: `${here}/b.jpg`, copyFollows: true },
      { src: 'https://elsewhere.example/c.jpg', copyFollows: undefined },
    ]);
    const listed = fake.reports.length;
    a?.dispatchEvent(new Event('load'));
    await vi.waitFor(() => expect(sources(fake.reports.slice(listed))).toEqual([`${here}/a.jpg`]));
    const reportedA = fake.reports
      .slice(listed)
      .flatMap((r) => r.media)
      .find((m) => m.src.endsWith('a.jpg'));
    expect(reportedA).toMatchObject({ head: 'AAEC', size: 2048, mediaType: 'image/jpeg' });
    expect(reportedA?.bytes).toBeUndefined();
    b?.dispatchEvent(new Event('error'));
    await vi.waitFor(() => expect(sources(fake.reports.slice(listed))).toContain(`${here}/b.jpg`));
    const reportedB = fake.reports
      .slice(listed)
      .flatMap((r) => r.media)
      .find((m) => m.src.endsWith('b.jpg'));
    expect(reportedB).toEqual({ src: `${here}/b.jpg`, kind: 'image', order: reportedB?.order });
    expect(asked).toEqual([`${here}/a.jpg`, `${here}/b.jpg`]);
    // An image that never loads (lazy, out of view) is reported once the page's own load is over.
    const lazy = document.createElement('img');
    lazy.setAttribute('src', `${here}/lazy.jpg`);
    Object.defineProperty(lazy, 'complete', { value: false, configurable: true });
    document.body.append(lazy);
    await settle();
    const beforeLoad = fake.reports.length;
    expect(fake.reports.flatMap((r) => r.media).filter((m) => m.src.endsWith('lazy.jpg'))).toEqual([
      expect.objectContaining({ copyFollows: true }),
    ]);
    window.dispatchEvent(new Event('load'));
    await vi.waitFor(() => expect(sources(fake.reports.slice(beforeLoad))).toEqual([`${here}/lazy.jpg`]));
  });

  it('does not read a copy the extension says it does not need', async () => {
    const here = location.origin;
    document.body.innerHTML = `<img id="k" src="${here}/known.jpg" width="200" height="100">`;
    const asked: string[] = [];
    const fake = fakeLink([`${here}/known.jpg`]);
    fake.link.readCached = async (src) => {
      asked.push(src);
      return { head: 'AAEC', size: 2048 };
    };
    const img = document.getElementById('k') as HTMLImageElement;
    Object.defineProperty(img, 'complete', { value: false, configurable: true });
    Object.defineProperty(document, 'readyState', { value: 'interactive', configurable: true });
    controller = new AbortController();
    start(controller.signal, fake.link);
    await vi.waitFor(() => expect(sources(fake.reports)).toEqual([`${here}/known.jpg`]));
    img.dispatchEvent(new Event('load'));
    await settle();
    expect(asked).toEqual([]);
    expect(sources(fake.reports)).toEqual([`${here}/known.jpg`]);
  });
});
