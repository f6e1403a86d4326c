import { describe, expect, it } from 'vitest';
import { C2PA_STATUS_CODES, codeMessageName, statusKind } from '../../src/verdict/codes.ts';
import type { Catalog } from '../../src/verdict/english.ts';
import { loadCatalog, localize } from './fake-client.ts';

const en = loadCatalog('en');
const de = loadCatalog('de');

function placeholderNames(catalog: Catalog, name: string): string[] {
  return Object.keys(catalog[name]?.placeholders ?? {}).sort();
}

describe('locales', () => {
  it('has the same messages in German as in English', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('uses the same placeholders in both languages', () => {
    const differing = Object.keys(en).filter(
      (name) => JSON.stringify(placeholderNames(en, name)) !== JSON.stringify(placeholderNames(de, name)),
    );
    expect(differing).toEqual([]);
  });

  it('has no message names that differ only by case (the browser looks names up case-insensitively)', () => {
    const lower = Object.keys(en).map((name) => name.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
  });

  it('uses every declared placeholder in its message', () => {
    const unused = Object.entries(en).flatMap(([name, entry]) =>
      Object.keys(entry.placeholders ?? {})
        .filter((key) => !entry.message.includes(`$${key.toUpperCase()}$`))
        .map((key) => `${name}.${key}`),
    );
    expect(unused).toEqual([]);
  });

  it('explains every C2PA status code of the spec in both languages', () => {
    const missing = Object.keys(C2PA_STATUS_CODES).flatMap((code) =>
      [en, de].filter((catalog) => !catalog[codeMessageName(code)]?.message).map(() => code),
    );
    expect(missing).toEqual([]);
  });

  it('substitutes named placeholders in order', () => {
    expect(localize(de, 'inspect_failed', ['a.jpg', 'zu groß'])).toBe(
      '„a.jpg“ konnte nicht geprüft werden: zu groß',
    );
  });

  it('maps code names to message names the browser accepts', () => {
    expect(codeMessageName('assertion.cloud-data.hardBinding')).toBe('code_assertion_cloud_data_hardBinding');
  });

  it('treats an unknown status code as a failure, never as reassurance', () => {
    expect(statusKind('com.vendor.unknown')).toBe('failure');
    expect(statusKind('signingCredential.trusted')).toBe('success');
    expect(statusKind('timeStamp.untrusted')).toBe('informational');
  });
});
