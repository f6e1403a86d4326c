// The C2PA engine inside one JS realm (a Node worker thread or a browser Worker).
// It drives the c2pa-rs wasm build that @contentauth/c2pa-web ships (@contentauth/c2pa-wasm,
// pinned to the version c2pa-web 0.13.1 depends on) directly, so the same code runs in Node and
// in both browsers, with a per-file timeout that can terminate the realm and a pinned clock.
import { initSync, loadSettings, WasmBuilder, WasmReader } from '@contentauth/c2pa-wasm';

let ready = false;
let shimmed = false;

/** The wasm reads Blobs synchronously; realms without FileReaderSync (Node, Firefox pages) get this. */
class BytesFileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer {
    const bytes = (blob as Partial<KeptBytesBlob>).keptBytes;
    if (!bytes) throw new Error('FileReaderSync stand-in needs a KeptBytesBlob');
    return bytes.slice().buffer as ArrayBuffer;
  }
}

/** A Blob whose bytes stay readable synchronously; `slice` keeps the subclass. */
export class KeptBytesBlob extends Blob {
  readonly keptBytes: Uint8Array;
  constructor(bytes: Uint8Array, type = '') {
    super([bytes as Uint8Array<ArrayBuffer>], { type });
    this.keptBytes = bytes;
  }
  override slice(start?: number, end?: number, contentType?: string): KeptBytesBlob {
    return new KeptBytesBlob(this.keptBytes.subarray(start ?? 0, end ?? this.keptBytes.length), contentType);
  }
}

function needsBlobShim(): boolean {
  return shimmed || typeof (globalThis as { FileReaderSync?: unknown }).FileReaderSync === 'undefined';
}

/** Makes a Blob the wasm can read in this realm. */
export function wasmBlob(bytes: Uint8Array, type = ''): Blob {
  return needsBlobShim()
    ? new KeptBytesBlob(bytes, type)
    : new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
}

export function initEngine(wasm: BufferSource | WebAssembly.Module): void {
  if (ready) return;
  if (needsBlobShim()) {
    (globalThis as { FileReaderSync?: unknown }).FileReaderSync = BytesFileReaderSync;
    shimmed = true;
  }
  initSync({ module: wasm });
  ready = true;
}

export function applyGlobalSettings(settingsJson: string): void {
  loadSettings(settingsJson);
}

export { WasmBuilder, WasmReader };
