// English words for verdicts, read from the extension's English catalog, so the CLI, the report and the
// extension say the same thing; other languages translate the same message names.
import catalog from '../../public/_locales/en/messages.json' with { type: 'json' };

export interface CatalogEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
export type Catalog = Record<string, CatalogEntry>;

const ENGLISH: Catalog = catalog;

/** What browser.i18n.getMessage does over a catalog: named placeholders, then $1..$9, then "$$" → "$". */
export function localize(
  messages: Catalog,
  name: string,
  substitutions?: string | readonly string[],
): string | undefined {
  const entry = messages[name];
  if (!entry) return undefined;
  const subs =
    substitutions === undefined ? [] : typeof substitutions === 'string' ? [substitutions] : substitutions;
  const fill = (text: string) => text.replace(/\$([1-9])/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  const text = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, key: string) => {
    const placeholder = entry.placeholders?.[key.toLowerCase()];
    return placeholder ? fill(placeholder.content) : whole;
  });
  return text.replace(/\$\$/g, '$');
}

/** An English message by name; undefined when the catalog has none. */
export function english(name: string, substitutions?: string | readonly string[]): string | undefined {
  return localize(ENGLISH, name, substitutions);
}
