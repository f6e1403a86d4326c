// `provlens fingerprint PATH` and `provlens match A B`: perceptual fingerprints of media files and
// whether two files show the same content.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { compareFingerprints } from '../../fingerprint/match.ts';
import { FingerprintError, fingerprintFile } from '../../fingerprint/node-fingerprint.ts';
import type { Fingerprint, FingerprintAlgorithm } from '../../fingerprint/types.ts';

// The algorithm `match` decides by, per kind of file; pdq64 is for on-chain search, not verdicts.
const DECIDING_ALGORITHMS: FingerprintAlgorithm[] = ['pdq', 'video-keyframes', 'audio-chroma'];

const KIND_OF: Record<FingerprintAlgorithm, string> = {
  pdq: 'an image',
  pdq64: 'an image',
  'pdq64-centre': 'an image',
  'pdq64-trimmed': 'an image',
  'video-keyframes': 'a video',
  'audio-chroma': 'audio',
};

async function fingerprintOrExplain(command: Command, path: string): Promise<Fingerprint[]> {
  try {
    return await fingerprintFile(path);
  } catch (error) {
    if (error instanceof FingerprintError)
      command.error(`${basename(path)}: ${error.message}`, { exitCode: 1 });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      command.error(`${path}: cannot read the file (${code})`, { exitCode: 1 });
    }
    throw error;
  }
}

export function addFingerprintCommands(program: Command): void {
  program
    .command('fingerprint')
    .description('print perceptual fingerprints of an image, audio or video file')
    .argument('<path>', 'media file')
    .option('--json', 'print JSON')
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const fingerprints = await fingerprintOrExplain(command, path);
      if (options.json) {
        console.log(JSON.stringify(fingerprints, null, 2));
        return;
      }
      for (const fp of fingerprints) {
        const quality = fp.quality === undefined ? '' : `  (quality ${fp.quality})`;
        console.log(`${fp.algorithm.padEnd(16)}${fp.value}${quality}`);
      }
    });

  program
    .command('match')
    .description(
      'say whether two files of the same kind show the same content (re-encoded, resized, trimmed...)',
    )
    .argument('<a>', 'first media file')
    .argument('<b>', 'second media file')
    .option('--json', 'print JSON')
    .action(async (a: string, b: string, options: { json?: boolean }, command: Command) => {
      const [first, second] = [
        await fingerprintOrExplain(command, a),
        await fingerprintOrExplain(command, b),
      ];
      const algorithm = DECIDING_ALGORITHMS.find(
        (name) => first.some((fp) => fp.algorithm === name) && second.some((fp) => fp.algorithm === name),
      );
      if (!algorithm) {
        const kindA = KIND_OF[first[0]!.algorithm];
        const kindB = KIND_OF[second[0]!.algorithm];
        command.error(
          `${basename(a)} is ${kindA} and ${basename(b)} is ${kindB}: match compares two files of the same kind`,
          {
            exitCode: 1,
          },
        );
      }
      const result = compareFingerprints(
        first.find((fp) => fp.algorithm === algorithm)!,
        second.find((fp) => fp.algorithm === algorithm)!,
      );
      if (options.json) {
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      const verdict = result.same ? 'same content' : 'different content';
      const relation = result.same ? '<=' : '>';
      console.log(
        `${verdict}: ${result.algorithm} distance ${result.distance} ${relation} threshold ${result.threshold}`,
      );
    });
}
