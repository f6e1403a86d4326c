// `provlens fingerprint PATH` and `provlens match A B`: perceptual fingerprints of media files and
// whether two files show the same content.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { matchContent } from '../../fingerprint/match.ts';
import { FingerprintError, fingerprintFile } from '../../fingerprint/node-fingerprint.ts';
import type { Fingerprint, FingerprintAlgorithm } from '../../fingerprint/types.ts';

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
      'say whether COPY shows the content of ORIGINAL (re-encoded, resized, cropped at the edges, captioned, trimmed...); images are decided by the registry search rule',
    )
    .argument('<original>', 'the original media file')
    .argument('<copy>', 'the file that may be a copy of it')
    .option('--json', 'print JSON')
    .action(async (original: string, copy: string, options: { json?: boolean }, command: Command) => {
      const [first, second] = [
        await fingerprintOrExplain(command, original),
        await fingerprintOrExplain(command, copy),
      ];
      const result = matchContent(first, second);
      if (!result) {
        const kindA = KIND_OF[first[0]!.algorithm];
        const kindB = KIND_OF[second[0]!.algorithm];
        command.error(
          `${basename(original)} is ${kindA} and ${basename(copy)} is ${kindB}: match compares two files of the same kind`,
          { exitCode: 1 },
        );
      }
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
