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

export function toRecordView(r: Result): RegistryRecordView {
  const kind = RECORD_KINDS[Number(r.kind)] ?? 'media';
  const view: RegistryRecordView = {
    id: String(r.id),
    kind,
    registrant: String(r.registrant),
    creator: String(r.creator),
    uri: String(r.uri),
    contentHash: stripHex(String(r.contentHash)),
    training: TRAINING_PERMISSIONS[Number(r.training)] ?? 'unspecified',
    time: new Date(Number(r.time) * 1000).toISOString(),
    revoked: Boolean(r.revoked),
    disputes: Array.from(r.disputes as Result, (d: Result) => ({
      by: String(d.by),
      reasonUri: String(d.reasonUri),
      time: new Date(Number(d.time) * 1000).toISOString(),
    })),
    title: String(r.title),
    parents: Array.from(r.parents as Result, (p: Result) => ({
      id: String(p.id),
      relation: RELATIONS[Number(p.relation)] ?? 'DerivedFrom',
      shareBps: Number(p.shareBps),
    })),
    disputeCount: Number(r.disputeCount),
  };
  const manifestHash = String(r.manifestHash);
  if (manifestHash !== ZERO_HASH) view.manifestHash = stripHex(manifestHash);
  const dst = String(r.digitalSourceType);
  if (dst !== '') view.digitalSourceType = dst;
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
