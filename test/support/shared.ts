// Paths to the read-only shared material (corpus, trust lists) beside the project, and trust configs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TrustConfig } from '../../src/verify/trust.ts';

export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const CORPUS_FILES = `${SHARED}corpus/files/`;
export const PINNED_CLOCK = '2026-11-25T00:00:00Z';

const read = (path: string) => readFileSync(`${SHARED}${path}`, 'utf8');

/** The catalog's "ref" configuration: both production lists, TSA list, interim allowed list. */
export function referenceTrust(): TrustConfig {
  return {
    anchors: [
      {
        id: 'c2pa-conformance',
        name: 'C2PA trust list',
        pem: read('trust/c2pa-conformance/C2PA-TRUST-LIST.pem'),
      },
      {
        id: 'c2pa-tsa',
        name: 'C2PA time-stamping trust list',
        pem: read('trust/c2pa-conformance/C2PA-TSA-TRUST-LIST.pem'),
      },
      {
        id: 'interim',
        name: 'Content Credentials interim trust list',
        pem: read('trust/interim-verify-site/anchors.pem'),
      },
    ],
    allowedList: {
      id: 'interim-allowed',
      name: 'Content Credentials allowed list',
      pem: read('trust/interim-verify-site/allowed.sha256.txt'),
    },
    trustConfig: read('trust/interim-verify-site/store.cfg'),
  };
}

/** The catalog's "test" configuration: test roots only (never shipped). */
export function testRootsTrust(): TrustConfig {
  return {
    anchors: [],
    userAnchors: [
      { id: 'user', name: 'c2pa-rs test roots', pem: read('corpus/files/trust-rs-test-root-bundle.pem') },
      {
        id: 'user',
        name: 'Microsoft validator test root',
        pem: read('corpus/files/trust-ms-test-root-CA.pem'),
      },
    ],
  };
}

export interface CatalogRow {
  file: string;
  format: string;
  hasManifest: string;
  expectedValidity: 'valid' | 'invalid' | 'none' | 'malformed';
  expectedCodes: string[];
  signer: string;
  origin: string;
  ingredients: number | undefined;
  evidence: string;
  timeSensitive: boolean;
  /** validation_state per configuration, from the evidence column ("ref=Trusted notrust=Valid test=Valid"). */
  states: { ref?: string; notrust?: string; test?: string };
  notrustCodes?: string[];
}

export function readCatalog(): CatalogRow[] {
  const lines = read('corpus/CATALOG.tsv').trim().split('\n').slice(1);
  return lines
    .map((line) => line.split('\t'))
    .filter((cells) => !cells[4]!.startsWith('trust-list'))
    .map((c) => {
      const evidence = c[11]!;
      const states = /ref=(\w+) notrust=(\w+) test=(\w+)/.exec(evidence);
      const notrustCodes = /notrust codes=([^\s|]+)/.exec(evidence)?.[1]?.split(',');
      return {
        file: c[0]!,
        format: c[4]!,
        hasManifest: c[5]!,
        expectedValidity: c[6] as CatalogRow['expectedValidity'],
        expectedCodes: c[7] === '-' ? [] : c[7]!.split(','),
        signer: c[8]!,
        origin: c[9]!,
        ingredients: c[10] === '-' ? undefined : Number(c[10]),
        evidence,
        timeSensitive: c[12] === 'yes',
        states: states ? { ref: states[1]!, notrust: states[2]!, test: states[3]! } : {},
        ...(notrustCodes ? { notrustCodes } : {}),
      };
    });
}
