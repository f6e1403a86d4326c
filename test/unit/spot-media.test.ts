// @vitest-environment happy-dom
// The document-start spotter: what it tells the background while the page is parsed, and that it stops.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentRequest } from '../../extension/platform/messages.ts';

const told: ContentRequest[] = [];
vi.mock('../../extension/platform/content.ts', () => ({
  tell: (message: ContentRequest) => told.push(message),
}));

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

// A fresh spotter per test, as each page gets; the page's end of parsing stops it.
beforeEach(async () => {
  document.body.innerHTML = '';
  told.length = 0;
  vi.resetModules();
  await import('../../extension/content/spot-media.ts');
});
afterEach(() => {
  document.dispatchEvent(new Event('DOMContentLoaded'));
});

describe('media spotted as the page parses', () => {
  it('names each medium the browser will surely load, once, by the address the page scan reports', async () => {
    document.body.innerHTML = '';
    const add = (html: string) => {
      const holder = document.createElement('div');
      holder.innerHTML = html;
      document.body.append(...Array.from(holder.childNodes));
    };
    add('<img src="https://cdn.example/a.jpg">');
    add('<img src="https://cdn.example/a.jpg"><p>text</p>');
    add('<img src="/relative.jpg">');
    add('<img src="https://cdn.example/pixel.gif" width="1" height="1">');
    add('<img src="https://cdn.example/small.jpg" srcset="https://cdn.example/large.jpg 2x">');
    add('<picture><img src="https://cdn.example/fallback.jpg"></picture>');
    add('<img src="data:image/png;base64,AAAA">');
    add('<audio src="https://cdn.example/talk.mp3"></audio>');
    const video = document.createElement('video');
    document.body.append(video);
    const source = document.createElement('source');
    source.src = 'https://cdn.example/clip.mp4';
    video.append(source);
    const second = document.createElement('source');
    second.src = 'https://cdn.example/clip.webm';
    video.append(second);
    await settle();
    expect(told.flatMap((m) => (m.type === 'page-media-soon' ? m.media : []))).toEqual([
      { src: 'https://cdn.example/a.jpg', kind: 'image' },
      { src: new URL('/relative.jpg', document.baseURI).href, kind: 'image' },
      { src: 'https://cdn.example/talk.mp3', kind: 'audio' },
      { src: 'https://cdn.example/clip.mp4', kind: 'video' },
    ]);
  });

  it('names at most 100 media of a page, in one message a task', async () => {
    for (let i = 0; i < 400; i++) {
      const img = document.createElement('img');
      img.src = `https://cdn.example/many-${i}.jpg`;
      document.body.append(img);
    }
    await settle();
    const messages = told.flatMap((m) => (m.type === 'page-media-soon' ? [m.media] : []));
    expect(messages.flat()).toHaveLength(100);
    expect(messages.map((media) => media.length)).toEqual([100]);
  });

  it('stops once the document is parsed', async () => {
    document.dispatchEvent(new Event('DOMContentLoaded'));
    const img = document.createElement('img');
    img.src = 'https://cdn.example/late.jpg';
    document.body.append(img);
    await settle();
    expect(told).toEqual([]);
  });
});
