// Why an input has no real verdict, as a kind the exit code and JSON lines can switch on.
import type { Verdict } from '../../verdict/types.ts';

export type ErrorKind =
  /** The path names no file or folder. */
  | 'not-found'
  /** The file exists but could not be opened (permissions, a device, a read error). */
  | 'unreadable'
  /** A URL that could not be downloaded. */
  | 'download-failed'
  /** The file holds no bytes. */
  | 'empty'
  /** The content does not match the file's extension (a text file named .jpg). */
  | 'wrong-format'
  /** Larger than --max-size. */
  | 'too-large'
  /** The verifier took longer than --timeout. */
  | 'timeout'
  /** The verifier crashed on the file. */
  | 'crash'
  /** A format that cannot carry Content Credentials the engine reads. */
  | 'unsupported'
  /** Malformed or hostile content, a pre-release credential, or anything else the engine refused. */
  | 'malformed';

/** Inputs that were lost rather than checked: the run did not see their content at all. */
export const LOST_INPUT: ReadonlySet<ErrorKind> = new Set([
  'not-found',
  'unreadable',
  'download-failed',
  'empty',
]);

const BY_MESSAGE: [RegExp, ErrorKind][] = [
  [/^Could not download /, 'download-failed'],
  [/^The file is empty\./, 'empty'],
  [/^This is not an? .+: its content does not match/, 'wrong-format'],
  [/^The file is too large to verify/, 'too-large'],
  [/took longer than .* and was stopped/, 'timeout'],
  [/^The verifier crashed/, 'crash'],
  [/^This file format cannot carry Content Credentials/, 'unsupported'],
];

/** The kind of an error verdict: its own `errorKind` when the core sets one, else read from its message. */
export function errorKindOf(verdict: Verdict): ErrorKind | undefined {
  if (verdict.trust !== 'error') return undefined;
  const own = (verdict as { errorKind?: string }).errorKind;
  if (own) return own as ErrorKind;
  const message = verdict.message ?? '';
  return BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed';
}
