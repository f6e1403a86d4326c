// Reading verifyAsset's input: bytes as given, a Blob (File) or a URL, never more than the size limit.
import type { ErrorKind } from '../verdict/types.ts';

export type VerifyInput = Uint8Array | Blob | URL | string;

export type InputRead =
  | { bytes: Uint8Array; name?: string; declared?: string }
  | { error: { kind: ErrorKind; message: string } };

export function tooLarge(size: number, max: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `The file is too large to verify (${mb(size)}; the limit is ${mb(max)}). Raise the limit if you trust this file.`;
}

/** The input's bytes, with the name and media type it came with; throws only for an input of the wrong type. */
export async function readInput(
  input: VerifyInput,
  maxBytes: number,
  doFetch: typeof fetch = globalThis.fetch,
): Promise<InputRead> {
  if (input instanceof Uint8Array) return { bytes: input };
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    if (input.size > maxBytes)
      return { error: { kind: 'too-large', message: tooLarge(input.size, maxBytes) } };
    return {
      bytes: new Uint8Array(await input.arrayBuffer()),
      ...((input as File).name ? { name: (input as File).name } : {}),
      ...(input.type ? { declared: input.type } : {}),
    };
  }
  if (input instanceof URL || typeof input === 'string') {
    const url = input instanceof URL ? input : new URL(input);
    try {
      const response = await doFetch(url, { credentials: 'omit' } as RequestInit);
      if (!response.ok) {
        return {
          error: { kind: 'unreadable', message: `Could not download ${url.href}: HTTP ${response.status}.` },
        };
      }
      const declaredLength = Number(response.headers.get('content-length') ?? '0');
      if (declaredLength > maxBytes) {
        return { error: { kind: 'too-large', message: tooLarge(declaredLength, maxBytes) } };
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { bytes, name: url.pathname, declared: response.headers.get('content-type') ?? '' };
    } catch (error) {
      return {
        error: {
          kind: 'unreadable',
          message: `Could not download ${url.href}: ${(error as Error).message}.`,
        },
      };
    }
  }
  throw new TypeError('verifyAsset takes bytes (Uint8Array), a Blob, or a URL.');
}
