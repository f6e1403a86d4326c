// Random truncations and bit flips of real signed files: verifyAsset always answers with a verdict
// (never throws, never hangs past its timeout), and an error verdict always says why.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRUST_VALUES } from '../../src/verdict/types.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import { CORPUS_FILES, referenceTrust } from '../support/shared.ts';

const SOURCES = [
  'rs-C.jpg',
  'pt-adobe-20220124-CAICAI.jpg',
  'ms-cicadas_trusted.mp3',
  'rs-100kb-signed.wav',
  'tp-lensdemo-t6.m4a',
  'ts-trustnxt-icon-signed-v2-bmff.heic',
  'ms-cards_trusted.svg',
  'rs-100kb-signed.gif',
].map((name) => ({ name, bytes: new Uint8Array(readFileSync(CORPUS_FILES + name)) }));

const RUNS = Number(process.env.PROVLENS_FUZZ_RUNS ?? 100);
const TIMEOUT_MS = 6_000;
let engine: Engine;

beforeAll(() => {
  engine = createNodeEngine({ timeoutMs: TIMEOUT_MS });
});
afterAll(async () => {
  await engine.close();
});

const source = fc.constantFrom(...SOURCES);

async function expectAnswer(bytes: Uint8Array) {
  const verdict = await verifyAsset(bytes, { engine, trust: referenceTrust(), timeoutMs: TIMEOUT_MS });
  expect(TRUST_VALUES).toContain(verdict.trust);
  if (verdict.trust === 'error') expect(verdict.message).toMatch(/\w{3,}/);
  expect(verdict.sha256).toMatch(/^[0-9a-f]{64}$/);
  return verdict;
}

describe('hostile mutations of signed files', () => {
  it('survives truncation at any length', async () => {
    await fc.assert(
      fc.asyncProperty(source, fc.double({ min: 0, max: 1, noNaN: true }), async (file, fraction) => {
        await expectAnswer(file.bytes.slice(0, Math.floor(file.bytes.length * fraction)));
      }),
      { numRuns: RUNS, seed: 20261125 },
    );
  }, 300_000);

  it('survives bit flips anywhere, and a flipped file is never more trusted than the original', async () => {
    await fc.assert(
      fc.asyncProperty(
        source,
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
            fc.integer({ min: 0, max: 7 }),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (file, flips) => {
          const bytes = file.bytes.slice();
          for (const [at, bit] of flips) {
            const index = Math.floor(at * bytes.length);
            bytes[index] = bytes[index]! ^ (1 << bit);
          }
          const verdict = await expectAnswer(bytes);
          // The sources are signed by test certificates no reference list trusts.
          expect(verdict.trust).not.toBe('verified');
        },
      ),
      { numRuns: RUNS, seed: 20261126 },
    );
  }, 300_000);

  it('survives random garbage with a valid file signature', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          [0xff, 0xd8, 0xff, 0xeb],
          [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
          [0x49, 0x44, 0x33, 0x03],
        ),
        fc.uint8Array({ minLength: 0, maxLength: 4096 }),
        async (magic, tail) => {
          await expectAnswer(new Uint8Array([...magic, ...tail]));
        },
      ),
      { numRuns: RUNS, seed: 20261127 },
    );
  }, 300_000);
});
