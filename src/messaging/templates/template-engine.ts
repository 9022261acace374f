import { Liquid, Tag, filters, type Context, type Template } from 'liquidjs';
import { ValidationError, type ValidationIssue } from '../../errors';
import type { ChannelKind } from '../../model/channel-kind';
import { formatDate } from './date-format';
import { formatMoney } from './money-format';
import { isCurrencyCode } from '../../model/money';
import type { TemplateVariants } from './template-definition';
import { unknownVariableReason, type TemplateScope } from './template-scope';

/** The liquid of one template, parsed once, keyed by `locale/kind/field` (`fr/email/html`). */
export type CompiledTemplate = ReadonlyMap<string, Template[]>;

const READER = '__tickler_reader';
interface Reader {
  locale: string;
  zone: string;
}

/** What liquid binds `this` to in a filter (the slice used here). */
interface FilterThis {
  context: Context;
}

function reader(impl: FilterThis): Reader {
  return (impl.context.globals as Record<string, Reader>)[READER] as Reader;
}

function money(this: FilterThis, value: unknown, currency?: unknown): string {
  let minor = value;
  let code = currency;
  if (typeof value === 'object' && value !== null && 'amountMinor' in value) {
    minor = (value).amountMinor;
    code = currency ?? (value as { currency?: unknown }).currency;
  }
  if (typeof minor !== 'number' || !Number.isSafeInteger(minor)) throw new Error(`money: ${JSON.stringify(minor)} is not an amount in minor units (an integer such as 12050 for 120.50).`);
  if (typeof code !== 'string' || !isCurrencyCode(code)) throw new Error(`money: ${JSON.stringify(code)} is not an ISO 4217 currency code such as EUR.`);
  return formatMoney(minor, code, reader(this).locale);
}

function date(this: FilterThis, value: unknown, format?: unknown): string {
  const { locale, zone } = reader(this);
  const text = formatDate(value, typeof format === 'string' ? format : 'medium', locale, zone);
  if (text === null) throw new Error(`date: ${JSON.stringify(value)} is not a date; give a Date, an ISO instant or YYYY-MM-DD.`);
  return text;
}

class Refused extends Tag {
  constructor(...args: ConstructorParameters<typeof Tag>) {
    super(...args);
    throw new Error(`{% ${this.name} %} is not available in tickler templates: a template cannot read other templates or files.`);
  }
  *render(): Generator<unknown, void, unknown> {
    // never constructed
  }
}

/** How a field's output is escaped: not at all, for HTML, or for Slack's mrkdwn (where `<!channel>` would ping everyone). */
type Escape = 'none' | 'html' | 'slack';

const slackEscape = (value: unknown): string => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function makeLiquid(escape: Escape): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    // `{% if invoice.paid %}` and `| default` may test a field that is absent; printing one is still an error.
    lenientIf: true,
    strictFilters: true,
    ownPropertyOnly: true,
    templates: {}, // no file system: nothing outside the template is ever read
    relativeReference: false,
    ...(escape === 'html' ? { outputEscape: 'escape' as const } : escape === 'slack' ? { outputEscape: slackEscape } : {}),
    parseLimit: 1_000_000,
    renderLimit: 2_000,
    memoryLimit: 50_000_000,
  });
  liquid.registerFilter('money', money);
  liquid.registerFilter('date', date);
  if (escape === 'html') {
    // A value already escaped by `| escape` must not be escaped again by outputEscape
    // ("O'Brien & Co" would read "O&#39;Brien &amp; Co"): these filters count as raw.
    for (const name of ['escape', 'escape_once', 'xml_escape']) {
      const handler = filters[name];
      if (typeof handler === 'function') liquid.registerFilter(name, { handler, raw: true });
    }
  }
  for (const tag of ['include', 'render', 'layout']) liquid.registerTag(tag, Refused);
  return liquid;
}

/** The liquid fields of each variant. */
const FIELDS: Record<ChannelKind, string[]> = {
  email: ['subject', 'text', 'html'],
  sms: ['text'],
  whatsapp: ['text'],
  chat: ['text'],
  webhook: ['text'],
};

/** How the output of the field at `key` (`fr/email/html`) is escaped. */
function escapeOf(key: string): Escape {
  if (key.endsWith('/email/html')) return 'html';
  if (key.endsWith('/chat/text')) return 'slack';
  return 'none';
}
const DATA_FIELDS: Partial<Record<ChannelKind, string>> = { email: 'providerTemplateData', whatsapp: 'contentVariables' };

/**
 * Liquid with tickler's rules: no tag reads files, unknown filters and variables are
 * errors, HTML bodies escape every output (and chat texts escape Slack's markup), `money`
 * and `date` format for the reader.
 */
export class TemplateEngine {
  readonly #liquids: Record<Escape, Liquid> = { none: makeLiquid('none'), html: makeLiquid('html'), slack: makeLiquid('slack') };

  /**
   * Parses every liquid field of a (shape-checked) definition and checks each variable
   * against the built-ins and the declared paths. Throws one ValidationError listing
   * every problem, with paths such as `locales.fr.email.html`.
   */
  compile(definition: { variables?: readonly string[] | undefined; locales: Record<string, TemplateVariants> }): CompiledTemplate {
    const issues: ValidationIssue[] = [];
    const compiled = new Map<string, Template[]>();
    const declared = definition.variables ?? [];
    for (const [locale, variants] of Object.entries(definition.locales)) {
      for (const [kind, variant] of Object.entries(variants) as [ChannelKind, Record<string, unknown> | undefined][]) {
        if (variant === undefined) continue;
        const sources: { key: string; path: string; text: string }[] = [];
        for (const field of FIELDS[kind]) {
          const text = variant[field];
          if (typeof text === 'string') sources.push({ key: `${locale}/${kind}/${field}`, path: `locales.${locale}.${kind}.${field}`, text });
        }
        const dataField = DATA_FIELDS[kind];
        const data = dataField === undefined ? undefined : (variant[dataField] as Record<string, string> | undefined);
        for (const [name, text] of Object.entries(data ?? {})) {
          sources.push({ key: `${locale}/${kind}/${dataField}.${name}`, path: `locales.${locale}.${kind}.${dataField}.${name}`, text });
        }
        for (const source of sources) {
          const liquid = this.#liquids[escapeOf(source.key)];
          try {
            const parsed = liquid.parse(source.text);
            for (const segments of liquid.globalVariableSegmentsSync(parsed)) {
              const reason = unknownVariableReason(segments, declared);
              if (reason !== null) issues.push({ path: source.path, message: reason });
            }
            compiled.set(source.key, parsed);
          } catch (error) {
            issues.push({ path: source.path, message: `The template does not parse: ${firstLine(error)}` });
          }
        }
      }
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return compiled;
  }

  /** Renders one field (`fr/email/html`), or returns null when the template has no such field. Throws when rendering fails. */
  render(compiled: CompiledTemplate, key: string, scope: TemplateScope): string | null {
    const parsed = compiled.get(key);
    if (parsed === undefined) return null;
    const liquid = this.#liquids[escapeOf(key)];
    // Without a customer, `customer` is absent (not null): printing `customer.name` is then an error, `{% if customer %}` is not.
    const data = { ...scope.variables, ...(scope.customer === null ? {} : { customer: scope.customer }), recipient: scope.recipient, tenant: scope.tenant, now: scope.now };
    const globals: Record<string, Reader> = { [READER]: { locale: scope.formatLocale ?? scope.recipient.locale, zone: scope.recipient.timezone } };
    return liquid.renderSync(parsed, data, { globals }) as string;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
