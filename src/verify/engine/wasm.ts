// The C2PA engine inside one JS realm (a Node worker thread or a browser Worker).
// It drives the c2pa-rs wasm build that @contentauth/c2pa-web ships (@contentauth/c2pa-wasm,
// pinned to the version c2pa-web 0.13.1 depends on) directly, so the same code runs in Node and
// in both browsers, with a per-file timeout that can terminate the realm and a pinned clock.
import { initSync, loadSettings, WasmBuilder, WasmReader } from '@contentauth/c2pa-wasm';

let ready = false;

/**
 * The wasm reads its input through FileReaderSync; this stand-in reads a KeptBytesBlob's own memory. It is
 * used in every realm, not only where FileReaderSync is missing (Node, Firefox pages): in a Chrome worker a
 * real Blob is handed to the browser process when made and read back from it, some 8 ms a file.
 */
class BytesFileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer {
    const bytes = (blob as unknown as Partial<KeptBytesBlob>).keptBytes;
    if (!bytes) throw new Error('FileReaderSync stand-in needs a KeptBytesBlob');
    return bytes.slice().buffer as ArrayBuffer;
  }
}

/**
 * What the wasm needs of a Blob (its size, its slices and, through FileReaderSync, its bytes), kept in this
 * realm's memory. The wasm's glue asks nothing else of it (no instanceof check).
 */
export class KeptBytesBlob {
  readonly keptBytes: Uint8Array;
  readonly type: string;
  constructor(bytes: Uint8Array, type = '') {
    this.keptBytes = bytes;
    this.type = type;
  }
  get size(): number {
    return this.keptBytes.length;
  }
  slice(start?: number, end?: number, contentType?: string): KeptBytesBlob {
    return new KeptBytesBlob(this.keptBytes.subarray(start ?? 0, end ?? this.keptBytes.length), contentType);
  }
}

/** Makes a Blob the wasm can read in this realm (see KeptBytesBlob). */
export function wasmBlob(bytes: Uint8Array, type = ''): Blob {
  return new KeptBytesBlob(bytes, type) as unknown as Blob;
}

export function initEngine(wasm: BufferSource | WebAssembly.Module): void {
  if (ready) return;
  (globalThis as { FileReaderSync?: unknown }).FileReaderSync = BytesFileReaderSync;
  initSync({ module: wasm });
  ready = true;
}

export function applyGlobalSettings(settingsJson: string): void {
  loadSettings(settingsJson);
}

export { WasmBuilder, WasmReader };
