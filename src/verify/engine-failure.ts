// What a failed engine read means for a person and for a program: one case per EngineFailure kind.
import { explainCode } from '../verdict/codes.ts';
import type { ErrorKind, StatusCode } from '../verdict/types.ts';
import type { EngineFailure } from './engine/protocol.ts';

export type FailureOutcome =
  /** Nothing could be checked: an error verdict. */
  | { verdict: 'error'; errorKind: ErrorKind; message: string; codes: StatusCode[] }
  /** The credential is there but cannot be valid: an invalid verdict. */
  | { verdict: 'invalid'; message: string; codes: StatusCode[] }
  /** No credential was read, but the file names a remote one at `url`: checked like a file without one. */
  | { verdict: 'remote-manifest'; url: string };

function failureCode(code: string): StatusCode {
  return { code, explanation: explainCode(code) ?? code, severity: 'failure' };
}

export function failureOutcome(failure: EngineFailure): FailureOutcome {
  const error = (errorKind: ErrorKind, message: string, codes: StatusCode[] = []): FailureOutcome => ({
    verdict: 'error',
    errorKind,
    message,
    codes,
  });
  switch (failure.kind) {
    case 'unsupported-algorithm':
      return {
        verdict: 'invalid',
        message:
          'The credential uses a hash or signature algorithm that is not supported, so it cannot be checked.',
        codes: [failureCode('algorithm.unsupported')],
      };
    case 'prerelease':
      return error(
        'prerelease',
        'This file carries a pre-release (before C2PA 1.0) credential, which cannot be checked.',
        [failureCode('com.adobe.prerelease')],
      );
    case 'remote-manifest-not-fetched':
      return { verdict: 'remote-manifest', url: failure.detail ?? '' };
    case 'remote-manifest-unavailable':
      return error(
        'remote-manifest-unavailable',
        `The file points to a remote credential that could not be downloaded (${failure.detail ?? 'no reason given'}).`,
      );
    case 'cyclic-ingredients':
      return error(
        'malformed',
        'The credential is malformed: its ingredients refer back to themselves in a cycle, so it cannot be checked.',
      );
    case 'nesting-too-deep':
      return error(
        'malformed',
        'The file is malformed: its boxes are nested too deeply to read (a sign of a hostile file).',
      );
    case 'active-manifest-missing':
      return error(
        'malformed',
        'The file is malformed: it has a C2PA manifest store without a readable active manifest.',
      );
    case 'timeout':
      return error('timeout', `${failure.error} The file may be malformed or hostile.`);
    case 'crash':
      return error(
        'crash',
        `The verifier crashed reading this file (${failure.detail ?? failure.error.slice(0, 120)}); it is malformed or hostile. Other files are not affected.`,
      );
    case 'unsupported-format':
      return error(
        'unsupported-format',
        'This file format cannot carry Content Credentials that this verifier reads.',
      );
    case 'malformed':
      return error(
        'malformed',
        `The file is malformed and its credential cannot be read: ${failure.detail ?? failure.error.slice(0, 200)}.`,
      );
  }
}
