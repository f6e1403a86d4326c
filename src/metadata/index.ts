// Unsigned claims in IPTC/XMP/EXIF metadata, read with exifr. They never prove anything: a verdict built
// on them is "metadata-only" and marked unsigned.
import exifr, * as exifrModule from 'exifr';
import { sourceTypeTerm } from '../verdict/origin.ts';
import { containerXmp } from './container-xmp.ts';

export interface MetadataClaims {
  digitalSourceType?: string;
  creator?: string;
  creditLine?: string;
  software?: string;
  /** A remote manifest URL announced in XMP (dcterms:provenance); never fetched without permission. */
  provenanceUrl?: string;
  /** AI generator named in software tags, where no source type says so. */
  aiSoftware?: string;
  make?: string;
  model?: string;
}

type Section = Record<string, unknown>;

const AI_SOFTWARE =
  /\b(midjourney|dall[-·\s]?e|stable diffusion|firefly|imagen|gemini|titan image generator|image creator|novelai|leonardo|flux|sora|runway|ideogram|chatgpt)\b/i;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** exifr hands XMP text over with XML entities still encoded. */
function decodeEntities(value: string): string {
  return value.replace(
    /&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-f]+));/gi,
    (_m, name: string, dec?: string, hex?: string) =>
      dec
        ? String.fromCodePoint(Number(dec))
        : hex
          ? String.fromCodePoint(Number.parseInt(hex, 16))
          : (ENTITIES[name.toLowerCase()] ?? _m),
  );
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return decodeEntities(value).trim() || undefined;
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(', ') || undefined;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return text(record.value ?? record['x-default'] ?? Object.values(record)[0]);
  }
  return undefined;
}

function pick(sections: Record<string, Section>, ...paths: [string, string][]): string | undefined {
  for (const [section, key] of paths) {
    const value = text(sections[section]?.[key]);
    if (value) return value;
  }
  return undefined;
}

// exifr's ESM build (bundlers) names `sidecar` as an export; its CommonJS build (Node) only on the default.
const readXmpPacket = exifrModule.sidecar ?? exifr.sidecar;

/** Adds the XMP packet exifr cannot find (WebP, HEIF/AVIF), grouped by namespace as exifr groups its own. */
async function withContainerXmp(
  bytes: Uint8Array,
  parsed: Record<string, Section> | undefined,
): Promise<Record<string, Section> | undefined> {
  const packet = containerXmp(bytes);
  if (!packet) return parsed;
  let xmp: Record<string, Section> | undefined;
  try {
    xmp = (await readXmpPacket(packet, {}, 'xmp')) as Record<string, Section> | undefined;
  } catch {
    return parsed;
  }
  if (!xmp) return parsed;
  const merged: Record<string, Section> = { ...parsed };
  for (const [namespace, values] of Object.entries(xmp)) {
    if (namespace === 'xmlns') continue;
    const section = namespace === 'tiff' ? 'ifd0' : namespace;
    merged[section] = { ...values, ...merged[section] };
  }
  return merged;
}

/** Reads metadata claims; returns undefined for files without readable metadata (never throws for bad input). */
export async function readMetadataClaims(bytes: Uint8Array): Promise<MetadataClaims | undefined> {
  let parsed: Record<string, Section> | undefined;
  try {
    parsed = (await exifr.parse(bytes, {
      xmp: true,
      iptc: true,
      tiff: true,
      exif: true,
      ifd1: false,
      gps: false,
      icc: false,
      interop: false,
      mergeOutput: false,
      multiSegment: true,
      translateValues: false,
    })) as Record<string, Section> | undefined;
  } catch {
    parsed = undefined; // exifr does not know WebP: its XMP is read below
  }
  parsed = await withContainerXmp(bytes, parsed);
  if (!parsed) return undefined;
  const claims: MetadataClaims = {};
  const dst = pick(parsed, ['Iptc4xmpExt', 'DigitalSourceType'], ['Iptc4xmpExt', 'DigitalSourceFileType']);
  if (dst) claims.digitalSourceType = dst;
  const creator = pick(
    parsed,
    ['dc', 'creator'],
    ['iptc', 'Byline'],
    ['ifd0', 'Artist'],
    ['photoshop', 'AuthorsPosition'],
  );
  if (creator) claims.creator = creator;
  const credit = pick(
    parsed,
    ['photoshop', 'Credit'],
    ['iptc', 'Credit'],
    ['dc', 'rights'],
    ['ifd0', 'Copyright'],
  );
  if (credit) claims.creditLine = credit;
  const software = pick(parsed, ['xmp', 'CreatorTool'], ['ifd0', 'Software']);
  if (software) claims.software = software;
  const provenance = pick(parsed, ['dcterms', 'provenance']);
  if (provenance) claims.provenanceUrl = provenance;
  const make = pick(parsed, ['ifd0', 'Make']);
  const model = pick(parsed, ['ifd0', 'Model']);
  if (make) claims.make = make;
  if (model) claims.model = model;
  const aiName = [software, pick(parsed, ['dc', 'description']), pick(parsed, ['xmp', 'Label'])]
    .filter((s): s is string => Boolean(s))
    .map((s) => AI_SOFTWARE.exec(s)?.[0])
    .find(Boolean);
  if (aiName) claims.aiSoftware = aiName;
  return Object.keys(claims).length > 0 ? claims : undefined;
}

export function metadataSourceTerm(claims: MetadataClaims): ReturnType<typeof sourceTypeTerm> {
  return claims.digitalSourceType ? sourceTypeTerm(claims.digitalSourceType) : undefined;
}
