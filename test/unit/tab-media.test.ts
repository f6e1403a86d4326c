// A tab's media list with its dependencies faked: what the page and the toolbar are told, and when.
// The verifier, store, badge and hints are fakes; the real ones run in the e2e suite.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTabMedia, type TabStore } from '../../extension/background/tab-media.ts';
import type { MediaJob } from '../../extension/background/verification.ts';
import type { HostVerifyResult, OverlayHints } from '../../extension/platform/messages.ts';
import { DEFAULT_SETTINGS, type MediaItem, type Verdict } from '../../extension/platform/model.ts';
import type { StoredTab } from '../../extension/platform/store.ts';

// Hints are worded with the extension's catalogue: the real one, read from _locales.
vi.mock('../../extension/platform/client.ts', async () => (await import('../ui/fake-client.ts')).fakeClient);

const TAB = 7;
const PAGE = 'https://example.org/page.html';

function verdict(sha256: string, trust: Verdict['trust'] = 'verified'): Verdict {
  return {
    trust,
    origin: 'human-capture',
    aiDerived: false,
    sha256,
    mediaType: 'image/jpeg',
    digitalSourceTypes: [],
    credits: [],
    codes: [],
    evidence: [],
  } as Verdict;
}

/** A verifier whose answers the test gives, one URL at a time; thumbnails likewise. */
function fakeVerifier(known: string[] = []) {
  const pending = new Map<string, (result: HostVerifyResult) => void>();
  const thumbnails = new Map<string, (thumbnail: string | undefined) => void>();
  const asked: MediaJob[] = [];
  return {
    asked,
    verifier: {
      knows: (url: string) => known.includes(url),
      verify: (job: MediaJob) =>
        new Promise<HostVerifyResult>((resolve) => {
          asked.push(job);
          pending.set(job.url ?? job.name ?? '', resolve);
        }),
      thumbnail: (sha256: string) =>
        new Promise<string | undefined>((resolve) => thumbnails.set(sha256, resolve)),
    },
    answer(url: string, result: HostVerifyResult) {
      pending.get(url)?.(result);
    },
    thumbnail(sha256: string, data: string) {
      thumbnails.get(sha256)?.(data);
    },
  };
}

function fakeStore(stored: StoredTab[] = []): TabStore & { saved: StoredTab[] } {
  const saved: StoredTab[] = [];
  return {
    saved,
    load: async () => stored,
    save: async (tab) => {
      saved.push(tab);
    },
    forget: async () => undefined,
    forgetAll: async () => undefined,
    cachedVerdict: async () => undefined,
  };
}

function setUp(stored: StoredTab[] = [], known: string[] = []) {
  const fake = fakeVerifier(known);
  const sent: OverlayHints[] = [];
  const badges: MediaItem[][] = [];
  const media = createTabMedia({
    verifier: fake.verifier,
    settings: async () => DEFAULT_SETTINGS,
    store: fakeStore(stored),
    badge: (_tabId, items) => badges.push(items.map((item) => ({ ...item }))),
    hints: async (_tabId, hints) => {
      sent.push(hints);
    },
  });
  return { fake, sent, badges, media };
}

/** Lets promise callbacks and due timers run (fake timers: nothing waits for real time). */
const turn = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('tab media', () => {
  it('sends a lone verdict to the page and the toolbar at once, without waiting for a window', async () => {
    const { fake, sent, badges, media } = setUp();
    await media.report(TAB, 0, PAGE, true, [{ src: 'https://example.org/a.jpg', kind: 'image' }]);
    expect(badges.at(-1)?.map((item) => item.state)).toEqual(['checking']);
    fake.answer('https://example.org/a.jpg', { verdict: verdict('a'.repeat(64)), mediaType: 'image/jpeg' });
    await turn(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.hints.map((hint) => [hint.src, hint.trust])).toEqual([
      ['https://example.org/a.jpg', 'verified'],
    ]);
    expect(badges.at(-1)?.map((item) => item.verdict?.trust)).toEqual(['verified']);
  });

  it('gathers verdicts that arrive together into one message to the page', async () => {
    const { fake, sent, media } = setUp();
    const urls = ['a', 'b', 'c'].map((name) => `https://example.org/${name}.jpg`);
    await media.report(
      TAB,
      0,
      PAGE,
      true,
      urls.map((src) => ({ src, kind: 'image' as const })),
    );
    fake.answer(urls[0] as string, { verdict: verdict('a'.repeat(64)), mediaType: 'image/jpeg' });
    await turn(0);
    fake.answer(urls[1] as string, { verdict: verdict('b'.repeat(64)), mediaType: 'image/jpeg' });
    fake.answer(urls[2] as string, { verdict: verdict('c'.repeat(64), 'invalid'), mediaType: 'image/jpeg' });
    await turn(0);
    expect(sent).toHaveLength(1);
    await turn(60);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.hints.map((hint) => hint.trust)).toEqual(['verified', 'verified', 'invalid']);
  });

  it('adds the thumbnail after the verdict, without sending the page its hints again', async () => {
    const { fake, sent, media } = setUp();
    const sha = 'd'.repeat(64);
    await media.report(TAB, 0, PAGE, true, [{ src: 'https://example.org/d.jpg', kind: 'image' }]);
    fake.answer('https://example.org/d.jpg', { verdict: verdict(sha), mediaType: 'image/jpeg' });
    await turn(0);
    const [item] = await media.list(TAB);
    expect(item?.state).toBe('done');
    expect(item?.thumbnail).toBeUndefined();
    fake.thumbnail(sha, 'data:image/jpeg;base64,AAAA');
    await turn(100);
    expect((await media.list(TAB))[0]?.thumbnail).toBe('data:image/jpeg;base64,AAAA');
    expect(sent).toHaveLength(1);
  });

  it('restarts checks a stopped worker left unfinished, and says why a blob: one cannot be', async () => {
    const stored: StoredTab = {
      tabId: TAB,
      pageUrl: PAGE,
      savedAt: 0,
      items: [
        {
          key: 'https://example.org/e.jpg',
          src: 'https://example.org/e.jpg',
          kind: 'image',
          state: 'checking',
        },
        {
          key: 'blob:https://example.org/1',
          src: 'blob:https://example.org/1',
          kind: 'image',
          state: 'checking',
        },
      ],
    };
    const { fake, media } = setUp([stored]);
    await media.ready;
    expect(fake.asked.map((job) => job.url)).toEqual(['https://example.org/e.jpg']);
    const blob = (await media.list(TAB)).find((item) => item.src.startsWith('blob:'));
    expect(blob?.verdict?.trust).toBe('error');
    expect(blob?.verdict?.evidence.join(' ')).toContain('The check was interrupted');
  });

  it('lists a private-network address from a public page without fetching it', async () => {
    const { fake, media } = setUp();
    await media.report(TAB, 0, PAGE, true, [{ src: 'http://192.168.1.10/cam.jpg', kind: 'image' }]);
    expect(fake.asked).toEqual([]);
    const [item] = await media.list(TAB);
    expect(item?.verdict?.trust).toBe('error');
  });

  it('waits for the copy a loading page promised, then verifies with its headers; a known address at once', async () => {
    const { fake, badges, media } = setUp([], ['https://example.org/known.jpg']);
    const a = 'https://example.org/a.jpg';
    const known = 'https://example.org/known.jpg';
    const notNeeded = await media.report(TAB, 0, PAGE, true, [
      { src: a, kind: 'image', copyFollows: true },
      { src: known, kind: 'image', copyFollows: true },
    ]);
    // The page is told which copies nothing waits for.
    expect(notNeeded).toEqual([known]);
    // Listed as checking; nothing is downloaded for a.jpg while the page loads it.
    expect(badges.at(-1)?.map((item) => [item.src, item.state])).toEqual([
      [a, 'checking'],
      [known, 'checking'],
    ]);
    expect(fake.asked).toEqual([{ url: known, pageUrl: PAGE }]);
    await media.report(TAB, 0, PAGE, false, [
      { src: a, kind: 'image', head: 'AAEC', size: 2048, mediaType: 'image/jpeg' },
    ]);
    expect(fake.asked.at(-1)).toEqual({
      url: a,
      pageUrl: PAGE,
      head: 'AAEC',
      size: 2048,
      mediaType: 'image/jpeg',
    });
    // A second copy of the same report starts nothing more.
    await media.report(TAB, 0, PAGE, false, [{ src: a, kind: 'image', head: 'AAEC', size: 2048 }]);
    expect(fake.asked).toHaveLength(2);
  });

  it('downloads each promised copy that never comes 30 s after it was promised, and none that came', async () => {
    const { fake, media } = setUp();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => `https://example.org/${name}.jpg`) as [
      string,
      string,
      string,
    ];
    await media.report(TAB, 0, PAGE, true, [{ src: a, kind: 'image', copyFollows: true }]);
    await turn(10_000);
    await media.report(TAB, 0, PAGE, false, [
      { src: b, kind: 'image', copyFollows: true },
      { src: c, kind: 'image', copyFollows: true },
    ]);
    await turn(5_000);
    await media.report(TAB, 0, PAGE, false, [{ src: c, kind: 'image', head: 'AAEC', size: 9 }]);
    expect(fake.asked).toEqual([{ url: c, pageUrl: PAGE, head: 'AAEC', size: 9 }]);
    await turn(14_999);
    expect(fake.asked).toHaveLength(1);
    await turn(1);
    expect(fake.asked.at(-1)).toEqual({ url: a, pageUrl: PAGE });
    await turn(9_999);
    expect(fake.asked).toHaveLength(2);
    await turn(1);
    expect(fake.asked.at(-1)).toEqual({ url: b, pageUrl: PAGE });
    await turn(60_000);
    expect(fake.asked).toHaveLength(3);
  });

  it("starts what it downloads itself as the page parses: another origin's images, audio and video", async () => {
    const { fake, media } = setUp([], ['https://cdn.example/known.jpg']);
    await media.ready;
    media.soon(PAGE, [
      { src: 'https://cdn.example/photo.jpg', kind: 'image' },
      { src: 'https://example.org/own.jpg', kind: 'image' },
      { src: 'https://example.org/clip.mp4', kind: 'video' },
      { src: 'https://example.org/talk.mp3', kind: 'audio' },
      { src: 'http://192.168.1.10/cam.jpg', kind: 'image' },
      { src: 'https://cdn.example/known.jpg', kind: 'image' },
      { src: 'data:image/png;base64,AAAA', kind: 'image' },
    ]);
    // The page's own image waits for the page's copy; a private address and a known one start nothing.
    expect(fake.asked).toEqual([
      { url: 'https://cdn.example/photo.jpg', pageUrl: PAGE },
      { url: 'https://example.org/clip.mp4', pageUrl: PAGE },
      { url: 'https://example.org/talk.mp3', pageUrl: PAGE },
    ]);
    // Nothing is listed until the page scan reports.
    expect(await media.list(TAB)).toEqual([]);
  });

  it('downloads at once the media of a site whose last promised copy did not come, and learns again', async () => {
    const { fake, media } = setUp();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => `https://example.org/${name}.jpg`) as [
      string,
      string,
      string,
    ];
    const other = 'https://elsewhere.example/d.jpg';
    await media.report(TAB, 0, PAGE, true, [{ src: a, kind: 'image', copyFollows: true }]);
    expect(fake.asked).toEqual([]);
    // The page loaded a.jpg but its copy was not in the cache (no-store): the extension downloads it.
    await media.report(TAB, 0, PAGE, false, [{ src: a, kind: 'image' }]);
    expect(fake.asked).toEqual([{ url: a, pageUrl: PAGE }]);
    // The next medium of that site is not waited for.
    await media.report(TAB, 0, PAGE, false, [{ src: b, kind: 'image', copyFollows: true }]);
    expect(fake.asked.at(-1)).toEqual({ url: b, pageUrl: PAGE });
    // Its copy came after all: the site's media is waited for again.
    await media.report(TAB, 0, PAGE, false, [{ src: b, kind: 'image', head: 'AAEC', size: 9 }]);
    expect(fake.asked).toHaveLength(2);
    await media.report(TAB, 0, PAGE, false, [{ src: c, kind: 'image', copyFollows: true }]);
    expect(fake.asked).toHaveLength(2);
    // What one site did says nothing about another.
    await media.report(TAB, 0, PAGE, false, [{ src: other, kind: 'image', copyFollows: true }]);
    expect(fake.asked).toHaveLength(2);
  });
});
