// What the extension says when the registry fails: the error's message and where to fix it here. The
// registry client's hints name `provlens` commands and flags, so the extension never shows them.
import { RegistryRejectedError, RegistryUnavailableError } from '../../src/registry/errors.ts';
import { ExtensionFailure } from '../platform/messages.ts';

/** The extension's own hint for a chain, node or indexer that cannot be used. */
export const SETTINGS_HINT = 'Check the RPC URL in Settings.';

export function registryFailureText(error: unknown): string {
  if (error instanceof RegistryUnavailableError) return `${error.message} ${SETTINGS_HINT}`;
  return error instanceof Error ? error.message : String(error);
}

/** A failed registration or payment as the views get it: its text, and `needs-funds` when the key cannot pay. */
export function registryFailure(error: unknown): ExtensionFailure {
  if (error instanceof ExtensionFailure) return error;
  const needsFunds = error instanceof RegistryRejectedError && error.reason === 'InsufficientFunds';
  return new ExtensionFailure(registryFailureText(error), needsFunds ? 'needs-funds' : undefined);
}
