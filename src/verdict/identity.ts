// CAWG identity assertions of the active manifest, as the engine validated them: who the named actor is,
// which accounts an identity claims aggregator verified, what the identity signed, whether its signer is
// trusted. An identity the engine did not find well-formed gets no name: a failing signature names no one.
import type { ManifestStoreJson, StatusJson } from '../verify/engine/protocol.ts';
import type { IdentitySignerCheck } from '../verify/identity-signer.ts';
import type { Identity, IdentityAccount } from './types.ts';

const IDENTITY_LABEL = /^cawg\.identity(__\d+)?$/;
/** Success codes that mean the identity's signature checked out (X.509 or an aggregator's credential). */
const WELL_FORMED = new Set([
  'cawg.identity.well-formed',
  'cawg.identity.trusted',
  'cawg.ica.credential_valid',
]);
const TRUSTED = new Set(['cawg.identity.trusted', 'signingCredential.trusted']);
/** A signer on no trust list does not make the identity fail; it is reported as `signerTrusted: false`. */
const NOT_A_FAILURE = new Set(['signingCredential.untrusted']);
/** Codes of the project's own identity check that are not failures of the identity. */
const CHECK_PASSES = new Set(['cawg.x509.signature.validated', 'cawg.x509.credential.trusted']);
/** The engine's trust code at an identity (it ignores the trust settings for identities). */
export const ENGINE_IDENTITY_TRUST_CODE = 'signingCredential.untrusted';

type Json = Record<string, unknown>;
const record = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

function coveredLabels(data: Json | undefined): string[] {
  // X.509 summaries keep the signer payload; an aggregator's credential carries it as `c2paAsset`.
  const payload = record(data?.signer_payload) ?? record(data?.c2paAsset);
  const referenced = Array.isArray(payload?.referenced_assertions) ? payload.referenced_assertions : [];
  return referenced
    .map((entry) => text(record(entry)?.url))
    .filter((url): url is string => Boolean(url))
    .map((url) => url.replace(/^self#jumbf=(\/c2pa\/[^/]+\/)?c2pa\.assertions\//, ''));
}

function accountsOf(data: Json | undefined): IdentityAccount[] {
  const verified = Array.isArray(data?.verifiedIdentities) ? data.verifiedIdentities : [];
  return verified.flatMap((entry): IdentityAccount[] => {
    const item = record(entry);
    const provider = record(item?.provider);
    const providerName = text(provider?.name) ?? text(provider?.id);
    if (!item || !providerName) return [];
    const account: IdentityAccount = { provider: providerName, kind: text(item.type) ?? 'unknown' };
    const name = text(item.name);
    const username = text(item.username);
    const uri = text(item.uri);
    const verifiedAt = text(item.verifiedAt);
    if (name) account.name = name;
    if (username) account.username = username;
    if (uri) account.uri = uri;
    if (verifiedAt) account.verifiedAt = verifiedAt;
    return [account];
  });
}

function codesAt(statuses: StatusJson[] | undefined, suffix: string): string[] {
  return (statuses ?? []).filter((s) => s.url?.endsWith(suffix)).map((s) => s.code);
}

/**
 * The identities of the manifest `label`, in assertion order. `checks` holds the project's own X.509
 * signer check by assertion label: where present it replaces the engine's trust code for the identity.
 */
export function identitiesOf(
  store: ManifestStoreJson,
  label: string,
  checks: Record<string, IdentitySignerCheck> = {},
): Identity[] {
  const manifest = store.manifests[label];
  const results = store.validation_results?.activeManifest;
  const isActive = label === store.active_manifest;
  const out: Identity[] = [];
  for (const assertion of manifest?.assertions ?? []) {
    if (!IDENTITY_LABEL.test(assertion.label)) continue;
    const data = record(assertion.data);
    const payload = record(data?.signer_payload);
    const sigType = text(payload?.sig_type);
    const suffix = `${label}/c2pa.assertions/${assertion.label}`;
    const check = isActive ? checks[assertion.label] : undefined;
    const engineFailures = isActive ? codesAt(results?.failure, suffix) : [];
    const engineSuccesses = isActive ? codesAt(results?.success, suffix) : [];
    // The engine's word on the signature and the referenced assertions, and the signature check here.
    const valid =
      engineSuccesses.some((code) => WELL_FORMED.has(code)) &&
      (check
        ? check.signatureValid && engineFailures.every((code) => code === ENGINE_IDENTITY_TRUST_CODE)
        : engineFailures.every((code) => NOT_A_FAILURE.has(code)));
    const failures = check
      ? [
          ...engineFailures.filter((code) => code !== ENGINE_IDENTITY_TRUST_CODE),
          // A failing identity keeps the check's codes only where they say why it fails.
          ...check.codes.filter((code) => !CHECK_PASSES.has(code) && (valid || !check.signatureValid)),
        ]
      : engineFailures;
    const successes = valid
      ? [
          ...engineSuccesses.filter((code) => code.startsWith('cawg.') || TRUSTED.has(code)),
          ...(check?.codes.filter((code) => CHECK_PASSES.has(code)) ?? []),
        ]
      : [];
    // A validated aggregator identity is replaced by its credential's summary, which has no sig_type.
    const kind: Identity['kind'] =
      sigType === 'cawg.x509.cose'
        ? 'x509'
        : sigType === 'cawg.identity_claims_aggregation' || Array.isArray(data?.verifiedIdentities)
          ? 'aggregator'
          : 'unknown';
    const identity: Identity = {
      label: assertion.label,
      kind,
      status: valid ? 'valid' : 'invalid',
      signerTrusted: valid && (check ? check.trusted : engineSuccesses.some((code) => TRUSTED.has(code))),
      accounts: valid ? accountsOf(data) : [],
      // A valid aggregator's summary keeps only its credential: what it signed comes from the file then.
      covers: coveredLabels(data).length > 0 ? coveredLabels(data) : (check?.covers ?? []),
      roles: Array.isArray(payload?.role)
        ? payload.role.filter((r): r is string => typeof r === 'string')
        : (check?.roles ?? []),
      // The engine repeats some codes (it checks an aggregator's credential twice).
      codes: [...new Set([...failures, ...successes])],
    };
    if (valid && check?.trusted && check.trustList) identity.trustList = check.trustList;
    if (valid) {
      const signature = record(data?.signature_info);
      // c2pa-rs names the certificate subject's organisation `issuer` in its signature summaries.
      const name =
        kind === 'x509'
          ? (text(signature?.common_name) ?? text(signature?.issuer))
          : (identity.accounts.find((a) => a.name)?.name ?? identity.accounts[0]?.username);
      if (name) identity.name = name;
      const issuer = kind === 'aggregator' ? text(data?.issuer) : undefined;
      if (issuer) identity.issuer = issuer;
    }
    out.push(identity);
  }
  return out;
}

/** A DID can be a whole public key: its start and end tell it apart (the full text is in `issuer`). */
export function shortIssuer(id: string): string {
  return id.length > 40 ? `${id.slice(0, 24)}…${id.slice(-8)}` : id;
}

/** One line of evidence per identity, in plain words. */
export function identityEvidence(identity: Identity): string {
  const covers = identity.covers.length > 0 ? ` It signed ${identity.covers.join(', ')}.` : '';
  if (identity.status === 'invalid') {
    const why = identity.codes.filter((code) => !WELL_FORMED.has(code) && !TRUSTED.has(code));
    return `A CAWG identity assertion (${identity.label}) fails validation${why.length ? ` (${why.join(', ')})` : ''}: it names no one.${covers}`;
  }
  const accounts = identity.accounts.map(
    (a) => `${a.username ?? a.name ?? a.uri ?? a.kind} on ${a.provider}`,
  );
  const via = accounts.length > 0 ? `, with verified accounts ${accounts.join('; ')}` : '';
  const who = identity.name ?? 'an unnamed actor';
  if (identity.kind === 'aggregator') {
    const trust = identity.signerTrusted
      ? 'the aggregator is on a trust list in force'
      : 'the aggregator is on no trust list in force, so this rests on its word alone';
    return `Identity: ${who}, as an identity aggregator (${identity.issuer ? shortIssuer(identity.issuer) : 'unnamed'}) states${via}; ${trust}.${covers}`;
  }
  const trust = identity.signerTrusted
    ? `its signer chains to ${identity.trustList ?? 'a trust list in force'}`
    : 'its signer is on no trust list in force';
  return `Identity: ${who} signed as named actor${via}; ${trust}.${covers}`;
}
