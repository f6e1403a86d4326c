// C2PA validation status codes (C2PA specification 2.x, "Standard status codes", plus c2pa-rs specifics),
// each with its kind. Their plain-language explanations are messages "code_<name>" in _locales, so the CLI
// (English) and the extension (every language) word them the same.
import { english } from './english.ts';

export type StatusKind = 'success' | 'informational' | 'failure';

export const C2PA_STATUS_CODES: Readonly<Record<string, StatusKind>> = {
  // success
  'claimSignature.validated': 'success',
  'claimSignature.insideValidity': 'success',
  'signingCredential.trusted': 'success',
  'signingCredential.ocsp.notRevoked': 'success',
  'timeStamp.validated': 'success',
  'timeStamp.trusted': 'success',
  'assertion.hashedURI.match': 'success',
  'assertion.dataHash.match': 'success',
  'assertion.bmffHash.match': 'success',
  'assertion.boxesHash.match': 'success',
  'assertion.collectionHash.match': 'success',
  'assertion.accessible': 'success',
  'ingredient.manifest.validated': 'success',
  'ingredient.claimSignature.validated': 'success',
  // informational
  'signingCredential.ocsp.skipped': 'informational',
  'signingCredential.ocsp.inaccessible': 'informational',
  'timeStamp.mismatch': 'informational',
  'timeStamp.malformed': 'informational',
  'timeStamp.outsideValidity': 'informational',
  'timeStamp.untrusted': 'informational',
  'manifest.unknownProvenance': 'informational',
  'manifest.unreferenced': 'informational',
  'ingredient.unknownProvenance': 'informational',
  'algorithm.deprecated': 'informational',
  'timeOfSigning.insideValidity': 'informational',
  'timeOfSigning.outsideValidity': 'informational',
  'assertion.dataHash.additionalExclusionsPresent': 'informational',
  // failure
  'claim.malformed': 'failure',
  'claim.missing': 'failure',
  'claim.multiple': 'failure',
  'claim.hardBindings.missing': 'failure',
  'claim.required.missing': 'failure',
  'claim.cbor.invalid': 'failure',
  'claimSignature.missing': 'failure',
  'claimSignature.mismatch': 'failure',
  'claimSignature.outsideValidity': 'failure',
  'manifest.inaccessible': 'failure',
  'manifest.multipleParents': 'failure',
  'manifest.update.invalid': 'failure',
  'manifest.update.wrongParents': 'failure',
  'manifest.timestamp.invalid': 'failure',
  'manifest.timestamp.wrongParents': 'failure',
  'manifest.compressed.invalid': 'failure',
  'signingCredential.untrusted': 'failure',
  'signingCredential.invalid': 'failure',
  'signingCredential.ocsp.revoked': 'failure',
  'signingCredential.ocsp.unknown': 'failure',
  'signingCredential.expired': 'failure',
  'assertion.hashedURI.mismatch': 'failure',
  'assertion.missing': 'failure',
  'assertion.multipleHardBindings': 'failure',
  'assertion.undeclared': 'failure',
  'assertion.inaccessible': 'failure',
  'assertion.notRedacted': 'failure',
  'assertion.outsideManifest': 'failure',
  'assertion.selfRedacted': 'failure',
  'assertion.required.missing': 'failure',
  'assertion.json.invalid': 'failure',
  'assertion.cbor.invalid': 'failure',
  'assertion.action.ingredientMismatch': 'failure',
  'assertion.action.malformed': 'failure',
  'assertion.action.redacted': 'failure',
  'assertion.action.redactionMismatch': 'failure',
  'assertion.dataHash.malformed': 'failure',
  'assertion.dataHash.mismatch': 'failure',
  'assertion.dataHash.redacted': 'failure',
  'assertion.bmffHash.malformed': 'failure',
  'assertion.bmffHash.mismatch': 'failure',
  'assertion.boxesHash.malformed': 'failure',
  'assertion.boxesHash.mismatch': 'failure',
  'assertion.boxesHash.unknownBox': 'failure',
  'assertion.collectionHash.malformed': 'failure',
  'assertion.collectionHash.mismatch': 'failure',
  'assertion.collectionHash.incorrectFileCount': 'failure',
  'assertion.collectionHash.invalidURI': 'failure',
  'assertion.multiAssetHash.malformed': 'failure',
  'assertion.multiAssetHash.missingPart': 'failure',
  'assertion.cloud-data.hardBinding': 'failure',
  'assertion.cloud-data.actions': 'failure',
  'assertion.cloud-data.malformed': 'failure',
  'assertion.ingredient.malformed': 'failure',
  'assertion.metadata.disallowed': 'failure',
  'assertion.timestamp.malformed': 'failure',
  'ingredient.hashedURI.mismatch': 'failure',
  'ingredient.manifest.missing': 'failure',
  'ingredient.manifest.mismatch': 'failure',
  'ingredient.claimSignature.missing': 'failure',
  'ingredient.claimSignature.mismatch': 'failure',
  'hashedURI.missing': 'failure',
  'hashedURI.mismatch': 'failure',
  'algorithm.unsupported': 'failure',
  'general.error': 'failure',
  // c2pa-rs specifics
  'hardBindings.missing': 'failure',
  'com.adobe.prerelease': 'failure',
};

/** The _locales message name holding a code's plain-language explanation (names allow [A-Za-z0-9_]). */
export function codeMessageName(code: string): string {
  return `code_${code.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Codes not in the spec table count as failures: an unknown code must never read as reassurance. */
export function statusKind(code: string): StatusKind {
  return C2PA_STATUS_CODES[code] ?? 'failure';
}

/** The code's plain-language explanation in English; undefined for codes outside the table. */
export function explainCode(code: string): string | undefined {
  return C2PA_STATUS_CODES[code] ? english(codeMessageName(code)) : undefined;
}
