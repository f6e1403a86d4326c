// Development trust seed: dist/<target>/dev-trust.json, read by the extension instead of fetching the
// official lists (and, with a local chain, a default registry). It holds ../shared/trust's production lists plus the demo CA as a user anchor. Generated
// by `npm start` and the e2e suite; never committed and never part of a release build.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevTrustList {
  id: string;
  name: string;
  pem: string;
  role: 'anchors' | 'allowed' | 'eku';
  user?: boolean;
  version?: string;
}

export function devTrustLists(sharedTrustDir: string | undefined, demoAnchorPem: string): DevTrustList[] {
  const lists: DevTrustList[] = [];
  const add = (id: string, name: string, file: string, role: DevTrustList['role']) => {
    if (!sharedTrustDir) return;
    const full = path.join(sharedTrustDir, file);
    if (existsSync(full))
      lists.push({ id, name, pem: readFileSync(full, 'utf8'), role, version: 'shared copy' });
  };
  add('c2pa-conformance', 'C2PA trust list', 'c2pa-conformance/C2PA-TRUST-LIST.pem', 'anchors');
  add('c2pa-tsa', 'C2PA time-stamping authorities', 'c2pa-conformance/C2PA-TSA-TRUST-LIST.pem', 'anchors');
  add('interim', 'Content Credentials interim list', 'interim-verify-site/anchors.pem', 'anchors');
  add(
    'interim-allowed',
    'Content Credentials allowed signers',
    'interim-verify-site/allowed.sha256.txt',
    'allowed',
  );
  add('interim-eku', 'Signing purposes', 'interim-verify-site/store.cfg', 'eku');
  lists.push({
    id: 'user',
    name: 'Your own anchors (demo CA)',
    pem: demoAnchorPem,
    role: 'anchors',
    user: true,
  });
  return lists;
}

export interface DevRegistry {
  rpcUrl: string;
  address: string;
  chainId: number;
  /** The throw-away local chain of `npm start`: the extension may top up its own account there. */
  local?: boolean;
}

/** Writes the seed; `registry` (the local chain of `npm start`) becomes the default registry setting. */
export function writeDevTrust(distDir: string, lists: DevTrustList[], registry?: DevRegistry): string {
  const file = path.join(distDir, 'dev-trust.json');
  writeFileSync(file, JSON.stringify(registry ? { lists, registry } : { lists }, null, 1));
  return file;
}
