import { describe, expect, it } from 'vitest';
import { detectMediaType } from '../../src/verify/media-type.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('detectMediaType', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['png', bytes(0x89, 'PNG\r\n', 0x1a, '\n'), 'image/png'],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBP'), 'image/webp'],
    ['wav', bytes('RIFF', 0, 0, 0, 0, 'WAVE'), 'audio/wav'],
    ['avif', bytes(0, 0, 0, 0x1c, 'ftypavif'), 'image/avif'],
    ['heic', bytes(0, 0, 0, 0x18, 'ftypheic'), 'image/heic'],
    ['m4a', bytes(0, 0, 0, 0x18, 'ftypM4A '), 'audio/mp4'],
    ['mp4', bytes(0, 0, 0, 0x18, 'ftypisom'), 'video/mp4'],
    ['fragment', bytes(0, 0, 0, 0x18, 'stypmsdh'), 'video/iso.segment'],
    ['mp3', bytes('ID3', 3, 0), 'audio/mpeg'],
    ['gif', bytes('GIF89a'), 'image/gif'],
    ['tiff', bytes('II*', 0), 'image/tiff'],
    ['svg', bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
    ['c2pa', bytes(0, 0, 0, 0x20, 'jumb'), 'application/c2pa'],
  ])('recognises %s from its bytes', (_name, data, expected) => {
    expect(detectMediaType(data).mediaType).toBe(expected);
  });

  it('trusts bytes over a misleading name', () => {
    expect(detectMediaType(bytes(0x89, 'PNG\r\n', 0x1a, '\n'), 'photo.jpg').mediaType).toBe('image/png');
  });

  it('falls back to the name, then the declared type', () => {
    expect(detectMediaType(bytes(1, 2, 3), 'song.flac').mediaType).toBe('audio/flac');
    expect(detectMediaType(bytes(1, 2, 3), undefined, 'video/webm')).toEqual({
      mediaType: 'video/webm',
      kind: 'video',
    });
  });
});
