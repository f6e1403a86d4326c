// What kind of file this is, from its first bytes (names and server headers can lie).

export interface MediaTypeGuess {
  mediaType: string;
  kind: 'image' | 'audio' | 'video' | 'manifest' | 'other';
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let out = '';
  for (let i = start; i < Math.min(bytes.length, start + length); i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

const EXTENSION_TYPES: Record<string, MediaTypeGuess> = {
  jpg: { mediaType: 'image/jpeg', kind: 'image' },
  jpeg: { mediaType: 'image/jpeg', kind: 'image' },
  png: { mediaType: 'image/png', kind: 'image' },
  webp: { mediaType: 'image/webp', kind: 'image' },
  avif: { mediaType: 'image/avif', kind: 'image' },
  heic: { mediaType: 'image/heic', kind: 'image' },
  heif: { mediaType: 'image/heif', kind: 'image' },
  gif: { mediaType: 'image/gif', kind: 'image' },
  tif: { mediaType: 'image/tiff', kind: 'image' },
  tiff: { mediaType: 'image/tiff', kind: 'image' },
  dng: { mediaType: 'image/dng', kind: 'image' },
  svg: { mediaType: 'image/svg+xml', kind: 'image' },
  mp4: { mediaType: 'video/mp4', kind: 'video' },
  m4v: { mediaType: 'video/mp4', kind: 'video' },
  mov: { mediaType: 'video/quicktime', kind: 'video' },
  avi: { mediaType: 'video/x-msvideo', kind: 'video' },
  m4a: { mediaType: 'audio/mp4', kind: 'audio' },
  m4s: { mediaType: 'video/iso.segment', kind: 'video' },
  wav: { mediaType: 'audio/wav', kind: 'audio' },
  mp3: { mediaType: 'audio/mpeg', kind: 'audio' },
  flac: { mediaType: 'audio/flac', kind: 'audio' },
  ogg: { mediaType: 'audio/ogg', kind: 'audio' },
  pdf: { mediaType: 'application/pdf', kind: 'other' },
  c2pa: { mediaType: 'application/c2pa', kind: 'manifest' },
};

export function mediaTypeFromName(name: string): MediaTypeGuess | undefined {
  const ext = /\.([a-z0-9]+)(?:$|[?#])/i.exec(name)?.[1]?.toLowerCase();
  return ext ? EXTENSION_TYPES[ext] : undefined;
}

/** Sniffs the container; falls back to the name's extension, then to the declared type. */
export function detectMediaType(bytes: Uint8Array, name?: string, declared?: string): MediaTypeGuess {
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mediaType: 'image/jpeg', kind: 'image' };
  if (ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return { mediaType: 'image/png', kind: 'image' };
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')
    return { mediaType: 'image/gif', kind: 'image' };
  if (ascii(b, 0, 4) === 'RIFF') {
    const form = ascii(b, 8, 4);
    if (form === 'WEBP') return { mediaType: 'image/webp', kind: 'image' };
    if (form === 'WAVE') return { mediaType: 'audio/wav', kind: 'audio' };
    if (form === 'AVI ') return { mediaType: 'video/x-msvideo', kind: 'video' };
  }
  if (
    (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) ||
    (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)
  ) {
    return name && /\.dng$/i.test(name)
      ? { mediaType: 'image/dng', kind: 'image' }
      : { mediaType: 'image/tiff', kind: 'image' };
  }
  if (
    ascii(b, 0, 3) === 'ID3' ||
    (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0 && !name?.match(/\.(aac)$/i))
  ) {
    if (ascii(b, 0, 3) === 'ID3' || mediaTypeFromName(name ?? '')?.mediaType === 'audio/mpeg') {
      return { mediaType: 'audio/mpeg', kind: 'audio' };
    }
  }
  if (ascii(b, 0, 4) === 'fLaC') return { mediaType: 'audio/flac', kind: 'audio' };
  if (ascii(b, 0, 4) === 'OggS') return { mediaType: 'audio/ogg', kind: 'audio' };
  if (ascii(b, 0, 5) === '%PDF-') return { mediaType: 'application/pdf', kind: 'other' };
  const boxType = ascii(b, 4, 4);
  if (boxType === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (brand === 'avif' || brand === 'avis') return { mediaType: 'image/avif', kind: 'image' };
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) {
      return { mediaType: 'image/heic', kind: 'image' };
    }
    if (brand === 'M4A ' || brand === 'M4B ') return { mediaType: 'audio/mp4', kind: 'audio' };
    if (brand === 'qt  ') return { mediaType: 'video/quicktime', kind: 'video' };
    return mediaTypeFromName(name ?? '') ?? { mediaType: 'video/mp4', kind: 'video' };
  }
  // A media segment of fragmented MP4 (DASH/HLS): its credential lives in the init segment.
  if (['moof', 'styp', 'sidx'].includes(boxType)) return { mediaType: 'video/iso.segment', kind: 'video' };
  if (boxType === 'moov') return { mediaType: 'video/mp4', kind: 'video' };
  // JUMBF superbox "jumb" with a c2pa description: a standalone manifest store.
  if (boxType === 'jumb') return { mediaType: 'application/c2pa', kind: 'manifest' };
  const head = ascii(b, 0, 512).trimStart().toLowerCase();
  if (
    head.startsWith('<svg') ||
    ((head.startsWith('<?xml') || head.startsWith('<!doctype svg')) && head.includes('<svg'))
  ) {
    return { mediaType: 'image/svg+xml', kind: 'image' };
  }
  const byName = name ? mediaTypeFromName(name) : undefined;
  if (byName) return byName;
  if (declared) {
    const kind = declared.startsWith('image/')
      ? 'image'
      : declared.startsWith('audio/')
        ? 'audio'
        : declared.startsWith('video/')
          ? 'video'
          : 'other';
    return { mediaType: declared, kind };
  }
  return { mediaType: 'application/octet-stream', kind: 'other' };
}

/** Formats the C2PA engine reads. */
export const ENGINE_FORMATS = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/gif',
  'image/tiff',
  'image/dng',
  'image/svg+xml',
  'video/mp4',
  'video/quicktime',
  'video/x-msvideo',
  'audio/mp4',
  'audio/wav',
  'audio/mpeg',
  'application/pdf',
  'application/c2pa',
]);

const FORMAT_NAMES: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/avif': 'AVIF',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/gif': 'GIF',
  'image/tiff': 'TIFF',
  'image/dng': 'DNG',
  'video/mp4': 'MP4',
  'video/quicktime': 'QuickTime movie',
  'video/x-msvideo': 'AVI',
  'audio/mp4': 'MP4 audio',
  'audio/wav': 'WAV',
  'audio/mpeg': 'MP3',
  'application/pdf': 'PDF',
};

/**
 * "This is not a JPEG: …" when the name promises a format the engine reads but the bytes are not
 * recognisably any media (a text file named photo.jpg), so the person hears what is wrong with the file.
 */
export function contentMismatch(bytes: Uint8Array, name: string | undefined): string | undefined {
  if (!name || bytes.length === 0) return undefined;
  const byName = mediaTypeFromName(name);
  const format = byName && FORMAT_NAMES[byName.mediaType];
  if (!format || detectMediaType(bytes).mediaType !== 'application/octet-stream') return undefined;
  const ext = /\.([a-z0-9]+)(?:$|[?#])/i.exec(name)?.[1] ?? '';
  const article = /^[AEFHILMNORSX]/.test(format) ? 'an' : 'a';
  return `This is not ${article} ${format}: its content does not match the .${ext} extension.`;
}
