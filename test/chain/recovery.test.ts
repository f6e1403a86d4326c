// Recovery of stripped copies end to end: `provlens register` an original on a real anvil, then
// `provlens verify --json` copies of it that lost their credential.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../demo/media/generate.ts';
import { hamming64, nearSearchDistance, PDQ64_MATCH_THRESHOLD } from '../../src/fingerprint/match.ts';
import { fingerprintFile } from '../../src/fingerprint/node-fingerprint.ts';
import { freePort } from '../../src/registry/node-chain.ts';
import type { Verdict } from '../../src/verdict/types.ts';
import { syntheticScene } from '../fingerprint/scenes.ts';
import { startTestChain, type TestChain } from './chain.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/provlens.js');
const CREDENTIAL_HASH = 'ab'.repeat(32);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function provlens(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    // From the project folder: the verifier's worker loads tsx relative to the working directory.
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let chain: TestChain;
let registryArgs: string[];
let originalPath: string;
let originalId: string;

async function verifyJson(file: string, args = registryArgs): Promise<{ run: Run; verdict: Verdict }> {
  const run = await provlens(['verify', '--json', '--no-trust-lists', ...args, file]);
  return { run, verdict: JSON.parse(run.stdout.trim().split('\n')[0]!) as Verdict };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'provlens-recovery-'));
  const [fixtures, testChain] = await Promise.all([ensureFixtures(), startTestChain()]);
  chain = testChain;
  registryArgs = ['--rpc', chain.chain.rpcUrl, '--registry', chain.registry.address];
  originalPath = fixtures.path('human-capture.jpg');
  const run = await provlens([
    'register',
    originalPath,
    '--kind',
    'media',
    '--creator',
    'Alex Example',
    '--title',
    'Harbour at dawn',
    '--manifest-hash',
    CREDENTIAL_HASH,
    '--json',
    ...registryArgs,
  ]);
  expect(run.stderr).toBe('');
  originalId = (JSON.parse(run.stdout) as { id: string }).id;
}, 120_000);

afterAll(async () => {
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('provlens verify finds the registered original of a stripped copy', () => {
  it('a stripped, resized, re-encoded copy is "recovered", pointing at the original within the threshold', async () => {
    const copy = path.join(dir, 'shared-copy.jpg');
    const { info } = await sharp(originalPath).toBuffer({ resolveWithObject: true });
    writeFileSync(
      copy,
      await sharp(originalPath)
        .resize(Math.round(info.width / 2))
        .jpeg({ quality: 70 })
        .toBuffer(),
    );
    const pdq64Of = async (file: string) =>
      (await fingerprintFile(file)).find((f) => f.algorithm === 'pdq64')!.value;
    const distance = hamming64(await pdq64Of(copy), await pdq64Of(originalPath));

    const { run, verdict } = await verifyJson(copy);
    expect(run.code).toBe(0);
    expect(verdict.trust).toBe('recovered');
    const near = verdict.registry!.filter((m) => m.match === 'near');
    expect(near.map((m) => [m.record.id, m.record.creator, m.record.manifestHash, m.algorithm])).toEqual([
      [originalId, 'Alex Example', CREDENTIAL_HASH, 'pdq64'],
    ]);
    expect(near[0]!.distance).toBe(distance);
    expect(near[0]!.threshold).toBe(PDQ64_MATCH_THRESHOLD);
    expect(distance).toBeLessThanOrEqual(PDQ64_MATCH_THRESHOLD);
    expect(verdict.evidence[0]).toBe(
      `A close visual match of an image “Harbour at dawn” registered by Alex Example on ${near[0]!.record.time.slice(0, 10)} ` +
        `(record #${originalId} on chain ${chain.chain.chainId}); this copy differs from it: pdq64 distance ${distance} ` +
        `of at most ${PDQ64_MATCH_THRESHOLD}. This copy carries no credential of its own, so it is not verified.`,
    );
    expect(verdict.evidence[1]).toBe(`The original's credential hash on record: ${CREDENTIAL_HASH}.`);
  }, 60_000);

  it('a copy cropped by 5% at every edge is recovered through the centre hash registered with the original', async () => {
    const copy = path.join(dir, 'cropped-copy.jpg');
    const { info } = await sharp(originalPath).toBuffer({ resolveWithObject: true });
    const [left, top] = [Math.round(info.width * 0.05), Math.round(info.height * 0.05)];
    writeFileSync(
      copy,
      await sharp(originalPath)
        .extract({ left, top, width: info.width - 2 * left, height: info.height - 2 * top })
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
    const expected = nearSearchDistance(await fingerprintFile(copy), await fingerprintFile(originalPath));

    const { verdict } = await verifyJson(copy);
    expect(verdict.trust).toBe('recovered');
    const near = verdict.registry!.filter((m) => m.match === 'near');
    expect(near.map((m) => [m.record.id, m.distance])).toEqual([[originalId, expected]]);
    expect(expected).toBeLessThanOrEqual(PDQ64_MATCH_THRESHOLD);
  }, 60_000);

  it('the exact registered bytes of a file without credential are "registry-only"', async () => {
    const plain = path.join(dir, 'plain-original.jpg');
    writeFileSync(plain, await sharp(originalPath).jpeg({ quality: 92 }).toBuffer());
    const registered = await provlens([
      'register',
      plain,
      '--kind',
      'media',
      '--creator',
      'Sam Plain',
      '--json',
      ...registryArgs,
    ]);
    const plainId = (JSON.parse(registered.stdout) as { id: string }).id;

    const { run, verdict } = await verifyJson(plain);
    expect(run.code).toBe(0);
    expect(verdict.trust).toBe('registry-only');
    expect(verdict.registry!.filter((m) => m.match === 'exact').map((m) => m.record.id)).toEqual([plainId]);
  }, 60_000);

  it('an unrelated image finds nothing: "none" with an empty registry section', async () => {
    const scene = syntheticScene(4242, 480, 360);
    const unrelated = path.join(dir, 'unrelated.jpg');
    writeFileSync(
      unrelated,
      await sharp(Buffer.from(scene.data), { raw: { width: 480, height: 360, channels: 3 } })
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    const { run, verdict } = await verifyJson(unrelated);
    expect(run.code).toBe(0);
    expect([verdict.trust, verdict.registry, verdict.registryError]).toEqual(['none', [], undefined]);
  }, 60_000);

  it('with the chain down, the verdict says so in registryError and its C2PA result is unchanged', async () => {
    const deadRpc = `http://127.0.0.1:${await freePort()}`;
    const [down, without] = await Promise.all([
      verifyJson(originalPath, ['--rpc', deadRpc, '--registry', chain.registry.address]),
      verifyJson(originalPath, ['--no-registry']),
    ]);
    expect([down.run.code, without.run.code]).toEqual([0, 0]);
    expect(down.verdict.registryError).toMatch(/^The provenance registry could not be reached: /);
    expect(down.verdict.registry).toBeUndefined();
    expect(down.run.stderr).toContain(down.verdict.registryError);
    expect([down.verdict.trust, down.verdict.origin, down.verdict.codes]).toEqual([
      without.verdict.trust,
      without.verdict.origin,
      without.verdict.codes,
    ]);
    expect(down.verdict.trust).toBe('untrusted');
  }, 60_000);

  it('a credentialed original keeps its own verdict and lists its exact registration', async () => {
    const { verdict } = await verifyJson(originalPath);
    expect(verdict.trust).toBe('untrusted');
    expect(verdict.registry!.filter((m) => m.match === 'exact').map((m) => m.record.id)).toEqual([
      originalId,
    ]);
    expect(verdict.softBindings?.map((b) => [b.algorithm, b.from])).toEqual([['pdq', 'active manifest']]);
  }, 60_000);
});
