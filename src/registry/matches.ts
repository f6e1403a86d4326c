// From record reads to RegistryMatch answers: exact and near matches with lineage. The same assembly serves
// the chain (RegistryClient: eth_call and eth_getLogs) and an indexer (IndexerClient: one HTTP request).
import { NEAR_SEARCH } from '../fingerprint/match.ts';
import type { Fingerprint } from '../fingerprint/types.ts';
import type { Credit, RegistryMatch, RegistryRecordView } from '../verdict/types.ts';
import { creditFor, withAiLineage } from './views.ts';

const LINEAGE_MAX_DEPTH = 16;
const LINEAGE_MAX_NODES = 256;

export interface NearCandidate {
  id: string;
  algorithm: string;
  value: string;
  distance: number;
}

export interface LookupQuery {
  sha256: string;
  fingerprints: Fingerprint[];
}

/** Reads records by id (from the chain or from an indexer's answer). */
export type ReadRecords = (ids: readonly string[]) => Promise<RegistryRecordView[]>;

/** The searches a look-up runs: every 64-bit probe against each registered hash NEAR_SEARCH names. */
export function nearSearches(fingerprints: readonly Fingerprint[]): { value: string; algorithm: string }[] {
  const searches = new Map<string, { value: string; algorithm: string }>();
  for (const probe of fingerprints) {
    if (probe.bits !== 64) continue;
    for (const algorithm of NEAR_SEARCH[probe.algorithm] ?? [])
      searches.set(`${algorithm}:${probe.value}`, { value: probe.value, algorithm });
  }
  return [...searches.values()];
}

/** The closest candidate per record, closest first (ties by record id). */
export function bestPerRecord(candidates: readonly NearCandidate[]): NearCandidate[] {
  const best = new Map<string, NearCandidate>();
  for (const candidate of candidates) {
    const previous = best.get(candidate.id);
    if (!previous || candidate.distance < previous.distance) best.set(candidate.id, candidate);
  }
  return [...best.values()].sort((a, b) => a.distance - b.distance || Number(BigInt(a.id) - BigInt(b.id)));
}

/** The lineage of records as credit trees (parents, their parents, ... up to the roots). */
export async function lineageOf(
  readRecords: ReadRecords,
  ids: readonly string[],
  alreadyRead: readonly RegistryRecordView[] = [],
): Promise<Map<string, Credit[]>> {
  const known = new Map<string, RegistryRecordView>(alreadyRead.map((r) => [r.id, r]));
  const expanded = new Set<string>();
  let frontier = [...new Set(ids)];
  for (let depth = 0; depth <= LINEAGE_MAX_DEPTH && frontier.length > 0; depth++) {
    const missing = frontier
      .filter((id) => !known.has(id))
      .slice(0, Math.max(0, LINEAGE_MAX_NODES - known.size));
    if (missing.length > 0) {
      for (const record of await readRecords(missing)) known.set(record.id, record);
    }
    const next = new Set<string>();
    for (const id of frontier) {
      if (expanded.has(id)) continue;
      expanded.add(id);
      for (const parent of known.get(id)?.parents ?? []) if (!expanded.has(parent.id)) next.add(parent.id);
    }
    frontier = [...next];
  }
  // Shared ancestors appear under each child that credits them; a per-tree budget bounds wide diamonds.
  let budget = 0;
  const build = (id: string, depth: number): Credit[] => {
    const record = known.get(id);
    if (!record || depth >= LINEAGE_MAX_DEPTH) return [];
    const credits: Credit[] = [];
    for (const link of record.parents ?? []) {
      const parent = known.get(link.id);
      if (!parent || budget <= 0) continue;
      budget -= 1;
      credits.push({
        ...creditFor(parent, link.relation, link.shareBps),
        credits: build(parent.id, depth + 1),
      });
    }
    return credits;
  };
  return new Map(
    ids.map((id) => {
      budget = LINEAGE_MAX_NODES * 4;
      return [id, build(id, 0)];
    }),
  );
}

/**
 * Matches per query from the records of each hash (`exact`) and the near candidates of each query
 * (`near`, best per record): near records are read, lineage walked, exact matches listed before near ones.
 */
export async function assembleMatches(input: {
  chainId: number;
  registry: string;
  nearThreshold: number;
  exact: RegistryRecordView[][];
  near: NearCandidate[][];
  readRecords: ReadRecords;
}): Promise<RegistryMatch[][]> {
  const { chainId, registry, exact, near } = input;
  const nearIds = [...new Set(near.flat().map((c) => c.id))];
  const exactById = new Map(exact.flat().map((r) => [r.id, r]));
  const nearRecords = new Map(
    [...exactById.values()].filter((r) => nearIds.includes(r.id)).map((r) => [r.id, r]),
  );
  const unread = nearIds.filter((id) => !exactById.has(id));
  if (unread.length > 0)
    for (const record of await input.readRecords(unread)) nearRecords.set(record.id, record);
  const allIds = [...new Set([...exact.flat().map((r) => r.id), ...nearIds])];
  const lineages = await lineageOf(input.readRecords, allIds, [...exact.flat(), ...nearRecords.values()]);

  return exact.map((exactRecords, i) => {
    const exactIds = new Set(exactRecords.map((r) => r.id));
    const matches: RegistryMatch[] = exactRecords.map((record) =>
      withAiLineage({ match: 'exact', chainId, registry, record, lineage: lineages.get(record.id) ?? [] }),
    );
    for (const candidate of near[i] ?? []) {
      const record = nearRecords.get(candidate.id);
      if (!record || exactIds.has(candidate.id)) continue;
      matches.push(
        withAiLineage({
          match: 'near',
          chainId,
          registry,
          record,
          distance: candidate.distance,
          threshold: input.nearThreshold,
          algorithm: candidate.algorithm,
          lineage: lineages.get(record.id) ?? [],
        }),
      );
    }
    return matches;
  });
}
