// c2pa-rs reports failures as Rust error text; this is the one place that reads it, inside the worker,
// and turns it into an EngineFailure kind the rest of the project switches on.
import type { EngineFailure } from './protocol.ts';

function detailOf(pattern: RegExp, message: string): string | undefined {
  return pattern.exec(message)?.[1];
}

/** A failed read classified by kind; `crashed` when the wasm instance can no longer be used. */
export function classifyEngineError(message: string, crashed: boolean, panic?: string): EngineFailure {
  const failure = (kind: EngineFailure['kind'], detail?: string): EngineFailure => ({
    ok: false,
    kind,
    error: message,
    ...(detail ? { detail } : {}),
  });
  if (crashed) {
    return failure(
      'crash',
      /capacity overflow|out of memory|unreachable/i.exec(`${message} ${panic ?? ''}`)?.[0] ??
        panic ??
        message.slice(0, 120),
    );
  }
  if (message.includes('UnsupportedType')) return failure('unsupported-format');
  if (/UnknownAlgorithm/.test(message)) return failure('unsupported-algorithm');
  if (/PrereleaseError/.test(message)) return failure('prerelease');
  const remoteUrl = detailOf(/RemoteManifestUrl\("([^"]+)"\)/, message);
  if (remoteUrl) return failure('remote-manifest-not-fetched', remoteUrl);
  if (/RemoteManifestFetch/.test(message)) {
    return failure(
      'remote-manifest-unavailable',
      detailOf(/RemoteManifestFetch\("?([^")]*)/, message)?.slice(0, 160),
    );
  }
  if (/CyclicIngredients/.test(message)) return failure('cyclic-ingredients');
  if (/BoxNestingTooDeep|too deply nested|too deeply nested/i.test(message))
    return failure('nesting-too-deep');
  if (/ProvenanceMissing/.test(message)) return failure('active-manifest-missing');
  return failure(
    'malformed',
    detailOf(/InvalidAsset\("([^"]+)"\)/, message) ??
      detailOf(/JumbfParseError\((\w+)\)/, message) ??
      message.slice(0, 200),
  );
}
