import { ValidationError } from '../../errors';
import type { MessageContent } from '../../model/message';
import type { ChannelKind } from '../../model/channel-kind';
import type { MessagingRuntime, LoadedTemplate } from '../messaging-runtime';
import { pickTemplateLocale } from '../templates/template-locale';
import type { TemplateScope } from '../templates/template-scope';
import type { InlineContent } from './send-request';

/** What {@link renderMessageContent} needs. */
export interface RenderInput {
  loaded: LoadedTemplate | null;
  inline: InlineContent | null;
  kind: ChannelKind;
  scope: TemplateScope;
  /** The locale asked for (the caller's, else the recipient's). */
  wantedLocale: string | null;
  tenantLocale: string;
  replyTo: string | null;
  categories: readonly string[];
}

/** Which kinds a template can serve: a webhook needs no variant (it carries the variables). */
function serves(loaded: LoadedTemplate, locale: string, kind: ChannelKind): boolean {
  return kind === 'webhook' || loaded.template.locales[locale]?.[kind] !== undefined;
}

/**
 * Renders a message for one reader: the template's variant for the channel kind in the
 * best locale, or the literal content. Throws ValidationError (path `template` or
 * `variables`) when the template has no variant for the kind or rendering fails.
 */
export function renderMessageContent(runtime: MessagingRuntime, input: RenderInput): { content: MessageContent; locale: string | null } {
  const { kind, scope } = input;
  if (input.loaded === null) {
    const inline = input.inline ?? {};
    if (kind === 'email' && inline.subject === undefined) throw ValidationError.field('content.subject', 'An email needs a subject.');
    if (kind !== 'email' && kind !== 'webhook' && inline.text === undefined) throw ValidationError.field('content.text', `A ${kind} message needs text.`);
    return {
      content: { subject: inline.subject ?? null, text: inline.text ?? null, html: kind === 'email' ? (inline.html ?? null) : null, providerTemplate: null, replyTo: input.replyTo, categories: [...input.categories] },
      locale: input.wantedLocale,
    };
  }
  const loaded = input.loaded;
  const available = Object.keys(loaded.template.locales).filter((l) => serves(loaded, l, kind));
  const locale = pickTemplateLocale(available, input.wantedLocale, input.tenantLocale);
  if (locale === null) {
    const has = available.length === 0 ? `no ${kind} variant at all` : `${kind} variants in ${available.join(', ')} only`;
    throw ValidationError.field('template', `Template "${loaded.template.id}" has ${has}, so it cannot be sent in ${input.wantedLocale ?? input.tenantLocale} over ${kind}; add a variant or set the tenant's default locale.`);
  }
  // Numbers and dates follow the text: English text for a pt-BR reader formats as English.
  const language = (l: string | null): string => (l ?? '').split('-')[0]?.toLowerCase() ?? '';
  const formatScope = language(locale) === language(input.wantedLocale) ? scope : { ...scope, formatLocale: locale };
  const render = (field: string): string | null => {
    try {
      return runtime.engine.render(loaded.compiled, `${locale}/${kind}/${field}`, formatScope);
    } catch (error) {
      const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      throw new ValidationError([{ path: 'variables', message: `Template "${loaded.template.id}" (${locale}, ${kind}.${field}) failed to render: ${detail}. Pass every variable it uses.` }], { cause: error });
    }
  };
  const renderMap = (field: string, source: Record<string, string> | undefined): Record<string, string> | null => {
    if (source === undefined) return null;
    return Object.fromEntries(Object.keys(source).map((name) => [name, render(`${field}.${name}`) ?? '']));
  };
  const variants = loaded.template.locales[locale] ?? {};
  const content: MessageContent = { subject: null, text: null, html: null, providerTemplate: null, replyTo: input.replyTo, categories: [...input.categories] };
  if (kind === 'email') {
    const email = variants.email;
    content.subject = render('subject');
    content.text = render('text');
    content.html = render('html');
    if (email?.providerTemplateId !== undefined) {
      content.providerTemplate = { id: email.providerTemplateId, variables: renderMap('providerTemplateData', email.providerTemplateData) ?? scope.variables };
    }
    content.replyTo = input.replyTo ?? email?.replyTo ?? null;
    content.categories = [...new Set([...(email?.categories ?? []), ...input.categories])].slice(0, 10);
  } else if (kind === 'whatsapp') {
    const whatsapp = variants.whatsapp;
    content.text = render('text');
    if (whatsapp?.contentSid !== undefined) content.providerTemplate = { id: whatsapp.contentSid, variables: renderMap('contentVariables', whatsapp.contentVariables) ?? {} };
  } else {
    content.text = render('text');
  }
  return { content, locale };
}
