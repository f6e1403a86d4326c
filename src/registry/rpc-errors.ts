// Provider and contract failures → RegistryError subclasses with messages a person can act on.
import { Interface, isError } from 'ethers';
import { REGISTRY_ABI } from './abi.ts';
import { RegistryError, RegistryRejectedError, RegistryUnavailableError } from './errors.ts';

const REJECTION_MESSAGES: Record<string, (args: readonly unknown[]) => string> = {
  EmptyContentHash: () => 'The content hash is empty.',
  UnknownRecord: ([id]) => `There is no record #${id} on this registry.`,
  ParentRevoked: ([id]) => `Parent record #${id} was revoked by its registrant and cannot be credited.`,
  DuplicateParent: ([id]) => `Record #${id} is listed twice as a parent.`,
  TooManyParents: ([count, max]) => `${count} parents given; at most ${max} are allowed.`,
  SharesExceedTotal: ([total]) =>
    `The parents' shares add up to ${total} basis points; at most 10000 are allowed.`,
  TooManySoftBindings: ([count, max]) => `${count} fingerprints given; at most ${max} are allowed.`,
  EmptySoftBindingAlgorithm: () => 'A fingerprint has no algorithm name.',
  TextTooLong: ([length, max]) => `A text field is ${length} bytes long; at most ${max} are allowed.`,
  SignatureExpired: ([deadline]) =>
    `The signature expired at ${new Date(Number(deadline) * 1000).toISOString()}.`,
  InvalidSignature: ([who]) =>
    `The signature is not valid for registrant ${who} on this chain and registry (wrong key, chain, contract, or an already used nonce).`,
  NotRegistrant: ([id, caller]) => `Only the registrant of record #${id} may do this, not ${caller}.`,
  AlreadyRevoked: ([id]) => `Record #${id} is already revoked.`,
  RecordIsRevoked: ([id]) => `Record #${id} was revoked by its registrant and takes no payments.`,
  ZeroPayment: () => 'A payment must be more than zero.',
  NothingToWithdraw: ([who]) => `Nothing is credited to ${who}.`,
  WithdrawFailed: ([who]) => `Sending the credited amount to ${who} failed.`,
  Reentrancy: () => 'The registry refused a nested call.',
};

const REGISTRY_INTERFACE = new Interface(REGISTRY_ABI);

function decodeRevert(data: string | null | undefined): { name: string; args: readonly unknown[] } | null {
  if (!data || data.length < 10) return null;
  try {
    const parsed = REGISTRY_INTERFACE.parseError(data);
    return parsed ? { name: parsed.name, args: [...parsed.args] } : null;
  } catch {
    return null;
  }
}

/** Runs a chain call, turning provider and contract failures into RegistryError subclasses. */
export async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toRegistryError(action, error);
  }
}

function toRegistryError(action: string, error: unknown): unknown {
  if (error instanceof RegistryError) return error;
  if (isError(error, 'CALL_EXCEPTION')) {
    // Reverts during gas estimation come back undecoded; decode them with the registry's own errors.
    const revert = error.revert ?? decodeRevert(error.data);
    if (revert) {
      const describe = REJECTION_MESSAGES[revert.name];
      const message = describe ? describe(revert.args) : `${revert.name}(${revert.args.join(', ')})`;
      return new RegistryRejectedError(revert.name, `Could not ${action}: ${message}`, { cause: error });
    }
    if (error.data === '0x' || error.data === null) {
      return new RegistryUnavailableError(`Could not ${action}: the call failed without a reason.`, {
        hint: 'Is there a registry contract at this address on this chain? Check --registry and --rpc.',
        cause: error,
      });
    }
    return new RegistryRejectedError('unknown', `Could not ${action}.`, {
      details: error.shortMessage,
      cause: error,
    });
  }
  if (isError(error, 'BAD_DATA')) {
    return new RegistryUnavailableError(`Could not ${action}: the chain's answer could not be read.`, {
      hint: 'Is there a registry contract at this address on this chain? Check --registry and --rpc.',
      cause: error,
    });
  }
  if (isError(error, 'INSUFFICIENT_FUNDS')) {
    return new RegistryRejectedError(
      'InsufficientFunds',
      `Could not ${action}: the account cannot pay for it.`,
      {
        hint: 'Fund the account (on the local chain, `provlens chain` funds its dev accounts).',
        cause: error,
      },
    );
  }
  if (
    isError(error, 'NETWORK_ERROR') ||
    isError(error, 'SERVER_ERROR') ||
    isError(error, 'TIMEOUT') ||
    (error instanceof Error && /ECONNREFUSED|fetch failed|ENOTFOUND|ECONNRESET/.test(error.message))
  ) {
    return new RegistryUnavailableError(`Could not ${action}: the chain did not answer.`, {
      hint: 'Start it with `provlens chain`, or point --rpc at a running node.',
      cause: error,
    });
  }
  return error;
}
