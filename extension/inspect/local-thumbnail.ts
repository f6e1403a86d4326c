// Small previews of dropped image files, made in the page from the person's own file (nothing leaves it).

const THUMBNAIL_EDGE = 160;

/** A JPEG data: URL at most 160 px on its longer edge, or undefined when the browser cannot decode the file. */
export async function localThumbnail(file: Blob): Promise<string | undefined> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, THUMBNAIL_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.8);
  } catch {
    // Formats the browser cannot draw (e.g. some TIFF/HEIC) simply get no preview.
    return undefined;
  }
}
