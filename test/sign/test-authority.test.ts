// The self-made CA and signing certificate: the profile C2PA validators require, and reproducibility.
import 'reflect-metadata';
import { p256 } from '@noble/curves/nist.js';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509Certificate,
} from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { createTestAuthority, p256Pkcs8Der, p256SpkiDer } from '../../src/sign/test-authority.ts';

describe('createTestAuthority', () => {
  it('makes a CA certificate with basicConstraints CA and keyCertSign', async () => {
    const authority = await createTestAuthority({ name: 'Profile Test', seed: 'profile' });
    const ca = new X509Certificate(authority.ca.certificateDer);
    expect(ca.subject).toBe('CN=Profile Test Root CA, O=Profile Test, OU=FOR TESTING ONLY');
    expect(ca.issuer).toBe(ca.subject);
    const basic = ca.getExtension(BasicConstraintsExtension);
    expect({ ca: basic?.ca, critical: basic?.critical }).toEqual({ ca: true, critical: true });
    expect(ca.getExtension(KeyUsagesExtension)?.usages).toBe(
      KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
    );
    expect(await ca.verify({ signatureOnly: true })).toBe(true);
  });

  it('makes a signing certificate for claims: digitalSignature (critical), emailProtection, issued by the CA', async () => {
    const authority = await createTestAuthority({ name: 'Profile Test', seed: 'profile' });
    const ca = new X509Certificate(authority.ca.certificateDer);
    const signer = new X509Certificate(authority.signer.certificateDer);
    expect(signer.subject).toBe('CN=Profile Test, O=Profile Test, OU=FOR TESTING ONLY');
    expect(signer.issuer).toBe(ca.subject);
    const usage = signer.getExtension(KeyUsagesExtension);
    expect({ usages: usage?.usages, critical: usage?.critical }).toEqual({
      usages: KeyUsageFlags.digitalSignature,
      critical: true,
    });
    expect(signer.getExtension(ExtendedKeyUsageExtension)?.usages).toEqual([
      ExtendedKeyUsage.emailProtection,
    ]);
    expect(signer.getExtension(BasicConstraintsExtension)?.ca).toBe(false);
    expect(await signer.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true);
  });

  it('puts the signing key in the signing certificate', async () => {
    const authority = await createTestAuthority({ name: 'Key Test', seed: 'keys' });
    const signer = new X509Certificate(authority.signer.certificateDer);
    expect(new Uint8Array(signer.publicKey.rawData)).toEqual(p256SpkiDer(authority.signer.privateKey));
    const message = new TextEncoder().encode('hello');
    const signature = p256.sign(message, authority.signer.privateKey);
    expect(p256.verify(signature, message, p256.getPublicKey(authority.signer.privateKey))).toBe(true);
  });

  it('exports the key as PKCS#8 that WebCrypto accepts', async () => {
    const authority = await createTestAuthority({ name: 'Key Test', seed: 'keys' });
    const pem = authority.signer.privateKeyPem;
    expect(pem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    const key = await crypto.subtle.importKey(
      'pkcs8',
      p256Pkcs8Der(authority.signer.privateKey) as Uint8Array<ArrayBuffer>,
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['sign'],
    );
    const jwk = await crypto.subtle.exportKey('jwk', key);
    expect(Buffer.from(jwk.d ?? '', 'base64url')).toEqual(Buffer.from(authority.signer.privateKey));
  });

  it('is byte-identical for the same seed and different for another seed', async () => {
    const first = await createTestAuthority({ name: 'Seed Test', seed: 'one' });
    const again = await createTestAuthority({ name: 'Seed Test', seed: 'one' });
    const other = await createTestAuthority({ name: 'Seed Test', seed: 'two' });
    expect(again.ca.certificatePem).toBe(first.ca.certificatePem);
    expect(again.signer.certificatePem).toBe(first.signer.certificatePem);
    expect(other.ca.certificatePem).not.toBe(first.ca.certificatePem);
  });

  it('makes fresh keys without a seed', async () => {
    const first = await createTestAuthority({ name: 'Random Test' });
    const second = await createTestAuthority({ name: 'Random Test' });
    expect(second.signer.privateKey).not.toEqual(first.signer.privateKey);
  });

  it('uses the given validity for the signing certificate only', async () => {
    const notBefore = new Date('2020-01-01T00:00:00Z');
    const notAfter = new Date('2021-01-01T00:00:00Z');
    const authority = await createTestAuthority({
      name: 'Dates',
      seed: 'd',
      signerValidity: { notBefore, notAfter },
    });
    const signer = new X509Certificate(authority.signer.certificateDer);
    const ca = new X509Certificate(authority.ca.certificateDer);
    expect([signer.notBefore.toISOString(), signer.notAfter.toISOString()]).toEqual([
      '2020-01-01T00:00:00.000Z',
      '2021-01-01T00:00:00.000Z',
    ]);
    expect(ca.notAfter.toISOString()).toBe('2049-12-31T23:59:59.000Z');
  });

  it('escapes names that contain distinguished-name syntax', async () => {
    const authority = await createTestAuthority({ name: 'Smith, Jones + Co', seed: 'n' });
    const signer = new X509Certificate(authority.signer.certificateDer);
    expect(signer.subjectName.getField('O')).toEqual(['Smith, Jones + Co']);
  });

  it('rejects an empty name', async () => {
    await expect(createTestAuthority({ name: '  ' })).rejects.toThrow(
      'createTestAuthority needs a non-empty name',
    );
  });

  it('gives a COSE chain of just the end-entity certificate (the root stays out)', async () => {
    const authority = await createTestAuthority({ name: 'Chain', seed: 'c' });
    expect(authority.certChainDer).toEqual([authority.signer.certificateDer]);
  });
});
