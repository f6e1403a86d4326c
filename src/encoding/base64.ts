// Bytes as base64 text, for JSON messages, data: URLs and PEM bodies; one implementation (@scure/base) everywhere.
import { base64 } from '@scure/base';

export function bytesToBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

/** Throws on text that is not padded base64 (callers strip PEM line breaks first). */
export function base64ToBytes(text: string): Uint8Array {
  return base64.decode(text);
}

export function dataUrl(bytes: Uint8Array, mediaType: string): string {
  return `data:${mediaType};base64,${bytesToBase64(bytes)}`;
}
