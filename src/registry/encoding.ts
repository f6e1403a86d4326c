// The registry's data model in TypeScript: enums, inputs, EIP-712 types, encoding and value checks.
import { encodeBytes32String, getAddress, type TypedDataField } from 'ethers';
import type { RegistryRecordView } from '../verdict/types.ts';
import { RegistryInputError } from './errors.ts';

export type RecordKind = RegistryRecordView['kind'];
export type TrainingPermission = NonNullable<RegistryRecordView['training']>;
export type Relation = 'DerivedFrom' | 'TrainedOn' | 'GeneratedBy' | 'ComponentOf';

/** Enum orders of the contract: index = on-chain value. */
export const RECORD_KINDS: readonly RecordKind[] = ['media', 'dataset', 'model', 'application', 'output'];
export const RELATIONS: readonly Relation[] = ['DerivedFrom', 'TrainedOn', 'GeneratedBy', 'ComponentOf'];
export const TRAINING_PERMISSIONS: readonly TrainingPermission[] = [
  'unspecified',
  'allowed',
  'notAllowed',
  'constrained',
];

export const TOTAL_BPS = 10000;
/** Near search probes chunks within floor(threshold / 4) bits; beyond 3 the number of topics explodes. */
export const MAX_NEAR_CHUNK_RADIUS = 3;

export interface ParentInput {
  id: string | number | bigint;
  relation: Relation;
  /** Share of payments passed to this parent, in basis points (all parents together at most 10000). */
  shareBps: number;
}

export interface SoftBindingInput {
  /** Algorithm name, e.g. "pdq64" (at most 31 ASCII characters). */
  algorithm: string;
  /** 64-bit value as 16 hex digits. */
  value: string;
}

export interface RegistrationInput {
  /** SHA-256 of the content bytes, 64 hex digits (0x optional). */
  contentHash: string;
  kind: RecordKind;
  title?: string;
  /** Creator name or DID. */
  creator?: string;
  uri?: string;
  /** Hash of the C2PA manifest, if the content carries one (64 hex digits). */
  manifestHash?: string;
  /** IPTC digital source type URI. */
  digitalSourceType?: string;
  training?: TrainingPermission;
  parents?: ParentInput[];
  softBindings?: SoftBindingInput[];
}

export const REGISTRATION_TYPES: Record<string, TypedDataField[]> = {
  Register: [
    { name: 'registrant', type: 'address' },
    { name: 'contentHash', type: 'bytes32' },
    { name: 'kind', type: 'uint8' },
    { name: 'title', type: 'string' },
    { name: 'creator', type: 'string' },
    { name: 'uri', type: 'string' },
    { name: 'manifestHash', type: 'bytes32' },
    { name: 'digitalSourceType', type: 'string' },
    { name: 'training', type: 'uint8' },
    { name: 'parents', type: 'ParentLink[]' },
    { name: 'softBindings', type: 'SoftBinding[]' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
  ParentLink: [
    { name: 'id', type: 'uint256' },
    { name: 'relation', type: 'uint8' },
    { name: 'shareBps', type: 'uint16' },
  ],
  SoftBinding: [
    { name: 'algorithm', type: 'bytes32' },
    { name: 'value', type: 'uint64' },
  ],
};

export const ZERO_HASH = `0x${'0'.repeat(64)}`;

export interface EncodedRegistration {
  contentHash: string;
  kind: number;
  title: string;
  creator: string;
  uri: string;
  manifestHash: string;
  digitalSourceType: string;
  training: number;
  parents: { id: bigint; relation: number; shareBps: number }[];
  softBindings: { algorithm: string; value: bigint }[];
}

/** The Registration tuple as the contract and the EIP-712 message take it; throws RegistryInputError. */
export function encodeRegistration(input: RegistrationInput): EncodedRegistration {
  const kind = RECORD_KINDS.indexOf(input.kind);
  if (kind < 0)
    throw new RegistryInputError(`Unknown kind "${input.kind}"; use one of ${RECORD_KINDS.join(', ')}.`);
  const training = TRAINING_PERMISSIONS.indexOf(input.training ?? 'unspecified');
  if (training < 0) {
    throw new RegistryInputError(
      `Unknown training permission "${input.training}"; use one of ${TRAINING_PERMISSIONS.join(', ')}.`,
    );
  }
  const parents = (input.parents ?? []).map((p) => {
    const relation = RELATIONS.indexOf(p.relation);
    if (relation < 0)
      throw new RegistryInputError(`Unknown relation "${p.relation}"; use one of ${RELATIONS.join(', ')}.`);
    if (!Number.isInteger(p.shareBps) || p.shareBps < 0 || p.shareBps > TOTAL_BPS) {
      throw new RegistryInputError(
        `A parent's share must be a whole number of basis points from 0 to 10000, not ${p.shareBps}.`,
      );
    }
    return { id: toId(p.id), relation, shareBps: p.shareBps };
  });
  const totalBps = parents.reduce((sum, p) => sum + p.shareBps, 0);
  if (totalBps > TOTAL_BPS) {
    throw new RegistryInputError(
      `The parents' shares add up to ${totalBps} basis points; at most 10000 are allowed.`,
    );
  }
  const softBindings = (input.softBindings ?? []).map((b) => {
    if (!/^[\x20-\x7e]{1,31}$/.test(b.algorithm)) {
      throw new RegistryInputError(
        `Soft-binding algorithm "${b.algorithm}" must be 1 to 31 ASCII characters.`,
      );
    }
    return { algorithm: encodeBytes32String(b.algorithm), value: toUint64(b.value, `${b.algorithm} value`) };
  });
  return {
    contentHash: toBytes32(input.contentHash, 'content hash'),
    kind,
    title: input.title ?? '',
    creator: input.creator ?? '',
    uri: input.uri ?? '',
    manifestHash: input.manifestHash ? toBytes32(input.manifestHash, 'manifest hash') : ZERO_HASH,
    digitalSourceType: input.digitalSourceType ?? '',
    training,
    parents,
    softBindings,
  };
}

export function typesWithoutDomain(
  types: Record<string, TypedDataField[]>,
): Record<string, TypedDataField[]> {
  const { EIP712Domain: _domain, ...rest } = types;
  return rest;
}

export function toBytes32(hex: string, what: string): string {
  const clean = stripHex(hex);
  if (!/^[0-9a-f]{64}$/.test(clean))
    throw new RegistryInputError(`The ${what} must be 64 hex digits, not "${hex}".`);
  return `0x${clean}`;
}

export function toUint64(hex: string, what: string): bigint {
  const clean = stripHex(hex);
  if (!/^[0-9a-f]{16}$/.test(clean))
    throw new RegistryInputError(`The ${what} must be 16 hex digits, not "${hex}".`);
  return BigInt(`0x${clean}`);
}

export function toId(id: string | number | bigint): bigint {
  try {
    const value = BigInt(id);
    if (value > 0n) return value;
  } catch {
    // fall through to the error below
  }
  throw new RegistryInputError(`A record id is a positive whole number, not "${id}".`);
}

export function checkAddress(address: string, what: string): string {
  try {
    return getAddress(address);
  } catch {
    throw new RegistryInputError(`The ${what} "${address}" is not an Ethereum address.`);
  }
}

export function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold >= 4 * (MAX_NEAR_CHUNK_RADIUS + 1)) {
    throw new RegistryInputError(
      `The near-match threshold must be a whole number from 0 to ${4 * (MAX_NEAR_CHUNK_RADIUS + 1) - 1} bits.`,
    );
  }
}

export function stripHex(hex: string): string {
  return hex.toLowerCase().replace(/^0x/, '');
}

export function hammingDistance64(a: bigint, b: bigint): number {
  let x = (a ^ b) & 0xffffffffffffffffn;
  let count = 0;
  while (x > 0n) {
    x &= x - 1n;
    count++;
  }
  return count;
}

/** Buckets (position << 16 | chunk) of every chunk within `radius` bits of the value's own chunks. */
export function nearBuckets(value: bigint, radius: number): bigint[] {
  const buckets: bigint[] = [];
  for (let position = 0; position < 4; position++) {
    const chunk = Number((value >> BigInt(48 - 16 * position)) & 0xffffn);
    for (const neighbour of chunkNeighbours(chunk, radius)) {
      buckets.push((BigInt(position) << 16n) | BigInt(neighbour));
    }
  }
  return buckets;
}

/** Every 16-bit value within `radius` bits of `chunk` (the registry's log search and the indexer both probe these). */
export function chunkNeighbours(chunk: number, radius: number): number[] {
  const out = [chunk];
  const flip = (value: number, from: number, left: number): void => {
    if (left === 0) return;
    for (let bit = from; bit < 16; bit++) {
      const next = value ^ (1 << bit);
      out.push(next);
      flip(next, bit + 1, left - 1);
    }
  };
  flip(chunk, 0, radius);
  return out;
}
