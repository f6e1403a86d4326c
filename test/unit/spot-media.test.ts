// @vitest-environment happy-dom
// The document-start spotter: what it tells the background while the page is parsed, and that it stops.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentRequest } from '../../extension/platform/messages.ts';

const told: ContentRequest[] = [];
vi.mock('../../extension/platform/content.ts', () => ({
  tell: (message: ContentRequest) => told.push(message),
}));

/** Long enough for a few of the spotter's looks (every 10 ms). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 40));
const parsing = (state: 'loading' | 'interactive') =>
  Object.defineProperty(document, 'readyState', { value: state, configurable: true });
const spotted = () => told.flatMap((m) => (m.type === 'page-media-soon' ? m.media : []));
const add = (html: string) => {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  document.body.append(...Array.from(holder.childNodes));
};

// A fresh spotter per test, as each page gets, on a page still being parsed.
beforeEach(async () => {
  document.body.innerHTML = '';
  told.length = 0;
  parsing('loading');
  vi.resetModules();
  await import('../../extension/content/spot-media.ts');
});
afterEach(async () => {
  parsing('interactive');
  await settle();
  Reflect.deleteProperty(document, 'readyState');
});

describe('media spotted as the page parses', () => {
  it('names each medium the browser will surely load, once, by the address the page scan reports', async () => {
    add('<img src="https://cdn.example/a.jpg">');
    add('<img src="https://cdn.example/a.jpg"><p>text</p>');
    add('<img src="/relative.jpg">');
    add('<img src="https://cdn.example/pixel.gif" width="1" height="1">');
    add('<img src="https://cdn.example/small.jpg" srcset="https://cdn.example/large.jpg 2x">');
    add('<picture><img src="https://cdn.example/fallback.jpg"></picture>');
    add('<img src="data:image/png;base64,AAAA">');
    add('<audio src="https://cdn.example/talk.mp3"></audio>');
    add(
      '<video><source src="https://cdn.example/clip.mp4"><source src="https://cdn.example/clip.webm"></video>',
    );
    await settle();
    expect(spotted()).toEqual([
      { src: 'https://cdn.example/a.jpg', kind: 'image' },
      { src: new URL('/relative.jpg', document.baseURI).href, kind: 'image' },
      { src: 'https://cdn.example/clip.mp4', kind: 'video' },
      { src: 'https://cdn.example/talk.mp3', kind: 'audio' },
    ]);
  });

  it('names a player whose source the parser reaches after a look', async () => {
    const video = document.createElement('video');
    document.body.append(video);
    await settle();
    const source = document.createElement('source');
    source.src = 'https://cdn.example/late-source.mp4';
    video.append(source);
    await settle();
    expect(spotted()).toEqual([{ src: 'https://cdn.example/late-source.mp4', kind: 'video' }]);
  });

  it('names at most the first 100 media of a page', async () => {
    add(Array.from({ length: 400 }, (_, i) => `<img src="https://cdn.example/many-${i}.jpg">`).join(''));
    await settle();
    expect(told.map((m) => (m.type === 'page-media-soon' ? m.media.length : 0))).toEqual([100]);
    expect(spotted()[99]).toEqual({ src: 'https://cdn.example/many-99.jpg', kind: 'image' });
  });

  it('leaves a document still parsed after 10 s to the page scan', async () => {
    // This test's own spotter runs on fake time; the one started for it on real time is stopped first.
    parsing('interactive');
    await settle();
    parsing('loading');
    vi.useFakeTimers();
    try {
      vi.resetModules();
      told.length = 0;
      await import('../../extension/content/spot-media.ts');
      await vi.advanceTimersByTimeAsync(9_000);
      add('<img src="https://cdn.example/at-9s.jpg">');
      await vi.advanceTimersByTimeAsync(2_000);
      add('<img src="https://cdn.example/at-11s.jpg">');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(spotted()).toEqual([{ src: 'https://cdn.example/at-9s.jpg', kind: 'image' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops once the document is parsed', async () => {
    parsing('interactive');
    await settle();
    add('<img src="https://cdn.example/late.jpg">');
    await settle();
    expect(told).toEqual([]);
  });
});
