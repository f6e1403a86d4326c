// Saving evidence to a file the person chooses to keep; everything is made locally, nothing is uploaded.
import type { MediaItem } from '../platform/model.ts';

/** The JSON a journalist keeps: what was checked, where it was seen, and the full verdict. */
export function verdictExport(items: readonly MediaItem[], exportedAt: string): string {
  const records = items.map((item) => ({
    name: item.name ?? null,
    src: item.src,
    kind: item.kind,
    verdict: item.verdict ?? null,
  }));
  return `${JSON.stringify({ exportedAt, items: records }, null, 2)}\n`;
}

export function exportFileName(items: readonly MediaItem[], extension: 'json' | 'html'): string {
  const only = items.length === 1 ? items[0]?.verdict?.sha256.slice(0, 12) : undefined;
  return `provenance-${only ?? `${items.length}-items`}.${extension}`;
}

export function downloadText(fileName: string, text: string, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
