// PEM, the text form of certificates and keys that trust lists and signers exchange (RFC 7468).
import { base64ToBytes, bytesToBase64 } from './base64.ts';

export type PemLabel = 'CERTIFICATE' | 'PRIVATE KEY';

/** DER bytes as a PEM block with 64-character lines and a final line break. */
export function derToPem(der: Uint8Array, label: PemLabel): string {
  const lines = bytesToBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER bytes of one PEM block; whitespace and the BEGIN/END lines are ignored. */
export function pemToDer(pem: string): Uint8Array {
  return base64ToBytes(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''));
}
