// The inputs of `provlens verify`: files, walked folders and URLs, each kept in order, missing ones included.
import { openAsBlob } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorVerdict } from '../../verdict/error.ts';
import type { Verdict } from '../../verdict/types.ts';
import type { ErrorKind } from './error-kinds.ts';

export type InputEntry =
  | { path: string; kind: 'file' | 'url' }
  | { path: string; kind: 'lost'; message: string; errorKind: ErrorKind };

const MAX_DEPTH = 32;

export const isUrl = (path: string) => /^https?:\/\//i.test(path);

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  EIO: 'a read error of the disk',
};

/** "no such file or folder (ENOENT)": the system's reason in words, with its code for searching. */
export function errnoWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && ERRNO_WORDS[code]) return `${ERRNO_WORDS[code]} (${code})`;
  return code ?? (error as Error).message;
}

function lost(path: string, error: unknown): InputEntry {
  const code = (error as NodeJS.ErrnoException).code;
  return {
    path,
    kind: 'lost',
    message: `Could not open ${path}: ${errnoWords(error)}.`,
    errorKind: code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : 'unreadable',
  };
}

/** Every input in the order given; a folder expands to its files (sorted, hidden ones left out). */
export async function listInputs(inputs: string[]): Promise<InputEntry[]> {
  const out: InputEntry[] = [];
  async function walk(path: string, depth: number): Promise<void> {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      out.push(lost(path, error));
      return;
    }
    if (info.isFile()) {
      out.push({ path, kind: 'file' });
      return;
    }
    if (!info.isDirectory()) {
      out.push({ path, kind: 'lost', message: `${path} is not a file or folder.`, errorKind: 'unreadable' });
      return;
    }
    if (depth > MAX_DEPTH) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      out.push(lost(path, error));
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory() || entry.isFile()) await walk(join(path, entry.name), depth + 1);
    }
  }
  for (const input of inputs) {
    if (isUrl(input)) out.push({ path: input, kind: 'url' });
    else await walk(input, 0);
  }
  return out;
}

export type ReadInput =
  | { bytes: Uint8Array }
  | { blob: Blob }
  | { url: string }
  | { verdict: Verdict; errorKind: ErrorKind };

/** The content to verify, or an error verdict for an input that could not be opened. */
export async function readEntry(entry: InputEntry, maxBytes: number): Promise<ReadInput> {
  if (entry.kind === 'lost')
    return { verdict: errorVerdict(entry.errorKind, entry.message), errorKind: entry.errorKind };
  if (entry.kind === 'url') return { url: entry.path };
  try {
    // A file over the limit is refused from its size alone: never read (or hash) 1 GB to say no.
    const size = (await stat(entry.path)).size;
    if (size > maxBytes) return { blob: await openAsBlob(entry.path) };
    return { bytes: await readFile(entry.path) };
  } catch (error) {
    const gone = lost(entry.path, error) as Extract<InputEntry, { kind: 'lost' }>;
    return { verdict: errorVerdict(gone.errorKind, gone.message), errorKind: gone.errorKind };
  }
}
