// Plain-text descriptions of registry records and lineage, for the CLI and text exports. Browser-safe.
import type { Credit, RegistryMatch, RegistryRecordView } from '../verdict/types.ts';

const KIND_NAMES: Record<RegistryRecordView['kind'], string> = {
  media: 'Media',
  dataset: 'Dataset',
  model: 'Model',
  application: 'Application',
  output: 'Output',
};

export function formatShare(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** e.g. `#4 Output "Generated landscape #1" by Landscape Studio user`. */
export function describeRecord(record: RegistryRecordView): string {
  const title = record.title ? ` "${record.title}"` : '';
  const creator = record.creator ? ` by ${record.creator}` : '';
  return `#${record.id} ${KIND_NAMES[record.kind]}${title}${creator}`;
}

/** Registration facts: when, by which account, training permission, revocation and disputes. */
export function describeRegistration(record: RegistryRecordView): string {
  const parts = [
    `registered ${record.time.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} by ${record.registrant}`,
  ];
  if (record.training && record.training !== 'unspecified') parts.push(`training: ${record.training}`);
  if (record.revoked) parts.push('REVOKED by its registrant');
  const disputes = record.disputeCount ?? record.disputes.length;
  if (disputes > 0) parts.push(`${disputes} dispute${disputes === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** The lineage as an indented tree, one line per credit. */
export function describeLineage(credits: readonly Credit[], indent = ''): string[] {
  const lines: string[] = [];
  credits.forEach((credit, i) => {
    const last = i === credits.length - 1;
    const share = credit.shareBps === undefined ? '' : ` ${formatShare(credit.shareBps)}`;
    const kind = credit.registryKind ? `${KIND_NAMES[credit.registryKind]} ` : '';
    const flags = credit.codes.map((c) => ` [${c.code.replace('registry.', '')}]`).join('');
    lines.push(
      `${indent}${last ? '└─' : '├─'} ${credit.relationship}${share} → ${kind}"${credit.title}" #${credit.recordId}${flags}`,
    );
    lines.push(...describeLineage(credit.credits, `${indent}${last ? '   ' : '│  '}`));
  });
  return lines;
}

/** A match in a few lines: what was matched, how closely, and its lineage. */
export function describeMatch(match: RegistryMatch): string[] {
  const how =
    match.match === 'exact'
      ? 'exact content hash'
      : `near duplicate: ${match.algorithm} distance ${match.distance} of threshold ${match.threshold}`;
  const lines = [`${describeRecord(match.record)} (${how})`, `   ${describeRegistration(match.record)}`];
  if (match.record.uri) lines.push(`   ${match.record.uri}`);
  if (match.aiLineage) lines.push('   AI lineage: passes through a registered model');
  lines.push(...describeLineage(match.lineage, '   '));
  return lines;
}
