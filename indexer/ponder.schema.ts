// The indexer's tables. Fingerprints are stored as 16-bit chunks keyed by (algorithm, bucket) so a
// near-duplicate search is a handful of index probes (multi-index hashing), not a scan.
import { index, onchainTable, primaryKey } from 'ponder';

export const record = onchainTable(
  'record',
  (t) => ({
    id: t.bigint().primaryKey(),
    contentHash: t.hex().notNull(),
    registrant: t.hex().notNull(),
    submitter: t.hex().notNull(),
    kind: t.integer().notNull(),
    training: t.integer().notNull(),
    /** Block time of the registration, in seconds. */
    time: t.bigint().notNull(),
    block: t.bigint().notNull(),
    manifestHash: t.hex().notNull(),
    title: t.text().notNull(),
    creator: t.text().notNull(),
    uri: t.text().notNull(),
    digitalSourceType: t.text().notNull(),
    revoked: t.boolean().notNull(),
  }),
  (table) => ({ byContentHash: index().on(table.contentHash, table.id) }),
);

export const parentLink = onchainTable(
  'parent_link',
  (t) => ({
    childId: t.bigint().notNull(),
    parentId: t.bigint().notNull(),
    /** Order of the link within its registration (the contract keeps that order). */
    position: t.integer().notNull(),
    relation: t.integer().notNull(),
    shareBps: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.childId, table.parentId] }) }),
);

export const dispute = onchainTable(
  'dispute',
  (t) => ({
    /** Ponder's event id: sorts in chain order. */
    eventId: t.text().primaryKey(),
    recordId: t.bigint().notNull(),
    /** The dispute's index among the record's disputes (as the contract numbers them). */
    position: t.integer().notNull(),
    by: t.hex().notNull(),
    time: t.bigint().notNull(),
    reasonUri: t.text().notNull(),
  }),
  (table) => ({ byRecord: index().on(table.recordId, table.position) }),
);

export const fingerprintChunk = onchainTable(
  'fingerprint_chunk',
  (t) => ({
    algorithm: t.text().notNull(),
    /** position << 16 | chunk, position 0 = the most significant 16 bits (as the contract's event). */
    bucket: t.integer().notNull(),
    /** The whole 64-bit value as a signed int8 (two's complement), so XOR and bit_count run in SQL. */
    value: t.int8({ mode: 'bigint' }).notNull(),
    recordId: t.bigint().notNull(),
  }),
  // The key leads with (algorithm, bucket) and holds the value: a probe is an index-only scan.
  (table) => ({ pk: primaryKey({ columns: [table.algorithm, table.bucket, table.value, table.recordId] }) }),
);
