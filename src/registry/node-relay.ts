// `provlens relay`: a small HTTP service that checks registrations signed by their creators and submits
// them, paying the gas, so a creator needs no funds (Node only).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getAddress, isHexString, recoverAddress } from 'ethers';
import type { RegistryClient } from './client.ts';
import { encodeRegistration } from './encoding.ts';
import { RegistryRejectedError } from './errors.ts';
import { MAX_RELAY_BODY_BYTES, type RelayAnswer, type RelayRequest } from './relay-protocol.ts';

export interface RelayOptions {
  /** The registry, connected to the relayer's funded signer. */
  client: RegistryClient;
  host?: string;
  port?: number;
  /** Registrations one signer may have submitted per window. */
  perSignerLimit?: number;
  perSignerWindowMs?: number;
  /** Furthest a deadline may lie ahead (a signature valid for years is a standing liability). */
  maxDeadlineSeconds?: number;
  maxBodyBytes?: number;
}

export interface RunningRelay {
  url: string;
  chainId: number;
  close(): Promise<void>;
}

/** A refusal: HTTP status and a sentence for the creator. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > limit)
    throw new Refusal(413, `The request is ${declared} bytes; this relay takes at most ${limit}.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new Refusal(413, `The request is over ${limit} bytes; this relay takes at most ${limit}.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseRequest(text: string): RelayRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Refusal(400, 'The request is not JSON.');
  }
  const r = value as Partial<RelayRequest> | null;
  if (
    !r ||
    typeof r.chainId !== 'number' ||
    typeof r.registry !== 'string' ||
    typeof r.registrant !== 'string' ||
    typeof r.deadline !== 'string' ||
    !/^\d{1,20}$/.test(r.deadline) ||
    typeof r.signature !== 'string' ||
    typeof r.registration !== 'object' ||
    r.registration === null
  ) {
    throw new Refusal(
      400,
      'The request needs chainId, registry, registrant, deadline (decimal string), signature and registration.',
    );
  }
  return r as RelayRequest;
}

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const { client } = options;
  const chainId = await client.chainId();
  const limit = options.perSignerLimit ?? 10;
  const windowMs = options.perSignerWindowMs ?? 60 * 60 * 1000;
  const maxAhead = options.maxDeadlineSeconds ?? 24 * 60 * 60;
  const maxBody = options.maxBodyBytes ?? MAX_RELAY_BODY_BYTES;
  const recent = new Map<string, number[]>();
  const submitted = new Map<string, string>();
  // One submission at a time: the relayer's own nonces stay in order and a signer's nonce is read fresh.
  let queue: Promise<unknown> = Promise.resolve();

  const check = async (request: RelayRequest) => {
    if (request.chainId !== chainId || request.registry.toLowerCase() !== client.address.toLowerCase()) {
      throw new Refusal(
        400,
        `Wrong chain: this relay submits to chain ${chainId}, registry ${client.address}; the request is for chain ${request.chainId}, registry ${request.registry}.`,
      );
    }
    let registrant: string;
    try {
      registrant = getAddress(request.registrant);
      encodeRegistration(request.registration);
    } catch (error) {
      throw new Refusal(400, error instanceof Error ? error.message : String(error));
    }
    for (const [field, text] of Object.entries({
      title: request.registration.title,
      creator: request.registration.creator,
      uri: request.registration.uri,
      digitalSourceType: request.registration.digitalSourceType,
    })) {
      if (text !== undefined && new TextEncoder().encode(text).length > 2048)
        throw new Refusal(413, `The ${field} is longer than 2048 bytes.`);
    }
    if ((request.registration.parents ?? []).length > 8)
      throw new Refusal(413, 'At most 8 parents are allowed.');
    if ((request.registration.softBindings ?? []).length > 4)
      throw new Refusal(413, 'At most 4 fingerprints are allowed.');
    const deadline = BigInt(request.deadline);
    const now = BigInt(Math.floor(Date.now() / 1000));
    if (deadline < now)
      throw new Refusal(400, `The signature expired at ${new Date(Number(deadline) * 1000).toISOString()}.`);
    if (deadline > now + BigInt(maxAhead))
      throw new Refusal(
        400,
        `The deadline is more than ${maxAhead / 3600} hours ahead; sign with a nearer one.`,
      );
    if (!isHexString(request.signature, 65))
      throw new Refusal(400, 'The signature must be 65 bytes of 0x-hex.');
    const previous = submitted.get(request.signature.toLowerCase());
    if (previous)
      throw new Refusal(409, `This signed registration was already submitted (transaction ${previous}).`);
    const nonce = await client.nonceOf(registrant);
    const digest = await client.registrationDigest(request.registration, registrant, nonce, deadline);
    let signer = '';
    try {
      signer = recoverAddress(digest, request.signature);
    } catch {
      // an unrecoverable signature is refused below like any other mismatch
    }
    if (signer !== registrant) {
      throw new Refusal(
        401,
        `The signature is not ${registrant}'s for this registration on chain ${chainId} (wrong key, changed fields, or a nonce already used).`,
      );
    }
    const now2 = Date.now();
    const times = (recent.get(registrant) ?? []).filter((t) => now2 - t < windowMs);
    if (times.length >= limit) {
      const wait = Math.ceil((windowMs - (now2 - (times[0] as number))) / 1000);
      throw new Refusal(
        429,
        `Too many registrations from ${registrant}: at most ${limit} per ${Math.round(windowMs / 60000)} min; try again in ${wait} s.`,
        wait,
      );
    }
    return { registrant, deadline, nonce };
  };

  const handle = async (request: RelayRequest): Promise<RelayAnswer> => {
    const { registrant, deadline, nonce } = await check(request);
    const signed = {
      registration: request.registration,
      registrant,
      nonce,
      deadline,
      signature: request.signature,
    };
    const result = await client.submitSignedRegistration(signed);
    submitted.set(request.signature.toLowerCase(), result.txHash);
    recent.set(registrant, [...(recent.get(registrant) ?? []), Date.now()]);
    return { ok: true, id: result.id, txHash: result.txHash, blockNumber: result.blockNumber, registrant };
  };

  const reply = (
    response: ServerResponse,
    status: number,
    answer: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      ...headers,
    });
    response.end(JSON.stringify(answer));
  };

  const server: Server = createServer(async (request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, GET',
        'access-control-allow-headers': 'content-type',
      });
      response.end();
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/') {
      reply(response, 200, { chainId, registry: client.address, register: '/register' });
      return;
    }
    if (request.method !== 'POST' || path !== '/register') {
      reply(response, 404, { ok: false, error: 'POST a signed registration to /register.' });
      return;
    }
    try {
      const body = parseRequest(await readBody(request, maxBody));
      const task = queue.then(() => handle(body));
      queue = task.catch(() => undefined);
      reply(response, 200, await task);
    } catch (error) {
      if (error instanceof Refusal) {
        reply(
          response,
          error.status,
          { ok: false, error: error.message },
          error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : {},
        );
      } else if (error instanceof RegistryRejectedError) {
        // The registry refused it in the gas estimate: nothing was sent.
        reply(response, 400, { ok: false, error: error.message });
      } else {
        reply(response, 502, { ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/register`,
    chainId,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
