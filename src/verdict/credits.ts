// The credits tree: the sources an asset was made from (C2PA ingredients, recursively), each judged on its own.
import type { IngredientJson, ManifestStoreJson, StatusJson } from '../verify/engine/protocol.ts';
import { explainCode } from './codes.ts';
import { classifyManifest } from './origin.ts';
import type { Credit, StatusCode, Trust } from './types.ts';

const MAX_DEPTH = 16;

function toCodes(statuses: StatusJson[] | undefined): StatusCode[] {
  const seen = new Set<string>();
  const out: StatusCode[] = [];
  for (const status of statuses ?? []) {
    const key = `${status.code} ${status.url ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const explanation = explainCode(status.code) ?? status.explanation;
    out.push({
      code: status.code,
      ...(explanation ? { explanation } : {}),
      ...(status.url ? { url: status.url } : {}),
    });
  }
  return out;
}

type Deltas = NonNullable<NonNullable<ManifestStoreJson['validation_results']>['ingredientDeltas']>;
type DeltaResults = Deltas[number]['validationDeltas'];

/** The reader's re-check of each ingredient, keyed by "manifest label|ingredient assertion label". */
function deltasByIngredient(store: ManifestStoreJson): Map<string, DeltaResults> {
  const out = new Map<string, DeltaResults>();
  for (const delta of store.validation_results?.ingredientDeltas ?? []) {
    const match = /^self#jumbf=\/?c2pa\/([^/]+)\/c2pa\.assertions\/(.+)$/.exec(delta.ingredientAssertionURI);
    if (match) out.set(`${match[1]}|${match[2]}`, delta.validationDeltas);
  }
  return out;
}

/**
 * An ingredient's validation as recorded when it was added, updated by what the reader finds now (the
 * store's ingredient deltas): a signer trusted then may be on no list now, and the reverse.
 */
function ingredientTrust(
  ingredient: IngredientJson,
  hasManifest: boolean,
  delta: DeltaResults | undefined,
): { trust: Trust; codes: StatusCode[] } {
  const results = ingredient.validation_results?.activeManifest;
  const recorded =
    results?.failure ??
    ingredient.validation_status?.filter((s) => !/\.(validated|trusted|match)$/.test(s.code)) ??
    [];
  const nowPassing = new Set((delta?.success ?? []).map((s) => s.code));
  const failures = [...recorded.filter((s) => !nowPassing.has(s.code)), ...(delta?.failure ?? [])];
  const codes = toCodes(failures);
  if (!hasManifest) {
    return { trust: codes.some((c) => c.code === 'ingredient.manifest.missing') ? 'invalid' : 'none', codes };
  }
  const blocking = codes.filter(
    (c) => c.code !== 'signingCredential.untrusted' && c.code !== 'timeStamp.untrusted',
  );
  if (blocking.length > 0) return { trust: 'invalid', codes };
  const trusted =
    !codes.some((c) => c.code === 'signingCredential.untrusted') &&
    [...(results?.success ?? []), ...(delta?.success ?? [])].some(
      (s) => s.code === 'signingCredential.trusted',
    );
  return { trust: trusted ? 'verified' : 'untrusted', codes };
}

export function creditsTree(
  store: ManifestStoreJson,
  label: string,
  depth = 0,
  seen = new Set<string>(),
  deltas = deltasByIngredient(store),
): Credit[] {
  const manifest = store.manifests[label];
  if (!manifest || depth >= MAX_DEPTH || seen.has(label)) return [];
  const nextSeen = new Set(seen).add(label);
  return (manifest.ingredients ?? []).map((ingredient) => {
    const childLabel = ingredient.active_manifest;
    const childManifest = childLabel ? store.manifests[childLabel] : undefined;
    const delta = ingredient.label ? deltas.get(`${label}|${ingredient.label}`) : undefined;
    const { trust, codes } = ingredientTrust(ingredient, Boolean(childManifest), delta);
    const classified = childLabel ? classifyManifest(store, childLabel, 'its credential') : undefined;
    const signer = childManifest?.signature_info?.common_name ?? childManifest?.signature_info?.issuer;
    const credit: Credit = {
      kind: 'ingredient',
      title: ingredient.title ?? childManifest?.title ?? 'untitled ingredient',
      relationship: ingredient.relationship ?? 'parentOf',
      trust,
      origin: classified?.origin ?? 'unknown',
      codes,
      credits: childLabel ? creditsTree(store, childLabel, depth + 1, nextSeen, deltas) : [],
    };
    if (ingredient.format) credit.format = ingredient.format;
    if (signer) credit.signer = signer;
    if (ingredient.thumbnail?.identifier) credit.thumbnail = ingredient.thumbnail.identifier;
    return credit;
  });
}

export { toCodes };
