// Fuzzing the parsers that see untrusted bytes or messages first: the manifest sniffers, the metadata
// reader and the extension's message contract. Thousands of cases by default; PROVLENS_FUZZ_RUNS sets more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isOverlayHints,
  problemWithContentRequest,
  problemWithHostRequest,
  problemWithPageRequest,
  problemWithVerdict,
  senderRole,
} from '../../extension/platform/messages.ts';
import { readMetadataClaims } from '../../src/metadata/index.ts';
import { sniffBytes, sniffManifest } from '../../src/verify/sniff.ts';

const RUNS = Number(process.env.PROVLENS_FUZZ_RUNS ?? 2000);
const SLOW_RUNS = Math.max(200, Math.floor(RUNS / 4));

const MAGICS: number[][] = [
  [0xff, 0xd8],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [...'RIFF'].map((c) => c.charCodeAt(0)),
  [...'GIF89a'].map((c) => c.charCodeAt(0)),
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
  [...'ID3'].map((c) => c.charCodeAt(0)),
  [0, 0, 0, 0x18, ...'ftypisom'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)),
  [0, 0, 0, 0x18, ...'jumb'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)),
  [...'<?xml '].map((c) => c.charCodeAt(0)),
  [],
];

/** Bytes that start like a real container, then anything (lengths and ids are where parsers break). */
const containerBytes = fc
  .tuple(fc.constantFrom(...MAGICS), fc.uint8Array({ maxLength: 2048 }))
  .map(([magic, tail]) => new Uint8Array([...magic, ...tail]));

const SNIFF_ANSWERS = ['manifest', 'no-manifest', 'unknown'];

describe('manifest sniffers on random container bytes', () => {
  it('sniffBytes always answers, never reads past the file, never throws', () => {
    fc.assert(
      fc.property(containerBytes, fc.boolean(), (bytes, complete) => {
        const result = sniffBytes(bytes, complete);
        expect(SNIFF_ANSWERS).toContain(result.answer);
        expect(result.reason.length).toBeGreaterThan(0);
        // Each byte is read at most once, but for the 16-byte probe that picks the format: a walk that
        // re-reads or follows a declared length past the end would count more.
        expect(result.bytesRead).toBeLessThanOrEqual(bytes.length + Math.min(16, bytes.length));
      }),
      { numRuns: RUNS, seed: 7001 },
    );
  });

  it('sniffManifest through a range reader agrees with sniffBytes on the whole file', async () => {
    await fc.assert(
      fc.asyncProperty(containerBytes, async (bytes) => {
        const ranged = await sniffManifest((offset, length) => bytes.subarray(offset, offset + length));
        const whole = sniffBytes(bytes, true);
        expect([ranged.answer, ranged.format]).toEqual([whole.answer, whole.format]);
      }),
      { numRuns: RUNS, seed: 7002 },
    );
  });

  it('a reader that fails is reported as a rejection, not a hang', async () => {
    await fc.assert(
      fc.asyncProperty(containerBytes, fc.integer({ min: 0, max: 6 }), async (bytes, failAt) => {
        let reads = 0;
        const outcome = await sniffManifest((offset, length) => {
          if (reads++ === failAt) throw new Error('network gone');
          return bytes.subarray(offset, offset + length);
        }).then(
          (result) => result.answer,
          (error: Error) => error.message,
        );
        expect([...SNIFF_ANSWERS, 'network gone']).toContain(outcome);
      }),
      { numRuns: SLOW_RUNS, seed: 7003 },
    );
  });
});

describe('metadata reader on random bytes', () => {
  it('returns claims made of strings, or nothing, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(containerBytes, async (bytes) => {
        const claims = await readMetadataClaims(bytes);
        if (claims === undefined) return;
        for (const value of Object.values(claims)) expect(typeof value).toBe('string');
      }),
      { numRuns: SLOW_RUNS, seed: 7004 },
    );
  });

  it('survives random XMP text in a JPEG APP1 segment', async () => {
    const header = new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0');
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 3000 }), async (xml) => {
        const body = new Uint8Array([
          ...header,
          ...new TextEncoder().encode(`<x:xmpmeta>${xml}</x:xmpmeta>`),
        ]);
        const length = Math.min(body.length + 2, 0xffff);
        const jpeg = new Uint8Array([
          0xff,
          0xd8,
          0xff,
          0xe1,
          length >> 8,
          length & 0xff,
          ...body.subarray(0, length - 2),
          0xff,
          0xd9,
        ]);
        const claims = await readMetadataClaims(jpeg);
        if (claims) for (const value of Object.values(claims)) expect(typeof value).toBe('string');
      }),
      { numRuns: SLOW_RUNS, seed: 7005 },
    );
  });
});

// ---- the message contract ------------------------------------------------------------------------------

const VALID_PAGE_REQUESTS: unknown[] = [
  { type: 'tab-media', tabId: 3 },
  { type: 'media-item', key: 'a'.repeat(64) },
  { type: 'verify-file', name: 'a.jpg', bytes: 'AAAA', mediaType: 'image/jpeg' },
  { type: 'verify-url', url: 'https://example.com/a.jpg', kind: 'image', tabId: 1 },
  { type: 'settings-get' },
  { type: 'settings-save', patch: { overlay: false, disabledSites: ['example.com'] } },
  { type: 'trust-status' },
  { type: 'trust-import', pem: '-----BEGIN CERTIFICATE-----' },
  { type: 'open-detail', key: 'k', where: 'tab' },
];
const VALID_CONTENT_REQUESTS: unknown[] = [
  { type: 'page-media', reset: true, media: [{ src: 'https://example.com/a.jpg', kind: 'image' }] },
  { type: 'badge-click', src: 'https://example.com/a.jpg' },
];
const VALID_HOST_REQUESTS: unknown[] = [
  { type: 'host-ping' },
  {
    type: 'host-verify',
    job: { url: 'https://example.com/a.jpg', trustFingerprint: 'f', remoteManifests: false },
  },
];

type Validator = (value: unknown) => string | null;
const VALIDATORS: [string, Validator, unknown[]][] = [
  ['page', problemWithPageRequest, VALID_PAGE_REQUESTS],
  ['content', problemWithContentRequest, VALID_CONTENT_REQUESTS],
  ['host', problemWithHostRequest, VALID_HOST_REQUESTS],
];

/** A value of a different JSON type than `value`. */
const otherType = (value: unknown): fc.Arbitrary<unknown> =>
  fc
    .oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
    )
    .filter((candidate) => {
      const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
      return kind(candidate) !== kind(value) && !(typeof value === 'number' && typeof candidate === 'number');
    });

describe('message contract validators', () => {
  it('accept each valid message', () => {
    for (const [, validate, valid] of VALIDATORS)
      for (const message of valid) expect(validate(message)).toBeNull();
  });

  it('never throw on arbitrary values, and always say what is wrong with a non-message', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, maxDepth: 4 }),
        (value) => {
          for (const [, validate] of VALIDATORS) {
            const problem = validate(value);
            expect(problem === null || typeof problem === 'string').toBe(true);
          }
          expect(typeof isOverlayHints(value)).toBe('boolean');
          const verdictProblem = problemWithVerdict(value);
          expect(verdictProblem === null || typeof verdictProblem === 'string').toBe(true);
        },
      ),
      { numRuns: RUNS, seed: 7006 },
    );
  });

  it('reject random objects carrying a real message type', () => {
    const types = VALIDATORS.flatMap(([, validate, valid]) =>
      valid.map((message) => [validate, (message as { type: string }).type] as const),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 }),
        ([validate, type], extra) => {
          fc.pre(Object.keys(extra).some((key) => key !== 'type'));
          expect(validate({ ...extra, type })).not.toBeNull();
        },
      ),
      { numRuns: RUNS, seed: 7007 },
    );
  });

  it('reject a valid message with one field of the wrong type or one unknown field added', () => {
    const samples = VALIDATORS.flatMap(([, validate, valid]) =>
      valid.map((message) => ({ validate, message })),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...samples).chain(({ validate, message }) => {
          const record = message as Record<string, unknown>;
          const keys = Object.keys(record).filter((key) => key !== 'type');
          const mutations: fc.Arbitrary<Record<string, unknown>>[] = [
            fc
              .string({ minLength: 1, maxLength: 12 })
              .filter((key) => !(key in record) && key !== '__proto__')
              .map((key) => ({ ...record, [key]: 1 })),
          ];
          if (keys.length > 0) {
            mutations.push(
              fc
                .constantFrom(...keys)
                .chain((key) => otherType(record[key]).map((value) => ({ ...record, [key]: value }))),
            );
          }
          return fc.tuple(fc.constant(validate), fc.oneof(...mutations));
        }),
        ([validate, mutated]) => {
          expect(validate(mutated)).not.toBeNull();
        },
      ),
      { numRuns: RUNS, seed: 7008 },
    );
  });

  it('reject a message missing a required field', () => {
    expect(problemWithPageRequest({ type: 'tab-media' })).toBe('tab-media.tabId must be an integer');
    expect(problemWithContentRequest({ type: 'page-media', reset: true })).toBe(
      'page-media.media must be a list',
    );
    expect(problemWithHostRequest({ type: 'host-verify' })).toBe('host-verify.job must be an object');
  });

  it('only ever call a sender with this extension id and our origin an extension page', () => {
    const self = { id: 'ours', base: 'chrome-extension://ours/' };
    fc.assert(
      fc.property(
        fc.record(
          {
            id: fc.oneof(fc.constant('ours'), fc.string()),
            url: fc.oneof(fc.constant('chrome-extension://ours/popup.html'), fc.webUrl(), fc.string()),
            tab: fc.record({ id: fc.integer({ min: -2, max: 50 }) }, { requiredKeys: [] }),
            frameId: fc.integer({ min: 0, max: 5 }),
          },
          { requiredKeys: [] },
        ),
        (sender) => {
          const role = senderRole(sender, self);
          if (sender.id !== 'ours') expect(role).toBe('stranger');
          if (role === 'extension-page') expect(sender.url?.startsWith(self.base)).toBe(true);
          if (role === 'content-script') expect(sender.tab?.id).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: RUNS, seed: 7009 },
    );
  });
});
