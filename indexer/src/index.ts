// Registry events → the indexer's tables. Every fact of a record is in its events, so indexing needs no
// contract reads.
import { ponder } from 'ponder:registry';
import { dispute, fingerprintChunk, parentLink, record } from 'ponder:schema';
import { hexToString } from 'viem';
import { toSigned64 } from './near.ts';

ponder.on('ProvenanceRegistry:Registered', async ({ event, context }) => {
  const { args } = event;
  await context.db
    .insert(record)
    .values({
      id: args.id,
      contentHash: args.contentHash,
      registrant: args.registrant,
      submitter: args.submitter,
      kind: args.kind,
      training: args.training,
      time: args.time,
      block: event.block.number,
      manifestHash: args.manifestHash,
      title: args.title,
      creator: args.creator,
      uri: args.uri,
      digitalSourceType: args.digitalSourceType,
      revoked: false,
    })
    .onConflictDoNothing();
});

ponder.on('ProvenanceRegistry:ParentLinked', async ({ event, context }) => {
  await context.db
    .insert(parentLink)
    .values({
      childId: event.args.id,
      parentId: event.args.parentId,
      position: event.log.logIndex,
      relation: event.args.relation,
      shareBps: event.args.shareBps,
    })
    .onConflictDoNothing();
});

ponder.on('ProvenanceRegistry:SoftBindingChunk', async ({ event, context }) => {
  await context.db
    .insert(fingerprintChunk)
    .values({
      algorithm: hexToString(event.args.algorithm, { size: 32 }).replace(/\0+$/, ''),
      bucket: Number(event.args.bucket),
      value: toSigned64(event.args.value),
      recordId: event.args.id,
    })
    .onConflictDoNothing();
});

ponder.on('ProvenanceRegistry:Revoked', async ({ event, context }) => {
  await context.db.update(record, { id: event.args.id }).set({ revoked: true });
});

ponder.on('ProvenanceRegistry:Disputed', async ({ event, context }) => {
  await context.db.insert(dispute).values({
    eventId: event.id,
    recordId: event.args.id,
    position: Number(event.args.index),
    by: event.args.by,
    time: event.block.timestamp,
    reasonUri: event.args.reasonUri,
  });
});
