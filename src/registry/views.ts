// Contract read results → the Verdict's registry view objects and lineage credits.
import type { Result } from 'ethers';
import { hasAiLineage, modelInLineage } from '../verdict/registry.ts';
import type { Credit, Origin, RegistryMatch, RegistryRecordView } from '../verdict/types.ts';
import {
  RECORD_KINDS,
  RELATIONS,
  type RecordKind,
  stripHex,
  TRAINING_PERMISSIONS,
  ZERO_HASH,
} from './encoding.ts';

/** What the Registered event of a record says (the texts and hashes kept out of storage). */
export interface RegisteredFacts {
  contentHash: string;
  time: number;
  manifestHash: string;
  title: string;
  creator: string;
  uri: string;
  digitalSourceType: string;
}

/** A record as the contract's reads return it (storage only) plus its Registered event and dispute reasons. */
export function toRecordView(
  r: Result,
  facts: RegisteredFacts,
  disputeReasons: readonly string[],
): RegistryRecordView {
  const kind = RECORD_KINDS[Number(r.kind)] ?? 'media';
  const view: RegistryRecordView = {
    id: String(r.id),
    kind,
    registrant: String(r.registrant),
    creator: facts.creator,
    uri: facts.uri,
    contentHash: stripHex(facts.contentHash),
    training: TRAINING_PERMISSIONS[Number(r.training)] ?? 'unspecified',
    time: new Date(facts.time * 1000).toISOString(),
    revoked: Boolean(r.revoked),
    disputes: Array.from(r.disputes as Result, (d: Result, i: number) => ({
      by: String(d.by),
      reasonUri: disputeReasons[i] ?? '',
      time: new Date(Number(d.time) * 1000).toISOString(),
    })),
    title: facts.title,
    parents: Array.from(r.parents as Result, (p: Result) => ({
      id: String(p.id),
      relation: RELATIONS[Number(p.relation)] ?? 'DerivedFrom',
      shareBps: Number(p.shareBps),
    })),
    disputeCount: Number(r.disputeCount),
  };
  if (facts.manifestHash !== ZERO_HASH) view.manifestHash = stripHex(facts.manifestHash);
  if (facts.digitalSourceType !== '') view.digitalSourceType = facts.digitalSourceType;
  return view;
}

const KIND_LABELS: Record<RecordKind, string> = {
  media: 'Media',
  dataset: 'Dataset',
  model: 'Model',
  application: 'Application',
  output: 'Output',
};

export function creditFor(
  record: RegistryRecordView,
  relation: string,
  shareBps: number,
): Omit<Credit, 'credits'> {
  const name = record.title || (record.creator ? `${KIND_LABELS[record.kind]} by ${record.creator}` : '');
  const codes: Credit['codes'] = [];
  if (record.revoked)
    codes.push({ code: 'registry.revoked', explanation: 'The registrant revoked this record.' });
  if ((record.disputeCount ?? record.disputes.length) > 0) {
    codes.push({
      code: 'registry.disputed',
      explanation: `${record.disputeCount ?? record.disputes.length} dispute(s) raised.`,
    });
  }
  return {
    kind: 'registry',
    title: name || `${KIND_LABELS[record.kind]} #${record.id}`,
    relationship: relation,
    trust: 'registry-only',
    origin: originOf(record.digitalSourceType),
    signer: record.registrant,
    codes,
    recordId: record.id,
    shareBps,
    registryKind: record.kind,
  };
}

/** IPTC digital source type URI → origin (by the last path segment, as vocabularies differ in prefix). */
export function originOf(digitalSourceType: string | undefined): Origin {
  const term = digitalSourceType?.split('/').pop() ?? '';
  switch (term) {
    case 'trainedAlgorithmicMedia':
      return 'ai-generated';
    case 'compositeWithTrainedAlgorithmicMedia':
      return 'ai-composite';
    case 'digitalCapture':
    case 'computationalCapture':
    case 'negativeFilm':
    case 'positiveFilm':
    case 'print':
      return 'human-capture';
    case 'digitalCreation':
    case 'humanEdits':
    case 'minorHumanEdits':
    case 'compositeCapture':
    case 'composite':
      return 'human-made';
    case 'algorithmicMedia':
    case 'screenCapture':
    case 'virtualRecording':
      return 'computer-generated';
    default:
      return 'unknown';
  }
}

/** True when a credit tree passes through a Model record (the registry's AI signal). */
export function lineageHasModel(credits: readonly Credit[]): boolean {
  return modelInLineage(credits) !== undefined;
}

export function withAiLineage(match: RegistryMatch): RegistryMatch {
  return { ...match, aiLineage: hasAiLineage(match) };
}
