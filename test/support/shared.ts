// Paths to the read-only shared material (corpus, trust lists) beside the project, and trust configs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Trust } from '../../src/verdict/types.ts';
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

const STATE_TO_TRUST: Record<string, Trust> = { Trusted: 'verified', Valid: 'untrusted', Invalid: 'invalid' };

/**
 * Rows of CATALOG.tsv where this verifier's exact answer differs from the catalog's row expectation, with the evidence.
 * - rs-dashinit.mp4: the row holds only when validated with its fragment rs-dash1.m4s (catalog README);
 *   read alone it is invalid with assertion.bmffHash.mismatch. It is verified paired in test/corpus/corpus.test.ts.
 * - rs-id3v23_compression_underflow.mp3: c2pa-rs expects JumbfNotFound ("none"), but the wasm build in
 *   c2pa-web 0.13.1 panics on it (catalog evidence: "CRASH (unreachable)"). The honest verdict is
 *   "error" (unreadable) with the next file still verified, not a guessed "none".
 */
export const CATALOG_OVERRIDES: Record<string, Partial<{ trust: Trust; codes: string[] }>> = {
  'rs-dashinit.mp4': {
    trust: 'invalid',
    codes: ['signingCredential.untrusted', 'assertion.bmffHash.mismatch'],
  },
  'rs-id3v23_compression_underflow.mp3': { trust: 'error' },
};

/** The trust a row expects in a configuration whose validation_state is `state`, overrides applied. */
export function expectedTrust(row: CatalogRow, state: string | undefined): Trust {
  const override = CATALOG_OVERRIDES[row.file]?.trust;
  if (override) return override;
  if (state) return STATE_TO_TRUST[state]!;
  if (row.expectedValidity === 'malformed') return 'error';
  if (row.expectedValidity === 'invalid') return 'invalid';
  return 'none';
}
