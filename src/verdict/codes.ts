// C2PA validation status codes (C2PA 2.x §15, plus c2pa-rs specifics) in plain words for people.

const PLAIN: Record<string, string> = {
  // success
  'claimSignature.validated': 'The signature over the claim is mathematically valid.',
  'claimSignature.insideValidity': 'The certificate was valid when the claim was signed.',
  'signingCredential.trusted': 'The signing certificate chains to a trust list in force.',
  'signingCredential.ocsp.notRevoked': 'The signing certificate was not revoked.',
  'timeStamp.trusted': 'A trusted time-stamp authority vouches for the signing time.',
  'timeStamp.validated': 'The time-stamp matches the signature.',
  'assertion.hashedURI.match': 'A signed statement inside the credential is intact.',
  'assertion.dataHash.match': 'The content matches its signed hash: it has not been changed since signing.',
  'assertion.bmffHash.match':
    'The media data matches its signed hash: it has not been changed since signing.',
  'assertion.boxesHash.match': 'The file matches its signed hash: it has not been changed since signing.',
  'assertion.collectionHash.match': 'All files of the collection match their signed hashes.',
  'ingredient.manifest.validated': 'The credential of an ingredient is valid.',
  'ingredient.claimSignature.validated': 'The signature of an ingredient credential is valid.',
  // failure
  'claimSignature.mismatch': 'The signature does not match the claim: the credential was altered or forged.',
  'claimSignature.missing': 'The credential has no signature.',
  'claimSignature.outsideValidity': 'The claim was signed outside the certificate’s validity period.',
  'signingCredential.untrusted':
    'The signer is not on any trust list in force: the credential is intact, but nobody vouches for who signed it.',
  'signingCredential.invalid': 'The signing certificate is malformed or not allowed for signing credentials.',
  'signingCredential.revoked': 'The signing certificate was revoked by its issuer.',
  'signingCredential.expired':
    'The signing certificate had expired, and no trusted time-stamp proves it was signed earlier.',
  'signingCredential.ocsp.revoked': 'The signing certificate was revoked (OCSP).',
  'signingCredential.ocsp.unknown': 'The revocation status of the signing certificate is unknown.',
  'timeStamp.mismatch': 'The time-stamp does not match the signature.',
  'timeStamp.untrusted':
    'The time-stamp authority is not on a trust list in force, so the signing time is only the signer’s word.',
  'timeStamp.outsideValidity': 'The time-stamp lies outside the time-stamp authority’s validity.',
  'timeStamp.malformed': 'The time-stamp is malformed.',
  'assertion.hashedURI.mismatch': 'A signed statement inside the credential was changed after signing.',
  'assertion.missing': 'A statement the claim lists is missing from the credential.',
  'assertion.multipleHardBindings':
    'The credential binds to the content more than once, which is not allowed.',
  'assertion.undeclared': 'The credential holds a statement that its claim does not list.',
  'assertion.inaccessible': 'A statement of the credential could not be read.',
  'assertion.notRedacted': 'A statement that was meant to be redacted is still present.',
  'assertion.selfRedacted': 'The credential tries to redact its own statement.',
  'assertion.action.ingredientMismatch': 'An action refers to an ingredient that does not match.',
  'assertion.action.malformed': 'An action statement is malformed.',
  'assertion.action.redacted': 'An action statement was redacted, which is not allowed.',
  'assertion.action.redactionMismatch': 'A redaction action does not match what was redacted.',
  'assertion.dataHash.mismatch':
    'The content was changed after it was signed: its pixels or samples no longer match the signed hash.',
  'assertion.dataHash.malformed': 'The content hash of the credential is malformed.',
  'assertion.dataHash.redactedMismatch': 'Parts left out of the content hash do not match.',
  'assertion.bmffHash.mismatch': 'The media data was changed after it was signed.',
  'assertion.bmffHash.malformed': 'The media hash of the credential is malformed.',
  'assertion.boxesHash.mismatch': 'The file was changed after it was signed.',
  'assertion.boxesHash.unknownBox': 'The file holds data that the signed hash does not cover.',
  'assertion.collectionHash.mismatch': 'A file of the collection was changed after signing.',
  'assertion.cbor.invalid': 'A statement of the credential is not valid CBOR.',
  'assertion.json.invalid': 'A statement of the credential is not valid JSON.',
  'assertion.timestamp.malformed': 'A time-stamp statement is malformed.',
  'assertion.cloud-data.hardBinding': 'A hard binding was stored remotely, which is not allowed.',
  'assertion.cloud-data.actions': 'Actions were stored remotely, which is not allowed.',
  'claim.missing': 'The credential has no claim.',
  'claim.multiple': 'The credential has more than one claim.',
  'claim.hardBindings.missing': 'The credential does not bind to the content at all.',
  'claim.cbor.invalid': 'The claim is not valid CBOR.',
  'claim.malformed': 'The claim is malformed.',
  'ingredient.hashedURI.mismatch': 'An ingredient’s credential was changed after it was referenced.',
  'ingredient.manifest.missing': 'An ingredient’s credential that the claim refers to is missing.',
  'ingredient.manifest.mismatch': 'An ingredient’s credential does not match what was referenced.',
  'ingredient.claimSignature.mismatch': 'The signature of an ingredient’s credential does not match.',
  'manifest.inaccessible': 'The credential could not be read.',
  'manifest.multipleParents': 'The credential names more than one parent ingredient.',
  'manifest.update.invalid': 'An update manifest is invalid.',
  'manifest.update.wrongParents': 'An update manifest has the wrong parents.',
  'manifest.compressed.invalid': 'The compressed credential is invalid.',
  'manifest.timestamp.invalid': 'The manifest time-stamp is invalid.',
  'manifest.timestamp.wrongParents': 'The manifest time-stamp has the wrong parents.',
  'algorithm.unsupported':
    'The credential uses a hash or signature algorithm that is not supported, so it cannot be checked.',
  'algorithm.deprecated': 'The credential uses a deprecated algorithm.',
  'general.error': 'An unexpected error stopped the check.',
  'hardBindings.missing': 'The credential does not bind to the content at all.',
  'com.adobe.prerelease': 'This is a pre-release (before C2PA 1.0) credential, which is not checked.',
};

export function explainCode(code: string): string | undefined {
  return PLAIN[code];
}

export function isSuccessCode(code: string): boolean {
  return /\.(validated|insideValidity|trusted|match|notRevoked)$/.test(code);
}
