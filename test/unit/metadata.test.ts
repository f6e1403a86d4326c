import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMetadataClaims } from '../../src/metadata/index.ts';
import { writeUnsignedXmp } from '../../src/sign/unsigned-xmp.ts';
import { CORPUS_FILES } from '../support/shared.ts';

const plainJpeg = new Uint8Array(readFileSync(`${CORPUS_FILES}pt-adobe-20220124-A.jpg`));

describe('readMetadataClaims', () => {
  it('reads the IPTC digital source type, creator, credit line and software from XMP', async () => {
    const bytes = writeUnsignedXmp(plainJpeg, 'image/jpeg', {
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      creator: 'Ana & Bo',
      creditLine: 'Studio <North>',
      software: 'Midjourney 7',
    });
    expect(await readMetadataClaims(bytes)).toMatchObject({
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      creator: 'Ana & Bo',
      creditLine: 'Studio <North>',
      software: 'Midjourney 7',
      aiSoftware: 'Midjourney',
    });
  });

  it('finds the remote manifest URL a file announces, without fetching it', async () => {
    const claims = await readMetadataClaims(
      new Uint8Array(readFileSync(`${CORPUS_FILES}rs-libpng-test_with_url.png`)),
    );
    expect(claims?.provenanceUrl).toBe('http://localhost:5000/libpng-test.c2pa');
  });

  it('returns nothing for bytes that are not an image', async () => {
    expect(await readMetadataClaims(new Uint8Array([1, 2, 3, 4]))).toBeUndefined();
  });
});
