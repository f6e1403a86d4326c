// What the extension says when the registry fails: the error's message and where to fix it here. The
// registry client's hints name `provlens` commands and flags, so the extension never shows them.
import { RegistryUnavailableError } from '../../src/registry/errors.ts';

/** The extension's own hint for a chain, node or indexer that cannot be used. */
export const SETTINGS_HINT = 'Check the RPC URL in Settings.';

export function registryFailureText(error: unknown): string {
  if (error instanceof RegistryUnavailableError) return `${error.message} ${SETTINGS_HINT}`;
  return error instanceof Error ? error.message : String(error);
}
