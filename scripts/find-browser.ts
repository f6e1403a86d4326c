// Where Debian's Chromium is: `chromium` on PATH (or CHROMIUM_PATH). Used by `npm start` and the tests.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The flags every Chromium started by `npm start` and the tests gets: no sandbox, GPU, sync or updates. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The flags that load an unpacked extension (and no other). */
export const extensionFlags = (extensionDir: string): string[] => [
  `--disable-extensions-except=${extensionDir}`,
  `--load-extension=${extensionDir}`,
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
