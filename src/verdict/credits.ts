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

/** An ingredient's own validation, as recorded when it was ingested and re-checked now. */
function ingredientTrust(
  ingredient: IngredientJson,
  hasManifest: boolean,
): { trust: Trust; codes: StatusCode[] } {
  const results = ingredient.validation_results?.activeManifest;
  const failures =
    results?.failure ??
    ingredient.validation_status?.filter((s) => !/\.(validated|trusted|match)$/.test(s.code)) ??
    [];
  const codes = toCodes(failures);
  if (!hasManifest) {
    return { trust: codes.some((c) => c.code === 'ingredient.manifest.missing') ? 'invalid' : 'none', codes };
  }
  const blocking = codes.filter(
    (c) => c.code !== 'signingCredential.untrusted' && c.code !== 'timeStamp.untrusted',
  );
  if (blocking.length > 0) return { trust: 'invalid', codes };
  const trusted = (results?.success ?? []).some((s) => s.code === 'signingCredential.trusted');
  return { trust: trusted ? 'verified' : 'untrusted', codes };
}

export function creditsTree(
  store: ManifestStoreJson,
  label: string,
  depth = 0,
  seen = new Set<string>(),
): Credit[] {
  const manifest = store.manifests[label];
  if (!manifest || depth >= MAX_DEPTH || seen.has(label)) return [];
  const nextSeen = new Set(seen).add(label);
  return (manifest.ingredients ?? []).map((ingredient) => {
    const childLabel = ingredient.active_manifest;
    const childManifest = childLabel ? store.manifests[childLabel] : undefined;
    const { trust, codes } = ingredientTrust(ingredient, Boolean(childManifest));
    const classified = childLabel ? classifyManifest(store, childLabel, 'its credential') : undefined;
    const signer = childManifest?.signature_info?.common_name ?? childManifest?.signature_info?.issuer;
    const credit: Credit = {
      kind: 'ingredient',
      title: ingredient.title ?? childManifest?.title ?? 'untitled ingredient',
      relationship: ingredient.relationship ?? 'parentOf',
      trust,
      origin: classified?.origin ?? 'unknown',
      codes,
      credits: childLabel ? creditsTree(store, childLabel, depth + 1, nextSeen) : [],
    };
    if (ingredient.format) credit.format = ingredient.format;
    if (signer) credit.signer = signer;
    if (ingredient.thumbnail?.identifier) credit.thumbnail = ingredient.thumbnail.identifier;
    return credit;
  });
}

export { toCodes };
