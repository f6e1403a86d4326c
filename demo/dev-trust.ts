// Development seed: dist/<target>/dev-trust.json adds the demo CA as a user anchor (and, with a local
// chain, a default registry), and keeps the extension from refreshing the official lists over the network
// (the bundled snapshot stays in force). Written by `npm start` and the e2e suite; never committed and never
// part of a release build.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevTrustList {
  id: string;
  name: string;
  pem: string;
  role: 'anchors' | 'allowed' | 'eku';
  user?: boolean;
  version?: string;
}

/** The demo CA as one of "your own anchors": the official lists come from the snapshot in public/trust. */
export function devTrustLists(demoAnchorPem: string): DevTrustList[] {
  return [
    { id: 'user', name: 'Your own anchors (demo CA)', pem: demoAnchorPem, role: 'anchors', user: true },
  ];
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
