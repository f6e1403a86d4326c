// The project's own signed media (demo/media/generate.ts) through verifyAsset, with exact verdicts:
// with the project's test CA as an anchor, and with no trust list in force.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureFixtures,
  FIXTURES,
  type FixtureFile,
  type GeneratedFixtures,
} from '../../demo/media/generate.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import type { TrustConfig } from '../../src/verify/trust.ts';

let engine: Engine;
let fixtures: GeneratedFixtures;
let anchored: TrustConfig;

beforeAll(async () => {
  engine = createNodeEngine({ timeoutMs: 15_000 });
  fixtures = await ensureFixtures();
  anchored = {
    anchors: [],
    userAnchors: [{ id: 'user', name: 'Provenance Lens test CA', pem: fixtures.testAnchorPem }],
  };
}, 180_000);
afterAll(async () => {
  await engine.close();
});

const files = Object.keys(FIXTURES) as FixtureFile[];

const failureCodes = (codes: { code: string; severity?: string; scope?: string }[]) =>
  [...new Set(codes.filter((c) => c.severity === 'failure' && !c.scope).map((c) => c.code))].sort();

describe('generated fixtures with the project test CA as anchor', () => {
  it.each(files)('%s', async (file) => {
    const spec = FIXTURES[file];
    const verdict = await verifyAsset(fixtures.read(file), { engine, trust: anchored, name: file });
    expect(verdict.trust).toBe(spec.trust);
    expect(verdict.origin).toBe(spec.origin);
    expect(verdict.aiDerived).toBe(spec.aiDerived);
    if (spec.anchored.validationState)
      expect(failureCodes(verdict.codes)).toEqual(spec.anchored.failureCodes);
    expect(verdict.credits.map((c) => [c.title, c.relationship])).toEqual(
      spec.ingredients.map((i) => [i.title, i.relationship]),
    );
    if (spec.signer && verdict.trust !== 'invalid') expect(verdict.signer?.name).toBe(spec.signer);
    if (verdict.trust === 'verified') expect(verdict.signer?.trustList).toBe('Provenance Lens test CA');
    expect(
      verdict.digitalSourceTypes.map((d) => d.uri).filter((u) => spec.digitalSourceTypes.includes(u)).length,
    ).toBe(spec.digitalSourceTypes.length);
  });
});

describe('generated fixtures with no trust list in force', () => {
  it.each(files)('%s', async (file) => {
    const spec = FIXTURES[file];
    const verdict = await verifyAsset(fixtures.read(file), { engine, trust: null, name: file });
    expect(verdict.trust).toBe(spec.trustWithoutAnchors);
    expect(verdict.origin).toBe(spec.origin);
    if (spec.unanchored.validationState)
      expect(failureCodes(verdict.codes)).toEqual(spec.unanchored.failureCodes);
  });
});

describe('credits of generated composites', () => {
  it('judges each ingredient of the composite on its own', async () => {
    const verdict = await verifyAsset(fixtures.read('composite.jpg'), { engine, trust: anchored });
    expect(verdict.credits.map((c) => ({ title: c.title, trust: c.trust, origin: c.origin }))).toEqual([
      { title: 'human-capture.jpg', trust: 'verified', origin: 'human-capture' },
      { title: 'human-made.png', trust: 'verified', origin: 'human-made' },
      { title: 'street.jpg', trust: 'verified', origin: 'human-capture' },
    ]);
    expect(verdict.credits.every((c) => c.kind === 'ingredient')).toBe(true);
  });

  it('reports the unsigned AI metadata as metadata-only with its creator', async () => {
    const verdict = await verifyAsset(fixtures.read('unsigned-ai-xmp.jpg'), { engine, trust: anchored });
    expect(verdict.trust).toBe('metadata-only');
    expect(verdict.origin).toBe('ai-generated');
    expect(verdict.originProven).toBe(false);
    expect(verdict.metadata?.creator).toBe('Sam Example');
    expect(verdict.evidence).toContain('This is an unsigned claim: anyone can write or remove it.');
  });
});
