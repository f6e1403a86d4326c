// One JSON line per input: the Verdict with "file" (as given) and, for errors, "errorKind".
import type { Verdict } from '../../verdict/types.ts';
import type { ErrorKind } from './error-kinds.ts';

export function jsonLine(file: string, verdict: Verdict, errorKind?: ErrorKind): string {
  const { thumbnails: _thumbnails, ...line } = verdict;
  return `${JSON.stringify({ file, ...line, ...(errorKind ? { errorKind } : {}) })}\n`;
}
