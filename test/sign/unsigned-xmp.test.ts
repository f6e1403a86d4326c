// Unsigned IPTC/XMP claims written into JPEG and PNG: readable by exifr, image data untouched.
import exifr from 'exifr';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeUnsignedXmp, xmpPacket } from '../../src/sign/unsigned-xmp.ts';

const claims = {
  digitalSourceType: 'trainedAlgorithmicMedia',
  creator: 'Sam Example',
  creditLine: 'Made with Example Diffusion 2',
  software: 'Example Diffusion 2',
};
const expected = {
  DigitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  creator: 'Sam Example',
  Credit: 'Made with Example Diffusion 2',
  CreatorTool: 'Example Diffusion 2',
};

let jpeg: Uint8Array;
let png: Uint8Array;

beforeAll(async () => {
  const image = sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 90, b: 10 } },
  });
  jpeg = new Uint8Array(await image.clone().jpeg().toBuffer());
  png = new Uint8Array(await image.clone().png().toBuffer());
});

async function xmpOf(bytes: Uint8Array) {
  const xmp = await exifr.parse(Buffer.from(bytes), { xmp: true, tiff: false, exif: false });
  return {
    DigitalSourceType: xmp?.DigitalSourceType,
    creator: xmp?.creator,
    Credit: xmp?.Credit,
    CreatorTool: xmp?.CreatorTool,
  };
}

async function pixels(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

function countOf(bytes: Uint8Array, text: string): number {
  return Buffer.from(bytes).toString('latin1').split(text).length - 1;
}

describe.each([
  ['image/jpeg', () => jpeg],
  ['image/png', () => png],
] as const)('writeUnsignedXmp (%s)', (mediaType, source) => {
  it('writes claims exifr reads back', async () => {
    expect(await xmpOf(writeUnsignedXmp(source(), mediaType, claims))).toEqual(expected);
  });

  it('keeps the image decodable with the same pixels', async () => {
    const written = writeUnsignedXmp(source(), mediaType, claims);
    expect(await pixels(written)).toEqual(await pixels(source()));
  });

  it('replaces an earlier packet instead of adding a second one', async () => {
    const twice = writeUnsignedXmp(writeUnsignedXmp(source(), mediaType, claims), mediaType, {
      ...claims,
      creator: 'Kim Example',
    });
    expect(countOf(twice, '<x:xmpmeta')).toBe(1);
    expect((await xmpOf(twice)).creator).toBe('Kim Example');
  });
});

describe('writeUnsignedXmp', () => {
  it('puts the JPEG XMP segment right after SOI and JFIF', () => {
    const written = writeUnsignedXmp(jpeg, 'image/jpeg', claims);
    const app0Length = ((jpeg[4] ?? 0) << 8) | (jpeg[5] ?? 0);
    const at = jpeg[3] === 0xe0 ? 4 + app0Length : 2;
    expect([written[at], written[at + 1]]).toEqual([0xff, 0xe1]);
    expect(Buffer.from(written.subarray(at + 4, at + 33)).toString('latin1')).toBe(
      'http://ns.adobe.com/xap/1.0/\0',
    );
  });

  it('rejects formats other than JPEG and PNG', () => {
    expect(() => writeUnsignedXmp(jpeg, 'image/webp', claims)).toThrow(
      'writeUnsignedXmp: image/webp is not supported (JPEG and PNG are)',
    );
  });

  it('rejects bytes that are not the declared format', () => {
    expect(() => writeUnsignedXmp(png, 'image/jpeg', claims)).toThrow(
      'writeUnsignedXmp: not a JPEG (no SOI marker)',
    );
    expect(() => writeUnsignedXmp(jpeg, 'image/png', claims)).toThrow('writeUnsignedXmp: not a PNG');
  });

  it('escapes XML in the values', () => {
    const packet = xmpPacket({ creator: 'A & B <c>', creditLine: '"quoted"' });
    expect(packet).toContain('<rdf:li>A &amp; B &lt;c&gt;</rdf:li>');
    expect(packet).toContain('photoshop:Credit="&quot;quoted&quot;"');
  });

  it('leaves out claims that are not given', () => {
    const packet = xmpPacket({ digitalSourceType: 'digitalCapture' });
    expect(packet).toContain(
      'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"',
    );
    expect(packet).not.toContain('dc:creator>');
    expect(packet).not.toContain('photoshop:Credit=');
    expect(packet).not.toContain('xmp:CreatorTool=');
  });
});
