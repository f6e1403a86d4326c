// Long-running commands (chain, index, relay) wait here until Ctrl-C, a TERM signal, or their child process
// exiting on its own.
import type { ChildProcess } from 'node:child_process';

export function untilStopped(child?: Pick<ChildProcess, 'once' | 'off'>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      child?.off('exit', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    child?.once('exit', stop);
  });
}
