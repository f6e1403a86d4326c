import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockReader, sniffBytes, sniffManifest } from '../../src/verify/sniff.ts';

const corpus = path.resolve(process.cwd(), '../shared/corpus');
const rows = readFileSync(path.join(corpus, 'CATALOG.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter((cols) => !(cols[4] ?? '').startsWith('trust-list'))
  .map((cols) => ({ file: cols[0] ?? '', format: cols[4] ?? '', hasManifest: cols[5] ?? '' }));
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(corpus, 'files', file)));
const reader = (bytes: Uint8Array) => (offset: number, length: number) =>
  bytes.subarray(offset, offset + length);

// A DASH fragment carries its own C2PA uuid box (the Merkle proof for the segment), so it sniffs as 'manifest'.
const embedded = rows.filter(
  (r) => r.hasManifest === 'yes' || r.hasManifest === 'sidecar' || r.file.endsWith('.m4s'),
);
const without = rows.filter(
  (r) => (r.hasManifest === 'no' || r.hasManifest === 'remote') && !r.file.endsWith('.m4s'),
);

describe('sniffBytes on the corpus', () => {
  it.each(embedded.map((r) => [r.file]))('finds the manifest in %s', (file) => {
    expect(sniffBytes(read(file)).answer).toBe('manifest');
  });

  it.each(without.map((r) => [r.file]))('finds no manifest in %s', (file) => {
    expect(sniffBytes(read(file)).answer).toBe('no-manifest');
  });

  it('notices the XMP packet that points to a remote manifest', () => {
    expect(sniffBytes(read('rs-cloud.jpg')).xmp).toBe(true);
  });

  it('names the media type from the BMFF brand', () => {
    expect(sniffBytes(read('ts-trustnxt-icon-signed-v2-bmff.heic')).mediaType).toBe('image/heic');
  });
});

describe('sniffManifest through a range reader', () => {
  it('reads only the JPEG segment headers up to the APP11 box', async () => {
    const bytes = read('ms-cards_trusted.jpg');
    const result = await sniffManifest(reader(bytes));
    expect(result).toMatchObject({ answer: 'manifest', format: 'jpeg', bytesRead: 64 });
  });

  it('stops at the start of scan in a JPEG without credentials', async () => {
    const result = await sniffManifest(reader(read('pt-adobe-20220124-A.jpg')));
    expect(result).toMatchObject({ answer: 'no-manifest', bytesRead: 136 });
  });

  it('shares one block request among nearby header reads', async () => {
    const bytes = read('ts-amazon-titan-g1.png');
    const requests: number[] = [];
    const slow = blockReader((offset, length) => {
      requests.push(offset);
      return bytes.subarray(offset, offset + length);
    });
    expect((await sniffManifest(slow)).answer).toBe('manifest');
    expect(requests).toEqual([0]);
  });

  it('answers unknown once the read budget is spent', async () => {
    const result = await sniffManifest(reader(read('pt-adobe-20220124-A.jpg')), { maxReads: 3 });
    expect(result.answer).toBe('unknown');
  });
});

describe('sniffBytes on a prefix', () => {
  it('answers unknown when the headers run past the prefix', () => {
    expect(sniffBytes(read('pt-adobe-20220124-A.jpg').subarray(0, 100), false).answer).toBe('unknown');
  });

  it('answers from the prefix when the manifest box starts inside it', () => {
    expect(sniffBytes(read('rs-C.jpg').subarray(0, 1024), false).answer).toBe('manifest');
  });
});

describe('sniffBytes on bytes that are not media', () => {
  it('answers unknown for text', () => {
    expect(sniffBytes(new TextEncoder().encode('hello, world')).format).toBe('unknown');
  });

  it('answers unknown for a BMFF box smaller than its own header', () => {
    const bytes = new Uint8Array([
      0, 0, 0, 16, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 0, 0, 0, 0, 0, 4, 0x66, 0x72, 0x65,
      0x65,
    ]);
    expect(sniffBytes(bytes).answer).toBe('unknown');
  });

  it('answers no-manifest for an SVG without a c2pa:manifest element', () => {
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
    );
    expect(sniffBytes(svg)).toMatchObject({ answer: 'no-manifest', format: 'svg' });
  });
});
