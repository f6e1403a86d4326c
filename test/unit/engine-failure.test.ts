// Engine failures arrive as kinds decided inside the worker; every error verdict names its kind.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEngineError } from '../../src/verify/engine/failure.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import { CORPUS_FILES } from '../support/shared.ts';

let engine: Engine;

beforeAll(() => {
  engine = createNodeEngine({ size: 1, timeoutMs: 60_000 }); // generous: a loaded machine compiles the wasm slowly
});
afterAll(() => engine.close());

async function engineRead(file: string, mediaType: string) {
  const result = await engine.read({
    type: 'read',
    bytes: readFileSync(CORPUS_FILES + file),
    mediaType,
    settingsJson: '{}',
  });
  return result.ok ? { ok: true } : { kind: result.kind, detail: result.detail };
}

describe('engine failure kinds, from real corpus files', () => {
  it('a pre-release credential', async () => {
    expect(await engineRead('rs-prerelease.jpg', 'image/jpeg')).toEqual({
      kind: 'prerelease',
      detail: undefined,
    });
  });

  it('boxes nested too deeply', async () => {
    expect(await engineRead('rs-nested_moov_1000.mp4', 'video/mp4')).toEqual({
      kind: 'nesting-too-deep',
      detail: undefined,
    });
  });

  it('a garbage JUMBF box, with the parser reason as detail', async () => {
    expect(await engineRead('drv-rs-C-garbage-jumbf.jpg', 'image/jpeg')).toEqual({
      kind: 'malformed',
      detail: 'InvalidBoxHeader',
    });
  });

  it('a file the wasm panics on is a crash', async () => {
    expect(await engineRead('rs-id3v23_compression_underflow.mp3', 'audio/mpeg')).toEqual({
      kind: 'crash',
      detail: 'unreachable',
    });
  });
});

describe('classifyEngineError', () => {
  it('reads the remote manifest address out of the engine message', () => {
    expect(classifyEngineError('RemoteManifestUrl("https://example.com/m.c2pa")', false)).toMatchObject({
      kind: 'remote-manifest-not-fetched',
      detail: 'https://example.com/m.c2pa',
    });
  });

  it('keeps the reason a remote manifest could not be downloaded', () => {
    expect(
      classifyEngineError(
        'RemoteManifestFetch("not fetched: 10.0.0.1 is a local or private network address")',
        false,
      ),
    ).toMatchObject({
      kind: 'remote-manifest-unavailable',
      detail: 'not fetched: 10.0.0.1 is a local or private network address',
    });
  });

  it('names cyclic ingredients and a missing active manifest', () => {
    expect(classifyEngineError('CyclicIngredients { label: "x" }', false).kind).toBe('cyclic-ingredients');
    expect(classifyEngineError('ProvenanceMissing', false).kind).toBe('active-manifest-missing');
  });
});

describe('error verdicts carry their kind', () => {
  it.each([
    ['rs-prerelease.jpg', 'prerelease'],
    ['rs-nested_moov_1000.mp4', 'malformed'],
    ['drv-rs-C-garbage-jumbf.jpg', 'malformed'],
    ['rs-id3v23_compression_underflow.mp3', 'crash'],
  ])('%s → %s', async (file, kind) => {
    const verdict = await verifyAsset(readFileSync(CORPUS_FILES + file), { engine, name: file });
    expect([verdict.trust, verdict.errorKind]).toEqual(['error', kind]);
  });

  it('an empty file, a file over the limit and an address that answers 404', async () => {
    const empty = await verifyAsset(new Uint8Array(0), { engine });
    const large = await verifyAsset(new Uint8Array(2048), { engine, maxBytes: 1024 });
    const missing = await verifyAsset('https://example.invalid/a.jpg', {
      engine,
      fetch: async () => new Response('gone', { status: 404 }),
    });
    expect([empty, large, missing].map((v) => [v.trust, v.errorKind, v.message])).toEqual([
      ['error', 'empty', 'The file is empty.'],
      [
        'error',
        'too-large',
        'The file is too large to verify (0.0 MB; the limit is 0.0 MB). Raise the limit if you trust this file.',
      ],
      ['error', 'unreadable', 'Could not download https://example.invalid/a.jpg: HTTP 404.'],
    ]);
  });
});
