// What a creator sends a registration relay (`provlens relay`) and what it answers. Browser-safe.
import type { RegistrationInput } from './encoding.ts';
import { RegistryRejectedError, RegistryUnavailableError } from './errors.ts';

/** A registration signed by its registrant (EIP-712), for a relay to submit and pay for. */
export interface RelayRequest {
  chainId: number;
  registry: string;
  registrant: string;
  /** Unix seconds, as a decimal string. */
  deadline: string;
  /** 65-byte secp256k1 signature, 0x-hex. */
  signature: string;
  registration: RegistrationInput;
}

export type RelayAnswer =
  | { ok: true; id: string; txHash: string; blockNumber: number; registrant: string }
  | { ok: false; error: string };

/** Largest request body a relay reads: the contract's own text limits fit well inside. */
export const MAX_RELAY_BODY_BYTES = 16 * 1024;

/** Sends a signed registration to a relay; throws with the relay's own words when it refuses. */
export async function sendToRelay(
  relayUrl: string,
  request: RelayRequest,
  timeoutMs = 60_000,
): Promise<{ id: string; txHash: string; blockNumber: number; registrant: string }> {
  let response: Response;
  try {
    response = await fetch(relayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new RegistryUnavailableError(`The registration relay at ${relayUrl} did not answer.`, { cause });
  }
  const answer = (await response.json().catch(() => undefined)) as RelayAnswer | undefined;
  if (answer?.ok) return answer;
  throw new RegistryRejectedError('RelayRefused', 'The registration relay refused it.', {
    details: answer?.error ?? `HTTP ${response.status}`,
  });
}
