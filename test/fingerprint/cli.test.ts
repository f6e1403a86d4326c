import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addFingerprintCommands } from '../../src/cli/commands/fingerprint.ts';
import { PDQ64_MATCH_THRESHOLD } from '../../src/fingerprint/match.ts';

const CORPUS_FILES = resolve(process.cwd(), '../shared/corpus/files');
const file = (name: string) => join(CORPUS_FILES, name);

async function run(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const program = new Command('provlens').exitOverride();
  let stderr = '';
  program.configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => {} });
  addFingerprintCommands(program);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  try {
    await program.parseAsync(args, { from: 'user' });
    return { stdout: lines.join('\n'), stderr, exitCode: 0 };
  } catch (error) {
    if (error instanceof CommanderError)
      return { stdout: lines.join('\n'), stderr, exitCode: error.exitCode };
    throw error;
  } finally {
    log.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('provlens fingerprint', () => {
  it('prints one {algorithm, value} per algorithm as JSON for an image', async () => {
    const { stdout, exitCode } = await run('fingerprint', file('pt-adobe-20220124-A.jpg'), '--json');
    const printed = JSON.parse(stdout) as { algorithm: string; value: string }[];
    expect([exitCode, printed.map((fp) => [fp.algorithm, fp.value.length])]).toEqual([
      0,
      [
        ['pdq', 64],
        ['pdq64', 16],
        ['pdq64-centre', 16],
      ],
    ]);
  });

  it('fails with exit code 1 and a reason for a file that is not media', async () => {
    const { stderr, exitCode } = await run('fingerprint', file('trust-c2pa-trust-list.pem'));
    expect([exitCode, stderr.trim()]).toEqual([
      1,
      'trust-c2pa-trust-list.pem: no fingerprint for application/octet-stream: images, audio and video are supported',
    ]);
  });
});

describe('provlens match', () => {
  it('prints {distance, threshold, same} for two copies of one image', async () => {
    const { stdout, exitCode } = await run(
      'match',
      file('ms-cards_trusted.jpg'),
      file('ms-cards_untrusted.jpg'),
      '--json',
    );
    expect([exitCode, JSON.parse(stdout)]).toEqual([
      0,
      { algorithm: 'pdq64', distance: 0, threshold: PDQ64_MATCH_THRESHOLD, same: true },
    ]);
  });

  it('says two different images are different content', async () => {
    const { stdout } = await run('match', file('rs-cai.jpg'), file('pt-nikon-20221019-building.jpg'));
    expect(stdout).toMatch(
      new RegExp(`^different content: pdq64 distance \\d+ > threshold ${PDQ64_MATCH_THRESHOLD}$`),
    );
  });

  it('calls a 10% centre crop of a photograph the same content, as the registry search does', async () => {
    const original = file('pt-nikon-20221019-building.jpg');
    const { width = 0, height = 0 } = await sharp(original).metadata();
    const crop = join(mkdtempSync(join(tmpdir(), 'provlens-match-')), 'crop.jpg');
    const [w, h] = [Math.round(width * 0.9), Math.round(height * 0.9)];
    await sharp(original)
      .extract({ left: Math.round((width - w) / 2), top: Math.round((height - h) / 2), width: w, height: h })
      .jpeg({ quality: 90 })
      .toFile(crop);
    const { stdout } = await run('match', original, crop);
    expect(stdout).toMatch(
      new RegExp(`^same content: pdq64 distance \\d+ <= threshold ${PDQ64_MATCH_THRESHOLD}$`),
    );
  });

  it('refuses files of different kinds with exit code 1', async () => {
    const { stderr, exitCode } = await run('match', file('rs-cai.jpg'), file('ms-cicadas.mp3'));
    expect([exitCode, stderr.trim()]).toEqual([
      1,
      'rs-cai.jpg is an image and ms-cicadas.mp3 is audio: match compares two files of the same kind',
    ]);
  });

  it('fails with exit code 1 for a missing file', async () => {
    const { exitCode, stderr } = await run('match', file('no-such-file.jpg'), file('rs-cai.jpg'));
    expect([exitCode, stderr.includes('cannot read the file (ENOENT)')]).toEqual([1, true]);
  });
});
