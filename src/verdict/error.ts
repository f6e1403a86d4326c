// The verdict for content that could not be checked, made the same way by the core and the extension.
import type { ErrorKind, Verdict } from './types.ts';

/** Trust "error", with the kind for programs and the message for people. */
export function errorVerdict(kind: ErrorKind, message: string, base: Partial<Verdict> = {}): Verdict {
  return {
    trust: 'error',
    origin: 'unknown',
    aiDerived: null,
    sha256: base.sha256 ?? '',
    mediaType: base.mediaType ?? 'application/octet-stream',
    digitalSourceTypes: [],
    credits: [],
    codes: base.codes ?? [],
    evidence: [message],
    message,
    errorKind: kind,
    ...(base.size !== undefined ? { size: base.size } : {}),
    ...(base.checkedAt ? { checkedAt: base.checkedAt } : {}),
  };
}
