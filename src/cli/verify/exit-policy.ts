// The exit status of `provlens verify`, decided from what happened to each input.
import type { Verdict } from '../../verdict/types.ts';
import { type ErrorKind, LOST_INPUT } from './error-kinds.ts';

export const EXIT = {
  /** Every input was read (whatever its verdict). */
  ok: 0,
  /** An input could not be read at all: missing, unopenable, empty, or not downloadable. */
  lostInput: 1,
  /** Wrong arguments, unreadable trust lists, an unwritable --report path. */
  usage: 2,
  /** With --strict: an input is invalid, or its content could not be checked. */
  strict: 3,
} as const;

export const EXIT_CODES_HELP = `Exit status:
  0  every input was read, whatever its verdict
  1  an input could not be read at all (no such file, unreadable, empty, download failed)
  2  wrong arguments, an unreadable trust list, or a --report path that cannot be written
  3  only with --strict: an input is "invalid" or "error" (malformed, wrong format, too large, timed out)`;

export function exitCode(results: { verdict: Verdict; errorKind?: ErrorKind }[], strict: boolean): number {
  if (results.some((r) => r.errorKind && LOST_INPUT.has(r.errorKind))) return EXIT.lostInput;
  if (strict && results.some((r) => r.verdict.trust === 'error' || r.verdict.trust === 'invalid'))
    return EXIT.strict;
  return EXIT.ok;
}
