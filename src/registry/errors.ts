// Errors of the registry client: each says what happened and what a person can do about it.

export class RegistryError extends Error {
  override name = 'RegistryError';
  /** What to do about it, when there is something to do. */
  readonly hint: string | undefined;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, { cause: options.cause });
    this.hint = options.hint;
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
  constructor(reason: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options);
    this.reason = reason;
  }
}

/** The caller passed a malformed value (a programming or command-line mistake, not a chain problem). */
export class RegistryInputError extends RegistryError {
  override name = 'RegistryInputError';
}
