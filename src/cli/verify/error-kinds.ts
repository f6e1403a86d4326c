// Why an input has no real verdict: the core's error kinds (src/verdict/types.ts), which the exit code and
// JSON lines switch on.
import type { ErrorKind, Verdict } from '../../verdict/types.ts';

export type { ErrorKind };

/** Inputs that were lost rather than checked: the run did not see their content at all. */
export const LOST_INPUT: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['not-found', 'unreadable', 'empty']);

/** The kind of an error verdict (undefined for a verdict that is not an error). */
export function errorKindOf(verdict: Verdict): ErrorKind | undefined {
  return verdict.trust === 'error' ? verdict.errorKind : undefined;
}
