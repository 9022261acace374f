const language = (locale: string): string => locale.split('-')[0]?.toLowerCase() ?? locale.toLowerCase();

/**
 * The locale to render in, from the locales a template has: the wanted locale, then its
 * language (`fr-CA` → `fr`, or any `fr-*`), then the tenant's default the same way.
 * Null when none fits.
 */
export function pickTemplateLocale(available: readonly string[], wanted: string | null, tenantDefault: string): string | null {
  const lower = new Map(available.map((l) => [l.toLowerCase(), l]));
  for (const candidate of [wanted, tenantDefault]) {
    if (candidate === null) continue;
    const exact = lower.get(candidate.toLowerCase());
    if (exact !== undefined) return exact;
    const base = lower.get(language(candidate));
    if (base !== undefined) return base;
    const sibling = available.find((l) => language(l) === language(candidate));
    if (sibling !== undefined) return sibling;
  }
  return null;
}
