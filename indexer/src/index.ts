// Registry events → the indexer's tables. Texts of a registration are not in its event, so they are read
// once from the contract as of the event's block (Ponder caches that read).
import { ponder } from 'ponder:registry';
import { dispute, fingerprintChunk, parentLink, record } from 'ponder:schema';
import { hexToString } from 'viem';
import { registryAbi } from '../settings.ts';
import { toSigned64 } from './near.ts';

/** The fields of the contract's RecordView a registration's event leaves out. */
interface RecordTexts {
  training: number;
  manifestHash: `0x${string}`;
  title: string;
  creator: string;
  uri: string;
  digitalSourceType: string;
}

ponder.on('ProvenanceRegistry:Registered', async ({ event, context }) => {
  const [view] = (await context.client.readContract({
    abi: registryAbi,
    address: event.log.address,
    functionName: 'recordsByIds',
    args: [[event.args.id]],
  })) as readonly RecordTexts[];
  if (!view) throw new Error(`recordsByIds returned nothing for record ${event.args.id}`);
  await context.db
    .insert(record)
    .values({
      id: event.args.id,
      contentHash: event.args.contentHash,
      registrant: event.args.registrant,
      submitter: event.args.submitter,
      kind: event.args.kind,
      training: view.training,
      time: event.block.timestamp,
      block: event.block.number,
      manifestHash: view.manifestHash,
      title: view.title,
      creator: view.creator,
      uri: view.uri,
      digitalSourceType: view.digitalSourceType,
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
    by: event.args.by,
    time: event.block.timestamp,
    reasonUri: event.args.reasonUri,
  });
});
