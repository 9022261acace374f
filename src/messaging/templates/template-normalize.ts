import { ValidationError } from '../../errors';
import { parseInput } from '../../runtime/parse-input';
import { templateDefinitionSchema, type MessageTemplate, type TemplateDefinition, type TemplateVariants } from './template-definition';

/** Validates a definition's shape and turns it into the stored form (canonical locales, defaults filled). */
export function toMessageTemplate(definition: TemplateDefinition, tenantId: string | null, at: Date, version: number, basePath = ''): MessageTemplate {
  const data = parseInput(templateDefinitionSchema, definition, basePath);
  const locales: Record<string, TemplateVariants> = {};
  for (const [locale, variants] of Object.entries(data.locales)) {
    const [canonical] = Intl.getCanonicalLocales(locale);
    if (canonical === undefined) throw ValidationError.field(`${basePath ? `${basePath}.` : ''}locales.${locale}`, `"${locale}" is not a BCP 47 locale.`);
    locales[canonical] = variants;
  }
  return {
    tenantId,
    id: data.id,
    name: data.name ?? null,
    variables: data.variables ?? [],
    sendWindow: data.sendWindow ?? null,
    locales,
    updatedAt: at,
    version,
  };
}
