// Builds the extension for both browsers: dist/chrome and dist/firefox.
import { build } from 'vite';

export type Target = 'chrome' | 'firefox';
export const TARGETS: readonly Target[] = ['chrome', 'firefox'];

export async function buildExtension(targets: readonly Target[] = TARGETS): Promise<void> {
  for (const target of targets) {
    const started = Date.now();
    await build({
      mode: target,
      logLevel: 'warn',
      configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    });
    console.log(`built dist/${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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
