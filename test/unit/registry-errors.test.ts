// Registry errors keep what happened, the underlying failure and what to do apart: the CLI prints the
// hint on its own line, the extension shows the message with its own hint and never the CLI's.
import { describe, expect, it } from 'vitest';
import { registryFailure, registryFailureText } from '../../extension/background/registry-failure.ts';
import { RegistryError, RegistryRejectedError, RegistryUnavailableError } from '../../src/registry/errors.ts';
import { createRegistryLookup } from '../../src/registry/lookup.ts';
import { freePort } from '../../src/registry/node-chain.ts';
import { hintLine } from '../../src/registry/node-connection.ts';

const REGISTRY = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const SHA256 = 'ab'.repeat(32);

async function failureOf(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe('registry error parts', () => {
  it('puts the details in brackets before the full stop and leaves the hint out of the message', () => {
    const error = new RegistryUnavailableError('The registry chain at http://node did not answer.', {
      details: 'connect ECONNREFUSED',
      hint: 'Start it with `provlens chain`.',
    });
    expect([error.shortMessage, error.details, error.hint, error.message]).toEqual([
      'The registry chain at http://node did not answer.',
      'connect ECONNREFUSED',
      'Start it with `provlens chain`.',
      'The registry chain at http://node did not answer (connect ECONNREFUSED).',
    ]);
  });

  it('is its short message alone without details', () => {
    const error = new RegistryRejectedError('UnknownRecord', 'There is no record #9 on this registry.');
    expect([error.message, error.details, error.hint, error.reason]).toEqual([
      'There is no record #9 on this registry.',
      undefined,
      undefined,
      'UnknownRecord',
    ]);
  });

  it('a node that does not answer: the failure is in the details, what to do in the hint', async () => {
    const rpcUrl = `http://127.0.0.1:${await freePort()}`;
    const lookup = createRegistryLookup({ rpcUrl, address: REGISTRY, timeoutMs: 2000 });
    const error = await failureOf(lookup({ sha256: SHA256, fingerprints: [] }));
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error.shortMessage).toBe(`The registry chain at ${rpcUrl} did not answer.`);
    expect(error.details).toMatch(/ECONNREFUSED|fetch failed/);
    expect(error.message).toBe(`The registry chain at ${rpcUrl} did not answer (${error.details}).`);
    expect(error.hint).toBe('Start it with `provlens chain`, or point --rpc at a running node.');
  });

  it('the CLI prints the hint on its own line; nothing for an error without one', async () => {
    const rpcUrl = `http://127.0.0.1:${await freePort()}`;
    const lookup = createRegistryLookup({ rpcUrl, address: REGISTRY, chainId: 31337, timeoutMs: 2000 });
    const error = await failureOf(lookup({ sha256: SHA256, fingerprints: [] }));
    expect([error.message, error.details]).toEqual([
      `The registry chain at ${rpcUrl} did not answer.`,
      undefined,
    ]);
    expect(hintLine(error)).toBe(
      'hint: Start it with `provlens chain`, or check the RPC URL in the settings.\n',
    );
    expect(hintLine(new RegistryRejectedError('ZeroPayment', 'A payment must be more than zero.'))).toBe('');
    expect(hintLine(new Error('not a registry error'))).toBe('');
  });

  it('the extension shows the message with its own hint, never the CLI hint', async () => {
    const rpcUrl = `http://127.0.0.1:${await freePort()}`;
    const lookup = createRegistryLookup({ rpcUrl, address: REGISTRY, timeoutMs: 2000 });
    const error = await failureOf(lookup({ sha256: SHA256, fingerprints: [] }));
    expect(registryFailureText(error)).toBe(`${error.message} Check the RPC URL in Settings.`);
    expect(registryFailureText(error)).not.toContain('provlens');
    const refused = new RegistryRejectedError('RelayRefused', 'The registration relay refused it.', {
      details: 'too many registrations from this signer',
      hint: 'Ask the relay operator.',
    });
    expect(registryFailureText(refused)).toBe(
      'The registration relay refused it (too many registrations from this signer).',
    );
    expect(registryFailureText(new Error('Enter an amount above zero.'))).toBe('Enter an amount above zero.');
  });

  it('a key that cannot pay becomes a needs-funds failure for the views; other refusals keep no reason', () => {
    const cannotPay = new RegistryRejectedError(
      'InsufficientFunds',
      'Could not register: the account cannot pay for it.',
      {
        hint: 'Fund the account (on the local chain, `provlens chain` funds its dev accounts).',
      },
    );
    expect([registryFailure(cannotPay).message, registryFailure(cannotPay).reason]).toEqual([
      'Could not register: the account cannot pay for it.',
      'needs-funds',
    ]);
    const unknown = new RegistryRejectedError('UnknownRecord', 'There is no record #9 on this registry.');
    expect([registryFailure(unknown).message, registryFailure(unknown).reason]).toEqual([
      'There is no record #9 on this registry.',
      undefined,
    ]);
  });
});
