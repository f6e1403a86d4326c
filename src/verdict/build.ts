// Turns what the engine reported into the Verdict people read.

import type { ManifestStoreJson, SignatureDetails, StatusJson } from '../verify/engine/protocol.ts';
import type { IdentitySignerCheck } from '../verify/identity-signer.ts';
import type { AnchorSummary } from '../verify/trust.ts';
import { explainCode } from './codes.ts';
import { creditsTree } from './credits.ts';
import { ENGINE_IDENTITY_TRUST_CODE, identitiesOf, identityEvidence } from './identity.ts';
import { aiDerivedOf, classifyManifest, manifestActions } from './origin.ts';
import type { Credit, Signer, StatusCode, Trust, Verdict } from './types.ts';

export interface StoreContext {
  store: ManifestStoreJson;
  signatures: Record<string, SignatureDetails>;
  sha256: string;
  mediaType: string;
  size: number;
  trustInForce: boolean;
  anchors: AnchorSummary[];
  checkedAt?: string;
  /** The project's own check of X.509 identity signers, by assertion label (see identity-signer.ts). */
  identitySigners?: Record<string, IdentitySignerCheck>;
}

function codesOf(
  statuses: StatusJson[] | undefined,
  severity: 'failure' | 'informational',
  scope?: 'ingredient',
): StatusCode[] {
  return (statuses ?? []).map((status) => {
    const explanation = explainCode(status.code) ?? status.explanation;
    return {
      code: status.code,
      ...(explanation ? { explanation } : {}),
      ...(status.url ? { url: status.url } : {}),
      severity,
      ...(scope ? { scope } : {}),
    };
  });
}

function dedupe(codes: StatusCode[]): StatusCode[] {
  const seen = new Set<string>();
  return codes.filter((c) => {
    const key = `${c.scope ?? ''} ${c.code} ${c.url ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function statusCodes(store: ManifestStoreJson): StatusCode[] {
  const results = store.validation_results;
  if (!results) return dedupe(codesOf(store.validation_status, 'failure'));
  const codes = [
    ...codesOf(results.activeManifest?.failure, 'failure'),
    ...codesOf(results.activeManifest?.informational, 'informational'),
  ];
  for (const delta of results.ingredientDeltas ?? []) {
    codes.push(...codesOf(delta.validationDeltas.failure, 'failure', 'ingredient'));
    codes.push(...codesOf(delta.validationDeltas.informational, 'informational', 'ingredient'));
  }
  return dedupe(codes);
}

function dn(name: { CN?: string; O?: string } | undefined): string | undefined {
  if (!name) return undefined;
  if (name.CN && name.O && !name.CN.includes(name.O)) return `${name.CN} (${name.O})`;
  return name.CN ?? name.O;
}

/** Which list in force a trusted signer chained to, from c2pa-rs' answer and the anchors' names. */
function trustListName(
  store: ManifestStoreJson,
  signature: SignatureDetails | undefined,
  anchors: AnchorSummary[],
) {
  const trusted = store.validation_results?.activeManifest?.success?.find(
    (s) => s.code === 'signingCredential.trusted',
  );
  if (!trusted) return undefined;
  const explanation = trusted.explanation ?? '';
  const issuer = signature?.certificateInfo?.issuer;
  const subject = signature?.certificateInfo?.subject;
  const byName = (pool: AnchorSummary[]) =>
    pool.find((a) => issuer?.CN && a.commonName === issuer.CN) ??
    pool.find((a) => issuer?.O && a.organization === issuer.O) ??
    pool.find((a) => subject?.O && a.organization === subject.O);
  if (/EndEntity/i.test(explanation)) return 'allowed list of end-entity certificates';
  const pool = anchors.filter((a) => (/User/i.test(explanation) ? a.listId === 'user' : a.listId !== 'user'));
  const lists = new Set(pool.map((a) => a.listName));
  const match = byName(pool);
  if (match) return match.listName;
  if (lists.size === 1) return [...lists][0];
  return /User/i.test(explanation) ? UNRESOLVED_USER_LIST : UNRESOLVED_OFFICIAL_LIST;
}

function signerOf(ctx: StoreContext, label: string): Signer | undefined {
  const manifest = ctx.store.manifests[label];
  const info = manifest?.signature_info;
  const details = ctx.signatures[label];
  if (!info && !details) return undefined;
  const cert = details?.certificateInfo;
  const name = cert?.subject?.CN ?? info?.common_name ?? cert?.subject?.O ?? info?.issuer ?? 'unnamed signer';
  const issuer = dn(cert?.issuer) ?? info?.issuer ?? 'unknown issuer';
  const signer: Signer = { name, issuer };
  const organization = cert?.subject?.O ?? (cert ? undefined : info?.issuer);
  if (organization) signer.organization = organization;
  const list = trustListName(ctx.store, details, ctx.anchors);
  if (list) signer.trustList = list;
  const tsa = details?.timeStampInfo?.timestamp;
  if (tsa) {
    signer.time = new Date(tsa).toISOString();
    signer.timeSource = 'tsa';
  } else {
    const when = manifestActions(manifest ?? {}).length
      ? ((manifest?.assertions ?? [])
          .flatMap((a) => (a.data as { actions?: { when?: unknown }[] } | undefined)?.actions ?? [])
          .map((a) => a.when)
          .find((w): w is string => typeof w === 'string') ?? info?.time)
      : info?.time;
    if (when && !Number.isNaN(Date.parse(when))) {
      signer.time = new Date(when).toISOString();
      signer.timeSource = 'claim';
    }
  }
  const algorithm = details?.algorithm ?? info?.alg;
  if (algorithm) signer.algorithm = algorithm.toLowerCase();
  const serial = cert?.serialNumber ?? info?.cert_serial_number;
  if (serial) signer.serialNumber = serial;
  const chain = [];
  if (cert) {
    chain.push({
      subject: dn(cert.subject) ?? name,
      issuer: dn(cert.issuer) ?? issuer,
      ...(cert.validity?.notBefore ? { notBefore: cert.validity.notBefore } : {}),
      ...(cert.validity?.notAfter ? { notAfter: cert.validity.notAfter } : {}),
      ...(cert.serialNumber ? { serialNumber: cert.serialNumber } : {}),
    });
  }
  if (chain.length > 0) signer.chain = chain;
  return signer;
}

/** Failures that say only that nobody vouches for a signer or time-stamp, not that anything was altered. */
const TRUST_ONLY = new Set(['signingCredential.untrusted', 'timeStamp.untrusted']);

/**
 * The one rule for trust: the active manifest's signer decides it. An ingredient signed by someone on no
 * list neither lowers nor raises it (it is named in the reason); a credential that fails now, in the active
 * manifest or in an ingredient's re-check, makes the whole file invalid.
 */
export function trustOf(store: ManifestStoreJson): Trust {
  const active = store.validation_results?.activeManifest;
  const activeTrusted = (active?.success ?? []).some((s) => s.code === 'signingCredential.trusted');
  const activeFailures = (active?.failure ?? []).filter((s) => s.code !== 'signingCredential.untrusted');
  const deltaFailures = (store.validation_results?.ingredientDeltas ?? []).flatMap(
    (d) => d.validationDeltas.failure ?? [],
  );
  switch (store.validation_state) {
    case 'Trusted':
      return 'verified';
    case 'Valid':
      return activeTrusted && activeFailures.length === 0 ? 'verified' : 'untrusted';
    case 'Invalid': {
      const onlyIngredientTrust =
        activeFailures.length === 0 &&
        deltaFailures.length > 0 &&
        deltaFailures.every((s) => TRUST_ONLY.has(s.code));
      if (!onlyIngredientTrust) return 'invalid';
      return activeTrusted ? 'verified' : 'untrusted';
    }
    default: {
      // Without a state (older engines): any failure other than an untrusted signer makes it invalid.
      const failures = (store.validation_status ?? []).filter(
        (s) => s.code !== 'signingCredential.untrusted',
      );
      return failures.length > 0 ? 'invalid' : 'untrusted';
    }
  }
}

/** Names used when the signer's issuer matches no anchor by name (an intermediate CA sits between). */
export const UNRESOLVED_USER_LIST = 'your own trust anchors';
export const UNRESOLVED_OFFICIAL_LIST = 'the official trust lists in force';

const HASH_MATCH = /^assertion\.(dataHash|bmffHash|boxesHash|collectionHash)\.match$/;

/** "Adobe Inc. (cai-prod)": the organisation of the certificate, then its common name when it differs. */
export function signerLabel(signer: Pick<Signer, 'name' | 'organization'>): string {
  const { name, organization } = signer;
  if (!organization || organization === name || name.includes(organization)) return name;
  return `${organization} (${name})`;
}

/** A failing code with its meaning: "assertion.dataHash.mismatch (the content was changed …)". */
export function codeInWords(code: Pick<StatusCode, 'code' | 'explanation'>): string {
  if (!code.explanation) return `${code.code}.`;
  const meaning = code.explanation.replace(/\.$/, '');
  return `${code.code} (${meaning.charAt(0).toLowerCase()}${meaning.slice(1)}).`;
}

function ingredientsAtAnyDepth(credits: Credit[]): Credit[] {
  return credits.flatMap((c) => (c.kind === 'ingredient' ? [c, ...ingredientsAtAnyDepth(c.credits)] : []));
}

function titles(credits: Credit[]): string {
  return credits.map((c) => `“${c.title}”`).join(', ');
}

/**
 * What the ingredients add to the reason: which are signed by someone on no list (only said when a list
 * is in force; without one nobody is trusted) and which carry a credential that fails.
 */
function ingredientReason(credits: Credit[], codes: StatusCode[], trustInForce: boolean): string {
  const all = ingredientsAtAnyDepth(credits);
  const parts: string[] = [];
  const failing = all.filter((c) => c.trust === 'invalid');
  const unlisted = all.filter(
    (c) => c.trust !== 'invalid' && c.codes.some((k) => k.code === 'signingCredential.untrusted'),
  );
  if (trustInForce && unlisted.length > 0) {
    const signers = [...new Set(unlisted.map((c) => c.signer).filter(Boolean))];
    parts.push(
      `${unlisted.length === 1 ? 'one of its ingredients' : `${unlisted.length} of its ingredients`} (${titles(unlisted)}) ${unlisted.length === 1 ? 'is' : 'are'} signed by ${signers.length ? signers.join(', ') : 'a signer'}, on no list`,
    );
  }
  if (failing.length > 0) {
    const failed = [
      ...new Set(failing.flatMap((c) => c.codes.filter((k) => !TRUST_ONLY.has(k.code)).map((k) => k.code))),
    ];
    const explained = failed.map((code) => {
      const meaning = codes.find((k) => k.code === code)?.explanation ?? explainCode(code);
      return meaning ? `${code}: ${meaning.replace(/\.$/, '')}` : code;
    });
    parts.push(
      `${failing.length === 1 ? 'one of its ingredients' : `${failing.length} of its ingredients`} (${titles(failing)}) ${failing.length === 1 ? 'has' : 'have'} a credential that fails validation${explained.length ? ` (${explained.join('; ')})` : ''}`,
    );
  } else {
    // A re-check the engine could not tie to a listed ingredient still belongs in the reason.
    const unplaced = codes.filter(
      (c) => c.scope === 'ingredient' && c.severity === 'failure' && !TRUST_ONLY.has(c.code),
    );
    if (unplaced.length > 0) {
      parts.push(
        `an ingredient's credential fails validation (${unplaced.map((c) => (c.explanation ? `${c.code}: ${c.explanation.replace(/\.$/, '')}` : c.code)).join('; ')})`,
      );
    }
  }
  return parts.join('; ');
}

export function verdictFromStore(ctx: StoreContext): Verdict {
  const { store } = ctx;
  const label = store.active_manifest ?? Object.keys(store.manifests)[0] ?? '';
  const manifest = store.manifests[label];
  const trust = trustOf(store);
  const checked = Object.keys(ctx.identitySigners ?? {}).map((l) => `/c2pa.assertions/${l}`);
  // Where the identity's signer was checked here, the engine's trust code for it (made without the
  // trust settings) is replaced by that check's codes in the identity.
  const codes = statusCodes(store).filter(
    (c) => !(c.code === ENGINE_IDENTITY_TRUST_CODE && checked.some((url) => c.url?.endsWith(url))),
  );
  const signer = signerOf(ctx, label);
  const identities = identitiesOf(store, label, ctx.identitySigners);
  const origin = classifyManifest(store, label, 'The credential');
  const evidence: string[] = [];

  const credits = creditsTree(store, label);
  const failures = codes.filter((c) => c.severity === 'failure' && c.scope !== 'ingredient');
  const identityUnlisted =
    ctx.trustInForce && identities.some((i) => i.kind === 'x509' && i.status === 'valid' && !i.signerTrusted);
  const ingredientNote = [
    ...(identityUnlisted ? ['its identity assertion (CAWG) is signed by a signer on no list'] : []),
    ingredientReason(credits, codes, ctx.trustInForce),
  ]
    .filter(Boolean)
    .join('; ');
  const who = signer ? signerLabel(signer) : 'an unnamed signer';
  if (trust === 'verified') {
    evidence.push(
      `Signed by ${who} (trusted: the certificate chains to ${signer?.trustList ?? 'a trust list in force'})${ingredientNote ? `; ${ingredientNote}` : ''}.`,
    );
  } else if (trust === 'untrusted') {
    evidence.push(
      ctx.trustInForce
        ? `The credential is intact, but its signer ${who} (issued by ${signer?.issuer ?? 'unknown'}) is on no trust list in force${ingredientNote ? `; ${ingredientNote}` : ''}.`
        : `The credential is intact, but no trust list is in force, so no signer can be verified${ingredientNote ? `; ${ingredientNote}` : ''}.`,
    );
  } else {
    const reasons = failures.filter((c) => c.code !== 'signingCredential.untrusted');
    const said = reasons.map((c) => codeInWords(c)).join(' ');
    evidence.push(
      `The credential fails validation: ${[said, ingredientNote ? `${said ? ingredientNote.charAt(0).toUpperCase() + ingredientNote.slice(1) : ingredientNote}.` : ''].filter(Boolean).join(' ') || 'the engine reports it invalid without naming a status code.'}`,
    );
  }
  if (
    trust !== 'invalid' &&
    (store.validation_results?.activeManifest?.success ?? []).some((s) => HASH_MATCH.test(s.code))
  ) {
    evidence.push('The content matches its signed hash: it has not been changed since it was signed.');
  }
  if (signer?.time) {
    evidence.push(
      signer.timeSource === 'tsa'
        ? `Signed at ${signer.time}, as a time-stamp authority attests.`
        : `Signed at ${signer.time} by the signer's own account (no time-stamp).`,
    );
  }
  const originProven = trust === 'verified' || trust === 'untrusted';
  evidence.push(...origin.evidence);
  if (!originProven) evidence.push('Because the credential is invalid, its origin statement is unproven.');

  const verdict: Verdict = {
    trust,
    origin: origin.origin,
    aiDerived: aiDerivedOf(origin.origin),
    sha256: ctx.sha256,
    mediaType: ctx.mediaType,
    digitalSourceTypes: origin.sightings,
    credits,
    codes,
    evidence,
    originProven,
    size: ctx.size,
  };
  if (signer) verdict.signer = signer;
  const generator = manifest?.claim_generator_info?.[0]?.name
    ? [manifest.claim_generator_info[0].name, manifest.claim_generator_info[0].version]
        .filter(Boolean)
        .join(' ')
    : manifest?.claim_generator;
  if (generator) verdict.claimGenerator = generator;
  if (manifest?.title) verdict.title = manifest.title;
  if (origin.generator) verdict.generator = origin.generator;
  if (ctx.checkedAt) verdict.checkedAt = ctx.checkedAt;
  if (identities.length > 0) {
    verdict.identities = identities;
    verdict.evidence.push(...identities.map(identityEvidence));
  }
  const softBindings = softBindingsOf(store, label);
  if (softBindings.length > 0) verdict.softBindings = softBindings;
  return verdict;
}

const SOFT_BINDING_LABEL = /^c2pa\.soft-binding(__\d+)?$/;

/** `c2pa.soft-binding` values of the active manifest first, then of the other manifests in the store. */
export function softBindingsOf(
  store: ManifestStoreJson,
  activeLabel: string,
): { algorithm: string; value: string; from: string }[] {
  const out: { algorithm: string; value: string; from: string }[] = [];
  const labels = [activeLabel, ...Object.keys(store.manifests).filter((l) => l !== activeLabel)];
  for (const label of labels) {
    const manifest = store.manifests[label];
    if (!manifest) continue;
    const from = label === activeLabel ? 'active manifest' : `manifest “${manifest.title ?? label}”`;
    for (const assertion of manifest.assertions ?? []) {
      if (!SOFT_BINDING_LABEL.test(assertion.label)) continue;
      const data = assertion.data as { alg?: unknown; blocks?: { value?: unknown }[] } | undefined;
      if (typeof data?.alg !== 'string' || !Array.isArray(data.blocks)) continue;
      for (const block of data.blocks) {
        if (typeof block?.value === 'string' && block.value.length > 0 && block.value.length <= 4096) {
          out.push({ algorithm: data.alg, value: block.value, from });
        }
      }
      if (out.length >= 32) return out;
    }
  }
  return out;
}
