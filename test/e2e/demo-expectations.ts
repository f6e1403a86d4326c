// What the demo page shows, shared by the Chromium and Firefox runs: every item the popup must list, by
// the URL path it lists, and the fixture whose verdict it must carry.
import { FIXTURES, type FixtureFile } from '../../demo/media/generate.ts';

export const SHOWN: [string, FixtureFile][] = [
  ['/media/human-capture.jpg', 'human-capture.jpg'],
  ['/media/untrusted.jpg', 'untrusted.jpg'],
  ['/media/tampered-pixels.jpg', 'tampered-pixels.jpg'],
  ['/media/ai-generated.jpg', 'ai-generated.jpg'],
  ['/media/ai-edited.jpg', 'ai-edited.jpg'],
  ['/media/human-made.png', 'human-made.png'],
  ['/media/unsigned-ai-xmp.jpg', 'unsigned-ai-xmp.jpg'],
  ['/media/plain.jpg', 'plain.jpg'],
  ['/media/tampered-claim.jpg', 'tampered-claim.jpg'],
  ['/media/audio.wav', 'audio.wav'],
  ['/media/video.mp4', 'video.mp4'],
  ['/media/composite.jpg', 'composite.jpg'], // the <picture> source actually shown
  ['/media/generative-fill.jpg', 'generative-fill.jpg'], // CSS background
  ['/media/tampered-cert.jpg', 'tampered-cert.jpg'], // src set by script after load
  ['/media/human-capture.jpg?lazy=1', 'human-capture.jpg'], // loading="lazy"
];

/** The blob: image the page makes from expired.jpg's bytes. */
export const BLOB_FIXTURE: FixtureFile = 'expired.jpg';

/** Every item listed: the shown media plus the blob: image. */
export const LISTED_COUNT = SHOWN.length + 1;

export function expectedItem(serverUrl: string, shown: string, fixture: FixtureFile) {
  return {
    src: `${serverUrl.replace(/\/$/, '')}${shown}`,
    trust: FIXTURES[fixture].trust,
    origin: FIXTURES[fixture].origin,
  };
}

/** The URL path (with query) an item is listed under. */
export function pathOf(src: string): string {
  const url = new URL(src);
  return url.pathname + url.search;
}
