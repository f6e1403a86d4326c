/** Wrong arguments: the CLI exits with code 2 and prints the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE_ERROR = 2;
