// Errors of the registry client, in three parts kept apart until shown: what happened (`shortMessage`),
// the underlying failure in its own words (`details`) and what to do about it (`hint`). The hints name
// `provlens` commands and flags: the CLI prints them on their own line, the extension says its own.

export interface RegistryErrorParts {
  /** The underlying failure's own text (a node's or server's answer), when it helps to see it. */
  details?: string | undefined;
  /** What to do about it with `provlens`, when there is something to do. */
  hint?: string | undefined;
  cause?: unknown;
}

/** `shortMessage` with `details` in brackets before its final full stop. */
function joined(shortMessage: string, details: string | undefined): string {
  if (!details) return shortMessage;
  const sentence = shortMessage.endsWith('.') ? shortMessage.slice(0, -1) : shortMessage;
  return `${sentence} (${details}).`;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
  /** What happened, in one sentence. */
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;
  /** `message` is the short message with its details; the hint is never part of it. */
  constructor(shortMessage: string, parts: RegistryErrorParts = {}) {
    super(joined(shortMessage, parts.details), { cause: parts.cause });
    this.shortMessage = shortMessage;
    this.details = parts.details;
    this.hint = parts.hint;
  }
}

/** The chain could not be reached, answered wrongly, or has no registry at the address: callers degrade. */
export class RegistryUnavailableError extends RegistryError {
  override name = 'RegistryUnavailableError';
}

/** The registry contract refused the transaction or call; `reason` is the contract's error name. */
export class RegistryRejectedError extends RegistryError {
  override name = 'RegistryRejectedError';
  readonly reason: string;
  constructor(reason: string, shortMessage: string, parts: RegistryErrorParts = {}) {
    super(shortMessage, parts);
    this.reason = reason;
  }
}

/** The caller passed a malformed value (a programming or command-line mistake, not a chain problem). */
export class RegistryInputError extends RegistryError {
  override name = 'RegistryInputError';
}
