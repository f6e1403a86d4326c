// Where Debian's Chromium is: `chromium` on PATH (or CHROMIUM_PATH). Used by `npm start` and the tests.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** How Chromium is started here (start, tests, bench): no sandbox in containers, no GPU, nothing fetched behind the page's back. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The one command that installs it on Debian. */
export const INSTALL_CHROMIUM = 'apt-get install -y chromium';

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.CHROMIUM_PATH
    ? [env.CHROMIUM_PATH]
    : (env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'chromium'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
