// Builds the extension for both browsers: dist/chrome and dist/firefox carry only what a store release
// would; `npm start` builds its demo copies (demo trust, local chain) into dist/demo-chrome and dist/demo-firefox.
import path from 'node:path';
import { build } from 'vite';

export type Target = 'chrome' | 'firefox';
export const TARGETS: readonly Target[] = ['chrome', 'firefox'];

const root = path.resolve(import.meta.dirname, '..');
/** The release build of a target. */
export const releaseDir = (target: Target): string => path.join(root, 'dist', target);
/** The demo build of a target: `npm start` seeds it with the demo authority and the local chain. */
export const demoDir = (target: Target): string => path.join(root, 'dist', `demo-${target}`);

export async function buildExtension(
  targets: readonly Target[] = TARGETS,
  outDir: (target: Target) => string = releaseDir,
): Promise<void> {
  for (const target of targets) {
    const started = Date.now();
    await build({
      mode: target,
      logLevel: 'warn',
      configFile: path.join(root, 'vite.config.ts'),
      build: { outDir: outDir(target), emptyOutDir: true },
    });
    console.log(
      `built ${path.relative(root, outDir(target))} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const wanted = process.argv
    .slice(2)
    .filter((arg): arg is Target => (TARGETS as readonly string[]).includes(arg));
  buildExtension(wanted.length > 0 ? wanted : TARGETS).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
