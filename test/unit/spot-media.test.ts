// @vitest-environment happy-dom
// The document-start spotter: what it tells the background while the page is parsed, and that it stops.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContentRequest } from '../../extension/platform/messages.ts';

const told: ContentRequest[] = [];
vi.mock('../../extension/platform/content.ts', () => ({
  tell: (message: ContentRequest) => told.push(message),
}));

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

beforeAll(async () => {
  await import('../../extension/content/spot-media.ts');
});

describe('media spotted as the page parses', () => {
  it('names each medium once, with its kind, whatever element names it', async () => {
    document.body.innerHTML = '';
    const img = document.createElement('img');
    img.src = 'https://cdn.example/a.jpg';
    document.body.append(img);
    const video = document.createElement('video');
    document.body.append(video);
    const source = document.createElement('source');
    source.src = 'https://cdn.example/clip.mp4';
    source.type = 'video/mp4';
    video.append(source);
    const again = document.createElement('img');
    again.src = 'https://cdn.example/a.jpg';
    document.body.append(again, document.createElement('p'));
    const inline = document.createElement('img');
    inline.src = 'data:image/png;base64,AAAA';
    document.body.append(inline);
    await settle();
    expect(told.flatMap((m) => (m.type === 'page-media-soon' ? m.media : []))).toEqual([
      { src: 'https://cdn.example/a.jpg', kind: 'image' },
      { src: 'https://cdn.example/clip.mp4', kind: 'video' },
    ]);
  });

  it('names at most 300 media of a page, 100 to a message', async () => {
    for (let i = 0; i < 400; i++) {
      const img = document.createElement('img');
      img.src = `https://cdn.example/many-${i}.jpg`;
      document.body.append(img);
    }
    await settle();
    const messages = told.flatMap((m) => (m.type === 'page-media-soon' ? [m.media] : []));
    expect(messages.flat()).toHaveLength(300);
    expect(messages.slice(1).map((media) => media.length)).toEqual([100, 100, 98]);
  });

  it('stops once the document is parsed', async () => {
    told.length = 0;
    document.dispatchEvent(new Event('DOMContentLoaded'));
    const img = document.createElement('img');
    img.src = 'https://cdn.example/late.jpg';
    document.body.append(img);
    await settle();
    expect(told).toEqual([]);
  });
});
